"""Check one loaded YAML value against its declared Field, collecting French messages."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

from generator.errors import ContentError
from generator.content.load import Located, LocatedList, SourceBool
from generator.content.schema import MAX_LENGTH, Field

_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
_URL_REFUSED = re.compile(r"[\s<>\"\\^`{|}]")
"""What no real web address holds, written as it is (a browser sends it percent-encoded): markup and spaces."""
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")



def web_address(v: str) -> str | None:
    """Return `v` parsed and rebuilt if it is an http(s) address a real site could have, else None.

    The host is a domain name (letters, digits, hyphens), the port a number; no user name or password
    before the host; nothing that no real address holds as it is (spaces, quotes, < >, backslash…)."""
    if _URL_REFUSED.search(v) or not v.isprintable():
        return None
    try:
        parts = urlsplit(v)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or "@" in parts.netloc or not parts.hostname:
        return None
    if not _HOST.fullmatch(parts.netloc.rsplit(":", 1)[0] if port is not None else parts.netloc):
        return None
    if port is not None and not 0 < port < 65536:
        return None
    if parts.path and not parts.path.startswith("/"):
        return None
    # Rebuilt from its parts, the address must come back the same (an empty « ? » or « # » at its end aside):
    # what the parser read is what every later reader will read.
    return v if parts.geturl() == v.rstrip("?#") else None


def text_problem(v: str, multiline: bool) -> str:
    """Why a text cannot go into the kits as it is (a control or invisible character), in French; "" if it can."""
    if v.isprintable():
        return ""  # every character refused below is one str.isprintable() refuses: most values end here, at C speed
    for i, ch in enumerate(v):
        if ch in "\n\t" and multiline:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Zl", "Zp") or (cat == "Cf" and ch != "\u200d") or ch in _BIDI \
                or (cat == "Cn" and (ord(ch) & 0xFFFE) == 0xFFFE):
            name = {"\n": "un retour à la ligne", "\t": "une tabulation", "\r": "un retour chariot", "\x00": "le caractère nul"}.get(
                ch, f"le caractère invisible U+{ord(ch):04X}")
            return f"{name} en position {i + 1} n’a pas sa place ici ; supprimez ce caractère ou retapez la valeur"
    return ""
_TYPE_NAMES = {
    str: "du texte", int: "un nombre entier", float: "un nombre", bool: "oui/non (true/false)",
    list: "une liste", dict: "des champs « nom: valeur »", type(None): "une valeur vide",
    dt.date: "une date", dt.datetime: "une date et une heure",
}


def kind_of(value: Any) -> str:
    """Name a YAML value's type in French."""
    if isinstance(value, SourceBool):
        return f"« {value.text} », que YAML lit comme un oui/non"
    for t, name in _TYPE_NAMES.items():
        if type(value) is t or (t in (list, dict) and isinstance(value, t)) \
                or (t is int and isinstance(value, int) and not isinstance(value, bool)):
            return name
    return type(value).__name__


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return ' (vouliez-vous dire « x » ?)' for a close match, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


