"""WordPress's `wp_kses_post`, ported to Python: what a post keeps when its editor lacks `unfiltered_html`.

Followed line by line from WordPress/wordpress-develop, `src/wp-includes/kses.php`, the version with
`wp_kses_transform_custom_data_attribute_name` (@since 6.6.0) and `safecss_filter_attr` @since
6.5.0 (background-repeat); stored commit 00173ee72ec5987c1e3a00d66ea01cc4f91a9899:
`$allowedposttags` with `_wp_add_global_attributes`, `wp_kses`, `wp_kses_split`/`split2`,
`wp_kses_attr`, `wp_kses_hair`, `wp_kses_attr_check`, `wp_kses_check_attr_val`,
`wp_kses_bad_protocol`(`_once`, `_once2`), `wp_kses_normalize_entities`, `safecss_filter_attr`.
`wp_allowed_protocols()` is the list of `src/wp-includes/functions.php` (5.6 and later).

Not ported: plugin hooks (`wp_kses_allowed_html`, `safe_style_css`, …) and core's two `pre_kses`
callbacks (`wp_pre_kses_less_than`, which escapes a lone « < » that starts no tag, and
`wp_pre_kses_block_attributes`, for block comments): escaped snippets contain neither.

One deliberate reading: the stored `wp_kses_attr_check` tests the camel-cased dataset name against
`/^[a-z0-9_-]+$/` without the `i` flag, which would drop `data-two-hyphens`; WordPress's own unit
tests (tests/phpunit/tests/kses.php, `test_wp_kses_attr_data_attribute_is_allowed`, and
`test_wp_kses_attr_data_attribute_hypens_allowed` keeping `data-middle--double`) say it stays, as it
did before 6.6 (`/^data(?:-[a-z0-9_]+)+$/`). The port follows the tests: case-insensitive.
"""

from __future__ import annotations

import re
from typing import Any

ALLOWED_PROTOCOLS = ("http", "https", "ftp", "ftps", "mailto", "news", "irc", "irc6", "ircs", "gopher", "nntp",
                     "feed", "telnet", "mms", "rtsp", "sms", "svn", "tel", "fax", "xmpp", "webcal", "urn")

