"""The visibility audit's results as the site reads them: content/audits/AAAA-MM-JJ.json, and their vocabulary.

The audit command (generator/audit/) writes these files; the build only reads them, as they are
(results, not records: nothing in them is checked beyond their shape). The values below are the
words a result field holds, in French as they appear in the files, the CSV and the site page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from generator.content.check import text_problem
from generator.errors import BuildError, ContentError, ContentErrors


class AuditFileError(ContentErrors, BuildError):
    """A results file the page cannot read: a content error (file, line, field; exit code 2), and still a
    BuildError for those who catch that."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        ContentErrors.__init__(self, [ContentError(path.as_posix(), line, message)])

YES, NO, ERROR = "oui", "non", "erreur"
"""Found, looked for and not found, could not be looked for (the site or page could not be read)."""
NOT_SEARCHED = "non recherché"
"""The toolbox link, when the audit was not told the toolbox's address."""
NO_SNIPPET = "sans objet"
"""Whether a snippet is up to date, on a site that uses none."""
UNKNOWN = "inconnu"
"""Whether a snippet is up to date, when that cannot be told (no version stamped, or none to compare with)."""

AUDITS_DIR = "audits"
"""The results' folder, relative to content/."""
_AUDIT_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")


def load_audits(out_dir: Path) -> list[dict[str, Any]]:
    """Return every finished audit of `out_dir` (AAAA-MM-JJ.json), oldest first; [] when there is none."""
    audits: list[dict[str, Any]] = []
    if not out_dir.is_dir():
        return audits
    for path in sorted(out_dir.glob("*.json")):
        if not _AUDIT_FILE.match(path.name):
            continue
        text = ""
        try:
            if path.stat().st_size > MAX_AUDIT_BYTES:
                raise AuditFileError(path, 0, f"fichier d’audit trop volumineux (plus de {MAX_AUDIT_BYTES} octets) ; "
                                     "supprimez-le ou relancez l’audit")
            text = path.read_text(encoding="utf-8")
            doc = json.loads(text, parse_constant=_no_constant)
        except OSError as e:
            raise AuditFileError(path, 0, f"fichier d’audit illisible ({e.strerror}) ; supprimez-le ou relancez l’audit") from None
        except UnicodeDecodeError:
            raise AuditFileError(path, 0, "fichier d’audit illisible (il n’est pas en UTF-8) ; supprimez-le ou relancez l’audit") from None
        except json.JSONDecodeError as e:
            raise AuditFileError(path, e.lineno, f"fichier d’audit illisible (JSON invalide : colonne {e.colno}) ; "
                                 "supprimez-le ou relancez l’audit") from None
        except ValueError as e:  # NaN or Infinity (_no_constant)
            raise AuditFileError(path, _line_of(text, str(e)), f"fichier d’audit illisible (JSON invalide : {e} n’est pas un nombre) ; "
                                 "supprimez-le ou relancez l’audit") from None
        except RecursionError:
            raise AuditFileError(path, 1, "fichier d’audit illisible (JSON imbriqué trop profondément) ; supprimez-le ou relancez l’audit") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("sites"), list) or doc.get("date") != path.stem:
            raise AuditFileError(path, _line_of(text, '"date"'), "ce n’est pas un fichier d’audit (date du nom du fichier et liste des sites attendues)")
        problem = _shape_problem(doc)
        if problem:
            where, message = problem
            raise AuditFileError(path, _nth_site_line(text, where) if isinstance(where, int) else _line_of(text, where), f"{message} ; corrigez le fichier ou relancez l’audit")
        audits.append(doc)
    return audits


MAX_AUDIT_BYTES = 20_000_000
"""An audit of a few hundred sites is well under a megabyte."""


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON


def _line_of(text: str, needle: str) -> int:
    """The line where `needle` first occurs in the file (a site's key, a field's name), else the first line."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _site_key(cle: str) -> str:
    return f'"cle": {json.dumps(cle, ensure_ascii=False)}'


def _nth_site_line(text: str, i: int) -> int:
    """The line where the i-th entry of « sites » (1-based) starts, for an entry without a key; else the first line."""
    try:
        decoder, at = json.JSONDecoder(), text.index("[", text.index('"sites"')) + 1
        start = at
        for _ in range(i):
            while text[at] in " \t\r\n,":
                at += 1
            start = at
            _value, at = decoder.raw_decode(text, at)
        return text.count("\n", 0, start) + 1
    except (ValueError, IndexError):
        return 1


TEXT_FIELDS = ("cle", "nom", "url", "url_finale", "categorie", "statut", "erreur", "marque", "marque_accueil", "mention",
               "mention_bassin_minier", "lien_officiel", "lien_boite", "extrait", "extrait_a_jour")
"""A site's fields the page shows as text."""


def _shape_problem(doc: dict[str, Any]) -> tuple[str | int, str] | None:
    """What makes a parsed audit file unusable by the page, in French, with where it is: a text of its line
    (a site's key, a field's name) or the number of a site without a key; None when it is usable."""
    try:
        dt.date.fromisoformat(str(doc["date"]))
    except ValueError:
        return '"date"', f"la date « {doc['date']} » n’existe pas"
    params = doc.get("parametres", {})
    if not isinstance(params, dict):
        return '"parametres"', "« parametres » doit être un ensemble de champs"
    version = params.get("version_extraits")
    if version not in (None, "") and not _is_date(version):
        return '"version_extraits"', "« parametres », champ « version_extraits » : une date AAAA-MM-JJ est attendue"
    pages = params.get("pages_par_site", 5)
    if isinstance(pages, bool) or not isinstance(pages, int) or not 1 <= pages <= 1000:
        return '"pages_par_site"', "« parametres », champ « pages_par_site » : un nombre entier de 1 à 1000 est attendu"
    if not isinstance(params.get("base_kits", ""), (str, type(None))):
        return '"base_kits"', "« parametres », champ « base_kits » : du texte est attendu"
    seen: set[str] = set()
    for i, site in enumerate(doc["sites"], 1):
        if not isinstance(site, dict):
            return i, f"le site n° {i} n’est pas un ensemble de champs"
        if not isinstance(site.get("cle"), str) or not site["cle"]:
            return i, f"le site n° {i} n’a pas de clé (« cle »)"
        cle = site["cle"]
        here = _site_key(cle)
        if cle in seen:
            return here, f"le site « {cle} » apparaît deux fois"
        seen.add(cle)
        for key in TEXT_FIELDS:
            if key in site and not isinstance(site[key], str):
                return here, f"le site « {cle} », champ « {key} » : du texte est attendu"
            if key in site and len(site[key]) > MAX_TEXT:
                return here, f"le site « {cle} », champ « {key} » : texte trop long ({len(site[key])} caractères ; {MAX_TEXT} au plus)"
            if key in site and text_problem(site[key], multiline=True):
                return here, f"le site « {cle} », champ « {key} » : {text_problem(site[key], multiline=True)}"
        versions = site.get("extrait_versions", [])
        if not isinstance(versions, list) or not all(_is_date(v) for v in versions):
            return here, f"le site « {cle} », champ « extrait_versions » : une liste de dates est attendue"
        if "pages" in site and not isinstance(site["pages"], list):
            return here, f"le site « {cle} », champ « pages » : une liste est attendue"
        if "preuves" in site and not isinstance(site["preuves"], dict):
            return here, f"le site « {cle} », champ « preuves » : un ensemble de champs est attendu"
    return None


MAX_TEXT = 2000
"""The longest text of a site's field (a name, an address, an error message)."""


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def fold(text: str) -> str:
    """Return `text` lower-cased, without accents, with every other non-alphanumeric character as a space.

    How the audit matches words in a page, and how the site page sorts the sites by name."""
    return fold_map(text)[0]


def fold_map(text: str) -> tuple[str, list[int]]:
    """Fold `text` and keep, for each folded character, the index of the original one (to quote evidence)."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch.lower() if ch.isalnum() else " ")
            where.append(i)
            continue
        for c in unicodedata.normalize("NFKD", ch).lower():
            if unicodedata.combining(c):
                continue
            out.append(c if c.isalnum() else " ")
            where.append(i)
    return "".join(out), where
