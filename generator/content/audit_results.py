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

from generator.errors import BuildError

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
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise BuildError(f"{path.as_posix()} : fichier d’audit illisible ({e}) ; supprimez-le ou relancez l’audit") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("sites"), list) or doc.get("date") != path.stem:
            raise BuildError(f"{path.as_posix()} : ce n’est pas un fichier d’audit (date et liste des sites attendues)")
        problem = _shape_problem(doc)
        if problem:
            raise BuildError(f"{path.as_posix()} : {problem} ; corrigez le fichier ou relancez l’audit")
        audits.append(doc)
    return audits


TEXT_FIELDS = ("cle", "nom", "url", "url_finale", "categorie", "statut", "erreur", "marque", "marque_accueil", "mention",
               "mention_bassin_minier", "lien_officiel", "lien_boite", "extrait", "extrait_a_jour")
"""A site's fields the page shows as text."""


def _shape_problem(doc: dict[str, Any]) -> str:
    """What makes a parsed audit file unusable by the page, in French; "" when it is usable."""
    try:
        dt.date.fromisoformat(str(doc["date"]))
    except ValueError:
        return f"la date « {doc['date']} » n’existe pas"
    if not isinstance(doc.get("parametres", {}), dict):
        return "« parametres » doit être un ensemble de champs"
    for i, site in enumerate(doc["sites"], 1):
        if not isinstance(site, dict):
            return f"le site n° {i} n’est pas un ensemble de champs"
        if not isinstance(site.get("cle"), str) or not site["cle"]:
            return f"le site n° {i} n’a pas de clé (« cle »)"
        for key in TEXT_FIELDS:
            if key in site and not isinstance(site[key], str):
                return f"le site « {site['cle']} », champ « {key} » : du texte est attendu"
        versions = site.get("extrait_versions", [])
        if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
            return f"le site « {site['cle']} », champ « extrait_versions » : une liste de dates est attendue"
        if "pages" in site and not isinstance(site["pages"], list):
            return f"le site « {site['cle']} », champ « pages » : une liste est attendue"
    return ""


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