_T = True
_POST_TAGS: dict[str, dict[str, Any]] = {
    "address": {},
    "a": {"href": _T, "rel": _T, "rev": _T, "name": _T, "target": _T, "download": {"valueless": "y"}},
    "abbr": {}, "acronym": {},
    "area": {"alt": _T, "coords": _T, "href": _T, "nohref": _T, "shape": _T, "target": _T},
    "article": {"align": _T}, "aside": {"align": _T},
    "audio": {"autoplay": _T, "controls": _T, "loop": _T, "muted": _T, "preload": _T, "src": _T},
    "b": {}, "bdo": {}, "big": {},
    "blockquote": {"cite": _T},
    "br": {},
    "button": {"disabled": _T, "name": _T, "type": _T, "value": _T},
    "caption": {"align": _T},
    "cite": {}, "code": {},
    "col": {"align": _T, "char": _T, "charoff": _T, "span": _T, "valign": _T, "width": _T},
    "colgroup": {"align": _T, "char": _T, "charoff": _T, "span": _T, "valign": _T, "width": _T},
    "del": {"datetime": _T},
    "dd": {}, "dfn": {},
    "details": {"align": _T, "open": _T},
    "div": {"align": _T},
    "dl": {}, "dt": {}, "em": {}, "fieldset": {},
    "figure": {"align": _T}, "figcaption": {"align": _T},
    "font": {"color": _T, "face": _T, "size": _T},
    "footer": {"align": _T},
    "h1": {"align": _T}, "h2": {"align": _T}, "h3": {"align": _T}, "h4": {"align": _T}, "h5": {"align": _T}, "h6": {"align": _T},
    "header": {"align": _T}, "hgroup": {"align": _T},
    "hr": {"align": _T, "noshade": _T, "size": _T, "width": _T},
    "i": {},
    "img": {"alt": _T, "align": _T, "border": _T, "height": _T, "hspace": _T, "loading": _T, "longdesc": _T,
            "vspace": _T, "src": _T, "usemap": _T, "width": _T},
    "ins": {"datetime": _T, "cite": _T},
    "kbd": {},
    "label": {"for": _T},
    "legend": {"align": _T},
    "li": {"align": _T, "value": _T},
    "main": {"align": _T},
    "map": {"name": _T},
    "mark": {},
    "menu": {"type": _T},
    "nav": {"align": _T},
    "object": {"data": {"required": True, "value_callback": "_wp_kses_allow_pdf_objects"},
               "type": {"required": True, "values": ["application/pdf"]}},
    "p": {"align": _T},
    "pre": {"width": _T},
    "q": {"cite": _T},
    "rb": {}, "rp": {}, "rt": {}, "rtc": {}, "ruby": {}, "s": {}, "samp": {},
    "span": {"align": _T},
    "section": {"align": _T},
    "small": {}, "strike": {}, "strong": {}, "sub": {},
    "summary": {"align": _T},
    "sup": {},
    "table": {"align": _T, "bgcolor": _T, "border": _T, "cellpadding": _T, "cellspacing": _T, "rules": _T,
              "summary": _T, "width": _T},
    "tbody": {"align": _T, "char": _T, "charoff": _T, "valign": _T},
    "td": {"abbr": _T, "align": _T, "axis": _T, "bgcolor": _T, "char": _T, "charoff": _T, "colspan": _T, "headers": _T,
           "height": _T, "nowrap": _T, "rowspan": _T, "scope": _T, "valign": _T, "width": _T},
    "textarea": {"cols": _T, "rows": _T, "disabled": _T, "name": _T, "readonly": _T},
    "tfoot": {"align": _T, "char": _T, "charoff": _T, "valign": _T},
    "th": {"abbr": _T, "align": _T, "axis": _T, "bgcolor": _T, "char": _T, "charoff": _T, "colspan": _T, "headers": _T,
           "height": _T, "nowrap": _T, "rowspan": _T, "scope": _T, "valign": _T, "width": _T},
    "thead": {"align": _T, "char": _T, "charoff": _T, "valign": _T},
    "title": {},
    "tr": {"align": _T, "bgcolor": _T, "char": _T, "charoff": _T, "valign": _T},
    "track": {"default": _T, "kind": _T, "label": _T, "src": _T, "srclang": _T},
    "tt": {}, "u": {},
    "ul": {"type": _T},
    "ol": {"start": _T, "type": _T, "reversed": _T},
    "var": {},
    "video": {"autoplay": _T, "controls": _T, "height": _T, "loop": _T, "muted": _T, "playsinline": _T, "poster": _T,
              "preload": _T, "src": _T, "width": _T},
}

GLOBAL_ATTRIBUTES = {name: True for name in (
    "aria-controls", "aria-current", "aria-describedby", "aria-details", "aria-expanded", "aria-hidden", "aria-label",
    "aria-labelledby", "aria-live", "class", "data-*", "dir", "hidden", "id", "lang", "style", "title", "role", "xml:lang")}

ALLOWED_POST_TAGS = {tag: {**attrs, **GLOBAL_ATTRIBUTES} for tag, attrs in _POST_TAGS.items()}
"""$allowedposttags after array_map( '_wp_add_global_attributes', … )."""

ALLOWED_ENTITY_NAMES = frozenset("""
nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn acute micro para middot
cedil ordm raquo iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute
Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave
aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute
ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml quot amp lt gt apos OElig oelig Scaron
scaron Yuml circ tilde ensp emsp thinsp zwnj zwj lrm rlm ndash mdash lsquo rsquo sbquo ldquo rdquo bdquo dagger Dagger
permil lsaquo rsaquo euro fnof Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho
Sigma Tau Upsilon Phi Chi Psi Omega alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi
rho sigmaf sigma tau upsilon phi chi psi omega thetasym upsih piv bull hellip prime Prime oline frasl weierp image real
trade alefsym larr uarr rarr darr harr crarr lArr uArr rArr dArr hArr forall part exist empty nabla isin notin ni prod
sum minus lowast radic prop infin ang and or cap cup int sim cong asymp ne equiv le ge sub sup nsub sube supe oplus
otimes perp sdot lceil rceil lfloor rfloor lang rang loz spades clubs hearts diams sup1 sup2 sup3 frac14 frac12 frac34
there4
""".split())

