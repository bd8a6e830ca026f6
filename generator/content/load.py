"""Read content/*.yml safely into mappings that remember their file and line."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, ContentErrors, system_error

MAX_YAML_BYTES = 1_000_000
"""A commune record is a few kB; anything near 1 MB is a mistake or an attack."""


class Located(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the file and line it came from."""

    path: str
    line: int
    key_lines: dict[str, int]
    hashed: "set[str] | frozenset[str]" = frozenset()
    """Keys left empty by a « # » right after them (« gris: #41474D »): YAML reads it as a comment."""

    def at(self, key: str | None = None) -> int:
        """Return the line of `key`, or of the mapping itself."""
        return self.key_lines.get(key, self.line) if key is not None else self.line


class LocatedList(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers the line of each item."""

    path: str
    line: int
    item_lines: list[int]


_NO_ALIAS = "les alias YAML (*nom) ne sont pas acceptés ; recopiez la valeur"
_SYNTAX_HINTS = {
    "mapping values are not allowed": "« : » inattendu ; une valeur qui contient « : » doit être entre guillemets",
    "could not find expected ':'": "« : » attendu après le nom du champ",
    "found unexpected end of stream": "guillemet non refermé",
    "did not find expected key": "indentation incohérente ou guillemet en trop",
    "did not find expected '-' indicator": "indentation incohérente dans une liste",
    "did not find expected ',' or ']'": "crochet « ] » non refermé",
    "did not find expected ',' or '}'": "accolade « } » non refermée",
    "found undefined alias": _NO_ALIAS,
    "cannot start any token": "caractère inattendu en début de valeur ; mettez la valeur entre guillemets",
    "found invalid Unicode character escape code": "code de caractère impossible après \\u ou \\x entre guillemets",
    "found unknown escape character": "échappement inconnu après une barre oblique inverse entre guillemets ; "
                                      "doublez-la (\\\\) ou mettez la valeur entre apostrophes",
    "expected escape sequence of": "code de caractère incomplet après \\u ou \\x entre guillemets",
    "could not determine a constructor": "étiquette YAML (!!…) non acceptée ; retirez-la, une fiche ne contient que du texte, "
                                         "des nombres, des dates, des listes et des champs",
    "but found another document": "un seul document par fichier : supprimez la ligne « --- » et ce qui la suit, "
                                  "ou faites-en une autre fiche",
    "exceeded maximum nesting depth": "imbrication trop profonde (listes ou champs les uns dans les autres "
                                      "des centaines de fois) ; ce n’est pas une fiche",
    "expected a single document": "un seul document par fichier : supprimez la ligne « --- » et ce qui la suit, "
                                  "ou faites-en une autre fiche",
}


def _field_at(text: str, line: int) -> str:
    """« champ « nom » : » when the line (1-based) starts with a field's name, else ""."""
    lines = text.split("\n")
    key = re.match(r"\s*(?:-\s+)?([\w-]+)\s*:", lines[line - 1]) if 0 < line <= len(lines) else None
    return f"champ « {key[1]} » : " if key else ""


_TAB_HINT = "tabulation interdite : indentez avec des espaces"


def _misaligned(lines: list[str], index: int) -> str:
    """« type: » indented deeper than the field above it, which has a value: YAML reads it as part of that
    value and then stumbles on its « : ». Said as what it is, a misaligned line."""
    here = re.match(r"( *)([\w-]+)\s*:", lines[index]) if index < len(lines) else None
    above = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")), "")
    there = re.match(r"( *)(?:- +)?([\w-]+)\s*:\s*\S", above)
    if not here or not there:
        return ""
    shift = len(here[1]) - there.start(2)
    if shift <= 0:
        return ""
    return (f"la ligne « {here[2]}: » est décalée de {shift} espace{'s' if shift > 1 else ''} vers la droite ; "
            f"alignez-la sur « {there[2]}: » au-dessus")

# libyaml parses about ten times faster than the pure-Python parser; same nodes, same marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    display: str
    source_lines: list[str]

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # A node reached twice is an alias (*nom). Aliases are refused outright: editors never
        # need them, and they are the vector of "billion laughs" expansion bombs.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(node.start_mark.line + 1, _NO_ALIAS)
        try:
            return super().construct_object(node, deep=deep)
        except ValueError as e:
            # PyYAML reads 2026-02-30 as a date and Python refuses it: said as a content error, with its line.
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
                line = node.start_mark.line + 1
                field = _field_at("\n".join(self.source_lines), line)
                raise _Refused(line, f"{field}« {node.value} » n’est pas une date qui existe ({_date_problem(e)}) ; "
                               "écrivez-la AAAA-MM-JJ, par exemple 2012-06-30") from None
            raise


def _date_problem(e: ValueError) -> str:
    text = str(e)  # "day is out of range for month", "month must be in 1..12"…
    if text.startswith("day"):
        return "ce jour n’existe pas dans ce mois"
    if text.startswith("month"):
        return "mois hors de 1 à 12"
    if text.startswith("year"):
        return "année hors de 1 à 9999"
    return "date impossible"


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    m = Located()
    m.path, m.line, m.key_lines, m.hashed = loader.display, node.start_mark.line + 1, {}, set()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            key = str(key)
        if key in m:
            raise _Refused(line, f"le champ « {key} » apparaît deux fois (déjà ligne {m.key_lines[key]})")
        if value_node in loader.constructed_objects:
            raise _Refused(line, _NO_ALIAS)  # the key's line: the node's own mark is the anchor's
        m[key] = loader.construct_object(value_node, deep=True)
        m.key_lines[key] = line
        if m[key] is None and 0 < line <= len(loader.source_lines) \
                and re.match(rf"\s*(?:-\s+)?{re.escape(key)}\s*:\s+#", loader.source_lines[line - 1]):
            m.hashed.add(key)  # « gris: #41474D »: the value became a comment
    return m


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    seq = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    seq.path, seq.line = loader.display, node.start_mark.line + 1
    seq.item_lines = [child.start_mark.line + 1 for child in node.value]
    return seq


class SourceBool(int):
    """A YAML yes/no/true/false/on/off, kept with its text and apart from Python's bool: no record field is a
    yes-or-no, so one is always a mistake, and the message must quote what the editor typed (« no », not False)."""

    text: str


def _construct_bool(loader: _Loader, node: yaml.ScalarNode) -> SourceBool:
    value = SourceBool(loader.construct_yaml_bool(node))
    value.text = node.value
    return value


class SourceInt(int):
    """An integer that remembers how the record wrote it: YAML reads « 010 » as 8 (octal), and a message
    that suggests quotes must quote what the editor typed."""

    text: str


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> SourceInt:
    value = SourceInt(loader.construct_yaml_int(node))
    value.text = node.value
    return value


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def display_path(path: Path, content_dir: Path) -> str:
    """Return how a content file is named in messages: `content/communes/x.yml`."""
    try:
        return (Path(content_dir.name) / path.relative_to(content_dir)).as_posix()
    except ValueError:
        return path.as_posix()


def load_yaml(path: Path, display: str) -> Any:
    """Parse one YAML file; raise ContentErrors with file:line on any problem."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise ContentErrors([ContentError(display, 0, f"fichier trop volumineux ({size} octets ; maximum {MAX_YAML_BYTES})")])
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ContentErrors([ContentError(display, 0, "c’est un dossier, pas une fiche ; renommez-le sans « .yml »")]) from None
    except OSError as e:
        if path.is_symlink() and not path.exists():
            raise ContentErrors([ContentError(display, 0, f"lien symbolique cassé vers {os.readlink(path)} ; "
                                                          "remplacez-le par la fiche elle-même")]) from None
        if isinstance(e, PermissionError):
            raise ContentErrors([ContentError(display, 0, "fichier illisible (accès refusé) ; vérifiez ses droits de lecture")]) from None
        raise ContentErrors([ContentError(display, 0, str(system_error(e)).replace(f" : {e.filename}", ""))]) from None
    for magic, what in ((b"PK\x03\x04", "un document Word, un tableur ou une archive ZIP"), (b"%PDF", "un PDF"),
                        (b"\xd0\xcf\x11\xe0", "un ancien document Word ou Excel")):
        if raw.startswith(magic):
            raise ContentErrors([ContentError(display, 0, f"ce n’est pas une fiche texte mais {what} renommé en .yml ; "
                                                          "écrivez la fiche dans un éditeur de texte (content/README.md, partie 3)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ContentErrors([ContentError(display, line, "le fichier n’est pas encodé en UTF-8 ; réenregistrez-le en UTF-8")]) from None
    loader = _Loader(text)  # type: ignore[no-untyped-call]
    loader.display, loader.source_lines = display, text.splitlines()
    try:
        return loader.get_single_data()
    except _Refused as e:
        raise ContentErrors([ContentError(display, e.line, e.message)]) from None
    except RecursionError:
        # [[[[… or a: {b: {c: … hundreds deep: no record nests more than a few levels.
        raise ContentErrors([ContentError(display, 0, "imbrication trop profonde (listes ou champs les uns dans les autres "
                                                      "des centaines de fois) ; ce n’est pas une fiche")]) from None
    except yaml.reader.ReaderError as e:
        # libyaml counts bytes of the UTF-8 text, the pure-Python reader counts characters.
        before = text.encode("utf-8")[: e.position] if _Base is not yaml.SafeLoader else text[: e.position].encode("utf-8")
        line = before.count(b"\n") + 1 if isinstance(e.position, int) else 0
        raise ContentErrors([ContentError(display, line, f"{_field_at(text, line)}caractère interdit (code {e.character!r}) ; supprimez-le ou retapez la ligne")]) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if "end of stream" in (e.problem or "") and "quoted scalar" in (e.context or "") and e.context_mark:
            mark = e.context_mark  # where the quote opens, not the end of the file
        line = mark.line + 1 if mark else 0
        problem = (e.problem or e.context or "").strip()
        hint = next((h for k, h in _SYNTAX_HINTS.items() if k in problem), None)
        lines = text.splitlines()
        if mark and "\t" in (lines[mark.line] if mark.line < len(lines) else "")[: mark.column + 1]:
            hint = _TAB_HINT
        elif mark and "mapping values are not allowed" in problem:
            hint = _misaligned(lines, mark.line) or hint
        detail = hint or f"syntaxe YAML invalide ({problem})"
        field = _field_at(text, line) if "escape" in problem else ""
        raise ContentErrors([ContentError(display, line, f"{field}erreur de syntaxe YAML : {detail}")]) from None
    except yaml.YAMLError as e:
        raise ContentErrors([ContentError(display, 0, f"erreur de syntaxe YAML : {e}")]) from None
    finally:
        loader.dispose()


def load_tree(content_dir: Path) -> tuple[dict[str, Any], list[ContentError]]:
    """Load every YAML file of content/ (sorted); return what parsed and every file's errors."""
    docs: dict[str, Any] = {}
    errors: list[ContentError] = []
    if not content_dir.is_dir():
        return docs, [ContentError(content_dir.as_posix(), 0, "dossier introuvable")]
    for folder in sorted(p for p in content_dir.rglob("*") if p.is_dir()) + [content_dir]:
        if not os.access(folder, os.R_OK | os.X_OK):
            errors.append(ContentError(display_path(folder, content_dir) + "/", 0, "dossier illisible (accès refusé) : "
                                       "ses fiches ne peuvent pas être lues ; vérifiez ses droits"))
    for path in sorted(content_dir.rglob("*.yaml")):
        rel = path.relative_to(content_dir).as_posix()
        if not rel.startswith("schema/"):
            errors.append(ContentError(display_path(path, content_dir), 0, f"extension « .yaml » non lue ; renommez le fichier "
                                                                             f"« {path.stem}.yml »"))
    for path in sorted(content_dir.rglob("*.yml")):
        rel = path.relative_to(content_dir).as_posix()
        if rel.startswith(("schema/", "audit/")):
            continue
        try:
            docs[rel] = load_yaml(path, display_path(path, content_dir))
        except ContentErrors as e:
            errors.extend(e.errors)
    return docs, errors