class Checker:
    """Walk values against Field specs; every problem lands in `errors`."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def error(self, path: str, line: int, label: str, message: str) -> None:
        self.errors.append(ContentError(path, line, f"{label} : {message}" if label else message))

    def mapping(self, value: Any, spec: Field, path: str, line: int, label: str, context: str = "") -> bool:
        """Check a mapping and all its fields; return True if it is usable."""
        if not isinstance(value, Located):
            if value is None and not label and not context:
                self.error(path, line, "fichier", "le fichier est vide (ou ne contient que des commentaires) ; recopiez-y "
                           "une fiche existante et modifiez-la (content/README.md, partie 3)")
            elif isinstance(value, str) and (label or context):
                self.error(path, line, label or context, "des champs sont attendus en dessous, un par ligne et décalés de deux "
                           "espaces (« nom: valeur »), pas du texte")
            else:
                self.error(path, line, label or context or "fichier", f"des champs « nom: valeur » sont attendus, pas {kind_of(value)}")
            return False
        names = [c.name for c in spec.fields]
        mistyped: set[str] = set()  # required fields an unknown key was meant to be: said once, as the unknown key
        for key in value:
            if key not in names:
                close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
                mistyped.update(close)
                self.error(value.path, value.at(key), self._label(context, key),
                           f"champ inconnu{did_you_mean(key, names)}")
        for child in spec.fields:
            if child.name in value.hashed:
                self.error(value.path, value.at(child.name), self._label(context, child.name),
                           f"la valeur est vide, car un # sans guillemets commence un commentaire ; "
                           f"mettez-la entre guillemets, par exemple {child.name}: \"#41474D\"")
                continue
            if child.name not in value or value[child.name] is None:
                if child.required and child.name not in value and child.name in mistyped:
                    continue
                if child.required:
                    where = f"{context}, " if context else ""
                    self.error(value.path, value.at(child.name) if child.name in value else value.line, "",
                               f"{where}champ obligatoire « {child.name} » manquant" if child.name not in value
                               else f"{self._label(context, child.name)} : valeur obligatoire vide")
                continue
            self.value(value[child.name], child, value.path, value.at(child.name), self._label(context, child.name))
        return True

    @staticmethod
    def _label(context: str, name: str) -> str:
        return f"{context}, champ « {name} »" if context else f"champ « {name} »"

    def value(self, v: Any, spec: Field, path: str, line: int, label: str) -> None:
        k = spec.kind
        if k == "map":
            self.mapping(v, spec, path, line, label, label.replace("champ ", "") if label else "")
            return
        if k == "list":
            if not isinstance(v, LocatedList):
                if isinstance(v, dict):
                    self.error(path, line, label, "une liste est attendue, pas des champs : ajoutez « - » devant le premier "
                               "champ de chaque entrée")
                else:
                    self.error(path, line, label, f"une liste est attendue, pas {kind_of(v)} : écrivez une valeur par ligne, "
                               "chacune précédée de « - »")
                return
            assert spec.items is not None
            for i, item in enumerate(v):
                item_line = v.item_lines[i]
                if spec.items.kind == "map":
                    ctx = f"{label.replace('champ ', '')}[{i + 1}]"
                    code = item.get("code") if isinstance(item, dict) else None
                    if isinstance(code, str) and code.isprintable():
                        ctx = f"élément {code}"
                    if not isinstance(item, Located):
                        self.error(path, item_line, ctx, f"des champs « nom: valeur » sont attendus après le « - », pas {kind_of(item)}")
                        continue
                    self.mapping(item, spec.items, path, item_line, "", ctx)
                else:
                    self.value(item, spec.items, path, item_line, f"{label}[{i + 1}]")
            return
        if k in ("int", "number"):
            ok = isinstance(v, int) if k == "int" else isinstance(v, (int, float))
            if isinstance(v, (bool, SourceBool)) or not ok:
                what = "un nombre entier" if k == "int" else "un nombre"
                if isinstance(v, str) and re.fullmatch(r"-?[0-9]+,[0-9]+", v.strip()):
                    self.error(path, line, label, f"{what} est attendu avec un point décimal : {v.strip().replace(',', '.')}, pas du texte")
                elif isinstance(v, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v.strip()):
                    self.error(path, line, label, f"{what} est attendu sans guillemets : {v.strip()}, pas du texte")
                elif isinstance(v, str):
                    self.error(path, line, label, f"« {v.strip()} » n’est pas {what} ; écrivez seulement le nombre, en chiffres, "
                               "sans unité ni espace (par exemple 8000)")
                else:
                    self.error(path, line, label, f"{what} est attendu, pas {kind_of(v)}")
                return
            if v != v or v in (float("inf"), float("-inf")):
                self.error(path, line, label, "un nombre fini est attendu")
                return
            lo, hi = spec.minimum, spec.maximum
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                where = "du Bassin minier" if spec.name in ("latitude", "longitude") else "des limites"
                self.error(path, line, label, f"{v} est hors {where} (attendu entre {lo:g} et {hi:g})")
            return
        if k == "bool":
            if not isinstance(v, bool):
                self.error(path, line, label, f"true ou false est attendu, pas {kind_of(v)}")
            return
        if k == "date":
            if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
                self.error(path, line, label, "une date AAAA-MM-JJ est attendue (par exemple 2012-06-30)")
            return
        if isinstance(v, SourceBool):
            if k == "choice":
                allowed = ", ".join(f"« {c} »" for c in spec.choices)
                self.error(path, line, label, f"« {v.text} » est lu comme un oui/non{did_you_mean(v.text, spec.choices)} ; "
                           f"valeurs permises : {allowed}")
            else:
                self.error(path, line, label, f"« {v.text} » est lu comme un oui/non ; mettez-le entre guillemets : '{v.text}'")
            return
        if not isinstance(v, str):
            hint = ""
            text = getattr(v, "text", str(v))
            if k == "code" and isinstance(v, int) and spec.pattern and not re.fullmatch(spec.pattern, text):
                self.error(path, line, label, f"« {text} » n’a pas la forme attendue ({spec.pattern_hint})")
                return
            if isinstance(v, int) and not isinstance(v, bool):
                hint = f" ; mettez-le entre guillemets : \"{text}\""
            elif isinstance(v, list):
                hint = " : retirez les tirets ou les crochets (un long texte s’écrit après >-, à la ligne, décalé de deux espaces)"
            self.error(path, line, label, f"du texte est attendu, pas {kind_of(v)}{hint}")
            return
        if not v.strip():
            self.error(path, line, label, "valeur vide")
            return
        if v[0] in "\u00a0\u202f" or v[-1] in "\u00a0\u202f":
            self.error(path, line, label, "espace insécable en début ou en fin de valeur, invisible mais qui fausse la "
                       "comparaison des noms ; supprimez-la")
            return
        problem = text_problem(v, multiline=k == "text")
        if problem:
            self.error(path, line, label, problem)
            return
        limit = spec.max_length or MAX_LENGTH.get(k, 300)
        if len(v) > limit:
            self.error(path, line, label, f"texte trop long ({len(v)} caractères ; {limit} au plus)")
            return
        if k == "choice" and v not in spec.choices:
            allowed = ", ".join(f"« {c} »" for c in spec.choices)
            self.error(path, line, label, f"« {v} » n’est pas une valeur permise{did_you_mean(v, spec.choices)} ; valeurs permises : {allowed}")
        elif k == "url" and not (web_address(v) or (v.startswith("mailto:") and EMAIL.fullmatch(v[7:]))):
            if v.startswith(("http://", "https://", "mailto:")):
                self.error(path, line, label, f"« {v} » n’est pas une adresse web valide (un nom de domaine après http:// "
                           "ou https://, une adresse électronique après mailto: ; ni espace, ni guillemets, ni < > { } | \\ ^ `)")
            else:
                self.error(path, line, label, f"« {v} » n’est pas une adresse web valide (http://, https:// ou mailto: attendu)")
        elif k == "email" and not EMAIL.fullmatch(v):
            self.error(path, line, label, f"« {v} » n’est pas une adresse électronique valide")
        elif spec.pattern and not re.fullmatch(spec.pattern, v):
            if v[:1] in "‘’“”«" or v[-1:] in "‘’“”»":
                self.error(path, line, label, f"« {v} » : les guillemets ‘ ’ ou “ ” d’un traitement de texte ne comptent pas ; "
                           f"tapez des guillemets droits : '{v.strip('‘’“”«» ')}'")
            else:
                self.error(path, line, label, f"« {v} » n’a pas la forme attendue ({spec.pattern_hint})")