URI_ATTRIBUTES = ("action", "archive", "background", "cite", "classid", "codebase", "data", "formaction", "href", "icon",
                  "longdesc", "manifest", "poster", "profile", "src", "usemap", "xmlns")
"""wp_kses_uri_attributes()."""

SAFE_STYLE_CSS = (
    "background", "background-color", "background-image", "background-position", "background-repeat", "background-size",
    "background-attachment", "background-blend-mode",
    "border", "border-radius", "border-width", "border-color", "border-style", "border-right", "border-right-color",
    "border-right-style", "border-right-width", "border-bottom", "border-bottom-color", "border-bottom-left-radius",
    "border-bottom-right-radius", "border-bottom-style", "border-bottom-width", "border-bottom-right-radius",
    "border-bottom-left-radius", "border-left", "border-left-color", "border-left-style", "border-left-width",
    "border-top", "border-top-color", "border-top-left-radius", "border-top-right-radius", "border-top-style",
    "border-top-width", "border-top-left-radius", "border-top-right-radius",
    "border-spacing", "border-collapse", "caption-side",
    "columns", "column-count", "column-fill", "column-gap", "column-rule", "column-span", "column-width",
    "color", "filter", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight", "letter-spacing",
    "line-height", "text-align", "text-decoration", "text-indent", "text-transform",
    "height", "min-height", "max-height",
    "width", "min-width", "max-width",
    "margin", "margin-right", "margin-bottom", "margin-left", "margin-top", "margin-block-start", "margin-block-end",
    "margin-inline-start", "margin-inline-end",
    "padding", "padding-right", "padding-bottom", "padding-left", "padding-top", "padding-block-start",
    "padding-block-end", "padding-inline-start", "padding-inline-end",
    "flex", "flex-basis", "flex-direction", "flex-flow", "flex-grow", "flex-shrink", "flex-wrap",
    "gap", "column-gap", "row-gap",
    "grid-template-columns", "grid-auto-columns", "grid-column-start", "grid-column-end", "grid-column-gap",
    "grid-template-rows", "grid-auto-rows", "grid-row-start", "grid-row-end", "grid-row-gap", "grid-gap",
    "justify-content", "justify-items", "justify-self", "align-content", "align-items", "align-self",
    "clear", "cursor", "direction", "float", "list-style-type", "object-fit", "object-position", "overflow",
    "vertical-align", "writing-mode",
    "position", "top", "right", "bottom", "left", "z-index", "box-shadow", "aspect-ratio",
    "--*",
)
"""The default 'safe_style_css' list of safecss_filter_attr."""

CSS_URL_DATA_TYPES = ("background", "background-image", "cursor", "filter", "list-style", "list-style-image")
CSS_GRADIENT_DATA_TYPES = ("background", "background-image")

_PHP_TRIM = " \t\n\r\0\x0b"


def wp_kses_post(data: str) -> str:
    return wp_kses(data, ALLOWED_POST_TAGS, ALLOWED_PROTOCOLS)


def wp_kses(content: str, allowed_html: dict[str, dict[str, Any]], allowed_protocols: tuple[str, ...]) -> str:
    content = wp_kses_no_null(content, keep_slash_zero=True)
    content = wp_kses_normalize_entities(content)
    return wp_kses_split(content, allowed_html, allowed_protocols)


def wp_kses_split(content: str, allowed_html: dict[str, dict[str, Any]], allowed_protocols: tuple[str, ...]) -> str:
    return re.sub(r"(<!--.*?(-->|$))|(<[^>]*(>|$)|>)",
                  lambda m: wp_kses_split2(m.group(0), allowed_html, allowed_protocols), content)


def wp_kses_split2(content: str, allowed_html: dict[str, dict[str, Any]], allowed_protocols: tuple[str, ...]) -> str:
    content = re.sub(r'\\"', '"', content)  # wp_kses_stripslashes
    if not content.startswith("<"):
        return "&gt;"  # It matched a ">" character.
    if content.startswith("<!--"):
        content = content.replace("<!--", "").replace("-->", "")
        while (newstring := wp_kses(content, allowed_html, allowed_protocols)) != content:
            content = newstring
        if content == "":
            return ""
        content = re.sub(r"--+", "-", content)
        content = re.sub(r"-$", "", content)
        return f"<!--{content}-->"
    m = re.match(r"^<\s*(/\s*)?([a-zA-Z0-9-]+)([^>]*)>?$", content)
    if not m:
        return ""  # It's seriously malformed.
    slash, elem, attrlist = (m.group(1) or "").strip(), m.group(2), m.group(3)
    if elem.lower() not in allowed_html:
        return ""
    if slash:
        return f"</{elem}>"
    return wp_kses_attr(elem, attrlist, allowed_html, allowed_protocols)


