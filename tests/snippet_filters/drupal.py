"""Drupal's "Basic HTML" text format, as the standard install profile of Drupal 10 and 11 ships it.

Configuration: core/profiles/standard/config/install/filter.format.basic_html.yml (Drupal 10/11):
filter_html (weight -10) with the allowed_html below, filter_align (7), filter_caption (8),
filter_html_image_secure (9), editor_file_reference (11), filter_image_lazy_load (15).

What each filter does here, after core/modules/filter/src/Plugin/Filter/:
- FilterHtml: Xss::filter() keeps only the allowed tags (a tag that is not allowed goes, its content
  stays), drops every on* attribute and strips dangerous URL protocols from attribute values
  (UrlHelper::filterBadProtocol, with system.filter's protocols; data-*, title, alt, rel, property,
  class and datetime are not URLs and are left alone). Then filterAttributes() keeps, on each
  allowed tag, only the attributes its allow-list names, plus `lang` and `dir="ltr|rtl"` everywhere;
  `style` and `on*` are always forbidden (FilterHtml::getHTMLRestrictions, the `*` entry).
- FilterHtmlImageSecure ("Restrict images to this site"): an <img> whose src is not a file of the
  Drupal site itself is replaced by core/misc/icons/e32700/error.svg, alt « Image removed. », a title
  explaining why, 16 × 16 (filter_filter_secure_image_alter).
- FilterImageLazyLoad: adds loading="lazy" to an <img> that has width and height.
- filter_align / filter_caption / editor_file_reference only act on data-align, data-caption and
  data-entity-*: the snippets carry none. filter_htmlcorrector is not in this format; parsing and
  serialising with html5lib stands for the DOM round trip Drupal's filters make (Html::load/serialize).
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote
from xml.dom.minidom import Document, Element, Node

import html5lib

ALLOWED_HTML = ("<br> <p> <h2 id> <h3 id> <h4 id> <h5 id> <h6 id> <cite> <dl> <dt> <dd> <a hreflang href> "
                "<blockquote cite> <ul type> <ol start type> <strong> <em> <code> <li> "
                "<img src alt data-entity-uuid data-entity-type height width data-caption data-align>")

PROTOCOLS = ("http", "https", "ftp", "news", "nntp", "tel", "telnet", "mailto", "irc", "ssh", "sftp", "webcal", "rtsp")
"""core/modules/system/config/install/system.filter.yml."""

GLOBAL = {"lang": True, "dir": {"ltr", "rtl"}}
NOT_URLS = ("title", "alt", "rel", "property", "class", "datetime")
ERROR_IMAGE = "/core/misc/icons/e32700/error.svg"
IMAGE_REMOVED_ALT = "Image removed."
IMAGE_REMOVED_TITLE = "This image has been removed. For security reasons, only images from the local domain are allowed."


def allowed_tags(allowed_html: str = ALLOWED_HTML) -> dict[str, set[str]]:
    """Parse `<tag attr attr>` lists into {tag: {attributes}}."""
    return {m.group(1).lower(): set(m.group(2).split()) for m in re.finditer(r"<([a-z0-9]+)([^>]*)>", allowed_html)}


def strip_dangerous_protocols(uri: str) -> str:
    """UrlHelper::stripDangerousProtocols."""
    while True:
        before = uri
        colon = uri.find(":")
        if colon > 0:
            protocol = uri[:colon]
            if re.search(r"[/?#]", protocol):
                break
            if protocol.lower() not in PROTOCOLS:
                uri = uri[colon + 1:]
        if before == uri:
            break
    return uri


def basic_html(text: str, site_origin: str | None = "https://www.mairie.example") -> str:
    """Filter `text` as Basic HTML on a Drupal site at `site_origin` (None: skip "Restrict images to this site")."""
    fragment = html5lib.parseFragment(text, treebuilder="dom", namespaceHTMLElements=False)
    allowed = allowed_tags()
    _filter(fragment, allowed)
    for img in list(_elements(fragment, "img")):
        if site_origin is not None and not _local(img.getAttribute("src"), site_origin):
            for name in list(img.attributes.keys()):
                img.removeAttribute(name)
            img.setAttribute("src", ERROR_IMAGE)
            img.setAttribute("alt", IMAGE_REMOVED_ALT)
            img.setAttribute("title", IMAGE_REMOVED_TITLE)
            img.setAttribute("height", "16")
            img.setAttribute("width", "16")
        if img.hasAttribute("width") and img.hasAttribute("height") and not img.hasAttribute("loading"):
            img.setAttribute("loading", "lazy")
    return html5lib.serialize(fragment, tree="dom", quote_attr_values="always", omit_optional_tags=False,
                              use_trailing_solidus=False, resolve_entities=False)


def _local(src: str, origin: str) -> bool:
    # transformRelative() drops the scheme and host only when they are the site's own; what stays
    # absolute is not under base_path(), hence not a local file.
    return unquote(src).startswith(origin.rstrip("/") + "/")


def _elements(node: Node, tag: str) -> list[Element]:
    return [n for n in _walk(node) if n.nodeType == Node.ELEMENT_NODE and n.tagName == tag]


def _walk(node: Node) -> list[Node]:
    out = []
    for child in list(node.childNodes):
        out.append(child)
        out.extend(_walk(child))
    return out


def _filter(node: Node, allowed: dict[str, set[str]]) -> None:
    for child in list(node.childNodes):
        if child.nodeType == Node.COMMENT_NODE:
            node.removeChild(child)
            continue
        if child.nodeType != Node.ELEMENT_NODE:
            continue
        _filter(child, allowed)
        tag = child.tagName.lower()
        if tag not in allowed:
            # Xss::filter removes the tag, not what it holds.
            for grandchild in list(child.childNodes):
                node.insertBefore(grandchild, child)
            node.removeChild(child)
            continue
        for name in list(child.attributes.keys()):
            value = child.getAttribute(name)
            lname = name.lower()
            keep = (lname in allowed[tag] or lname in GLOBAL) and lname != "style" and not lname.startswith("on")
            if keep and isinstance(GLOBAL.get(lname), set) and lname not in allowed[tag]:
                keep = value in GLOBAL[lname]
            if not keep:
                child.removeAttribute(name)
            elif not (lname.startswith("data-") or lname in NOT_URLS):
                child.setAttribute(name, strip_dangerous_protocols(html.unescape(value)))


def document(fragment_html: str) -> Document:
    return html5lib.parseFragment(fragment_html, treebuilder="dom", namespaceHTMLElements=False)