def wp_kses_attr(element: str, attr: str, allowed_html: dict[str, dict[str, Any]], allowed_protocols: tuple[str, ...]) -> str:
    xhtml_slash = " /" if re.search(r"\s*/\s*$", attr) else ""
    element_low = element.lower()
    if not allowed_html.get(element_low):
        return f"<{element}{xhtml_slash}>"
    attrarr = wp_kses_hair(attr, allowed_protocols)
    required_attrs = {k for k, v in allowed_html[element_low].items() if isinstance(v, dict) and v.get("required") is True}
    stripped_tag = "" if xhtml_slash else f"<{element}>"
    attr2 = ""
    for each in attrarr.values():
        required = each["name"].lower() in required_attrs
        ok, whole = wp_kses_attr_check(each["name"], each["value"], each["whole"], each["vless"], element, allowed_html)
        if ok:
            attr2 += " " + whole
            required_attrs.discard(each["name"].lower())
        elif required:
            return stripped_tag
    if required_attrs:
        return stripped_tag
    attr2 = re.sub(r"[<>]", "", attr2)
    return f"<{element}{attr2}{xhtml_slash}>"


def wp_kses_attr_check(name: str, value: str, whole: str, vless: str, element: str,
                       allowed_html: dict[str, dict[str, Any]]) -> tuple[bool, str]:
    """Return (allowed, the attribute as it is written back)."""
    name_low, element_low = name.lower(), element.lower()
    if element_low not in allowed_html:
        return False, ""
    allowed_attr = dict(allowed_html[element_low])
    if name_low not in allowed_attr or allowed_attr[name_low] == "":
        dataset_name = wp_kses_transform_custom_data_attribute_name(name)
        # See the module docstring: case-insensitive, as WordPress's unit tests require.
        allowable = dataset_name is not None and re.match(r"^[a-z0-9_-]+$", dataset_name, re.I) is not None
        if allowable and allowed_attr.get("data-*"):
            allowed_attr[name_low] = allowed_attr["data-*"]
        else:
            return False, ""
    if name_low == "style":
        new_value = safecss_filter_attr(value)
        if not new_value:
            return False, ""
        whole = whole.replace(value, new_value)
        value = new_value
    checks = allowed_attr[name_low]
    if isinstance(checks, dict):
        for key, val in checks.items():
            if not wp_kses_check_attr_val(value, vless, key, val):
                return False, ""
    return True, whole


def wp_kses_transform_custom_data_attribute_name(raw: str) -> str | None:
    m = re.match(r"^data-(?P<custom_name>[^=/> \t\f\r\n]+)$", raw)
    if not m:
        return None
    return re.sub(r"-[a-z]", lambda d: d.group(0)[1].upper(), m.group("custom_name"))


def wp_kses_check_attr_val(value: str, vless: str, checkname: str, checkvalue: Any) -> bool:
    name = checkname.lower()
    if name == "maxlen":
        return len(value.encode()) <= checkvalue
    if name == "minlen":
        return len(value.encode()) >= checkvalue
    if name in ("maxval", "minval"):
        if not re.match(r"^\s{0,6}[0-9]{1,6}\s{0,6}$", value):
            return False
        return int(value) <= checkvalue if name == "maxval" else int(value) >= checkvalue
    if name == "valueless":
        return checkvalue.lower() == vless
    if name == "values":
        return value.lower() in checkvalue
    if name == "value_callback":
        return False  # only _wp_kses_allow_pdf_objects, for uploads of the WordPress site itself
    return True


def wp_kses_hair(attr: str, allowed_protocols: tuple[str, ...]) -> dict[str, dict[str, str]]:
    attrarr: dict[str, dict[str, str]] = {}
    mode = 0
    attrname = ""
    while len(attr) != 0:
        working = 0
        if mode == 0:
            m = re.match(r"^([_a-zA-Z][-_a-zA-Z0-9:.]*)", attr)
            if m:
                attrname = m.group(1)
                working, mode = 1, 1
                attr = re.sub(r"^[_a-zA-Z][-_a-zA-Z0-9:.]*", "", attr, count=1)
        elif mode == 1:
            if re.match(r"^\s*=\s*", attr):
                working, mode = 1, 2
                attr = re.sub(r"^\s*=\s*", "", attr, count=1)
            elif re.match(r"^\s+", attr):
                working, mode = 1, 0
                attrarr.setdefault(attrname, {"name": attrname, "value": "", "whole": attrname, "vless": "y"})
                attr = re.sub(r"^\s+", "", attr, count=1)
        elif mode == 2:
            for quote, pattern, rest in (('"', r'^"([^"]*)"(\s+|/?$)', r'^"[^"]*"(\s+|$)'),
                                         ("'", r"^'([^']*)'(\s+|/?$)", r"^'[^']*'(\s+|$)"),
                                         ("", r"^([^\s\"']+)(\s+|/?$)", r"^[^\s\"']+(\s+|$)")):
                m = re.match(pattern, attr)
                if not m:
                    continue
                thisval = m.group(1)
                if attrname.lower() in URI_ATTRIBUTES:
                    thisval = wp_kses_bad_protocol(thisval, allowed_protocols)
                q = quote or '"'  # We add quotes to conform to W3C's HTML spec.
                attrarr.setdefault(attrname, {"name": attrname, "value": thisval, "whole": f"{attrname}={q}{thisval}{q}", "vless": "n"})
                working, mode = 1, 0
                attr = re.sub(rest, "", attr, count=1)
                break
        if working == 0:  # Not well-formed, remove and try again.
            attr = re.sub(r"^(\"[^\"]*(\"|$)|'[^']*('|$)|\S)*\s*", "", attr, count=1)
            mode = 0
    if mode == 1 and attrname not in attrarr:
        attrarr[attrname] = {"name": attrname, "value": "", "whole": attrname, "vless": "y"}
    return attrarr


def wp_kses_no_null(content: str, keep_slash_zero: bool = False) -> str:
    content = re.sub(r"[\x00-\x08\x0B\x0C\x0E-\x1F]", "", content)
    if not keep_slash_zero:
        content = re.sub(r"\\+0+", "", content)
    return content


def wp_kses_bad_protocol(content: str, allowed_protocols: tuple[str, ...]) -> str:
    content = wp_kses_no_null(content)
    if (content.startswith("https://") and "https" in allowed_protocols) or (content.startswith("http://") and "http" in allowed_protocols):
        return content
    iterations = 0
    while True:
        original = content
        content = wp_kses_bad_protocol_once(content, allowed_protocols)
        iterations += 1
        if not (original != content and iterations < 6):
            break
    return "" if original != content else content


def wp_kses_bad_protocol_once(content: str, allowed_protocols: tuple[str, ...], count: int = 1) -> str:
    content = re.sub(r"(&#0*58(?![;0-9])|&#x0*3a(?![;a-f0-9]))", r"\1;", content, flags=re.I)
    parts = re.split(r":|&#0*58;|&#x0*3a;|&colon;", content, maxsplit=1, flags=re.I)
    if len(parts) == 2 and not re.search(r"/\?", parts[0]):
        content = parts[1].strip(_PHP_TRIM)
        protocol = wp_kses_bad_protocol_once2(parts[0], allowed_protocols)
        if protocol == "feed:":
            if count > 2:
                return ""
            content = wp_kses_bad_protocol_once(content, allowed_protocols, count + 1)
            if not content:
                return content
        content = protocol + content
    return content


def wp_kses_bad_protocol_once2(scheme: str, allowed_protocols: tuple[str, ...]) -> str:
    scheme = re.sub(r"&#([0-9]+);", lambda m: chr(int(m.group(1)) % 256), scheme)  # wp_kses_decode_entities (PHP chr)
    scheme = re.sub(r"&#[Xx]([0-9A-Fa-f]+);", lambda m: chr(int(m.group(1), 16) % 256), scheme)
    scheme = wp_kses_no_null(re.sub(r"\s", "", scheme)).lower()
    return f"{scheme}:" if scheme in (p.lower() for p in allowed_protocols) else ""


def _valid_unicode(i: int) -> bool:
    return i in (0x9, 0xA, 0xD) or 0x20 <= i <= 0xD7FF or 0xE000 <= i <= 0xFFFD or 0x10000 <= i <= 0x10FFFF


def wp_kses_normalize_entities(content: str) -> str:
    content = content.replace("&", "&amp;")
    content = re.sub(r"&amp;([A-Za-z]{2,8}[0-9]{0,2});",
                     lambda m: f"&{m.group(1)};" if m.group(1) in ALLOWED_ENTITY_NAMES else f"&amp;{m.group(1)};", content)

    def decimal(m: re.Match[str]) -> str:
        i = m.group(1)
        return f"&#{i.lstrip('0').rjust(3, '0')};" if _valid_unicode(int(i)) else f"&amp;#{i};"

    def hexadecimal(m: re.Match[str]) -> str:
        h = m.group(1)
        return f"&#x{h.lstrip('0')};" if _valid_unicode(int(h, 16)) else f"&amp;#x{h};"

    content = re.sub(r"&amp;#(0*[0-9]{1,7});", decimal, content)
    return re.sub(r"&amp;#[Xx](0*[0-9A-Fa-f]{1,6});", hexadecimal, content)


_CSS_FUNCTION = re.compile(r"\b(?:var|calc|min|max|minmax|clamp|repeat)\(")


def _strip_css_functions(s: str) -> str:
    """preg_replace('/\\b(?:var|calc|min|max|minmax|clamp|repeat)(\\((?:[^()]|(?1))*\\))/', '', …): balanced calls only."""
    out, pos = [], 0
    while (m := _CSS_FUNCTION.search(s, pos)) is not None:
        depth, i = 0, m.end() - 1
        while i < len(s):
            depth += {"(": 1, ")": -1}.get(s[i], 0)
            if depth == 0:
                break
            i += 1
        if depth == 0:
            out.append(s[pos:m.start()])
            pos = i + 1
        else:
            out.append(s[pos:m.end()])
            pos = m.end()
    out.append(s[pos:])
    return "".join(out)


def safecss_filter_attr(css: str) -> str:
    css = wp_kses_no_null(css).replace("\n", "").replace("\r", "").replace("\t", "")
    allowed_attr = list(SAFE_STYLE_CSS)
    css_array = css.strip(_PHP_TRIM).split(";")
    out = ""
    parts: list[str] = []
    for css_item in css_array:
        if css_item == "":
            continue
        css_item = css_item.strip(_PHP_TRIM)
        test = css_item
        found = url_attr = gradient_attr = is_custom_var = False
        if ":" not in css_item:
            found = True
        else:
            parts = css_item.split(":", 1)
            selector = parts[0].strip(_PHP_TRIM)
            if "--*" in allowed_attr and re.match(r"^--[a-zA-Z0-9_-]+$", selector):
                allowed_attr.append(selector)
                is_custom_var = True
            if selector in allowed_attr:
                found = True
                url_attr = selector in CSS_URL_DATA_TYPES
                gradient_attr = selector in CSS_GRADIENT_DATA_TYPES
            if is_custom_var:
                value = parts[1].strip(_PHP_TRIM)
                url_attr = value.startswith("url(")
                gradient_attr = "-gradient(" in value
        if found and url_attr:
            for url_match in re.findall(r"url\([^)]+\)", parts[1]):
                pieces = re.match(r"^url\(\s*(['\"]?)(.*)(\1)\s*\)$", url_match)
                if not pieces or not pieces.group(2):
                    found = False
                    break
                url = pieces.group(2).strip(_PHP_TRIM)
                if not url or wp_kses_bad_protocol(url, ALLOWED_PROTOCOLS) != url:
                    found = False
                    break
                test = test.replace(url_match, "")
        if found and gradient_attr:
            value = parts[1].strip(_PHP_TRIM)
            if re.match(r"^(repeating-)?(linear|radial|conic)-gradient\(([^()]|rgb[a]?\([^()]*\))*\)$", value):
                test = test.replace(value, "")
        if found:
            test = _strip_css_functions(test)
            if not re.search(r"[\\(&=}]|/\*", test):
                out += (";" if out else "") + css_item
    return out
