"""The audit's files: content/audits/AAAA-MM-JJ.json and .csv, and the partial file an interrupted audit resumes from.

The only module of the audit that writes; the site reads the finished files through
generator/content/audit_results.py (load_audits). Outputs are deterministic: sites sorted by key, JSON
keys sorted, no clock but the audit's date, UTF-8 and LF.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from generator.content.licensees import CATEGORY_LABELS

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_FILE = re.compile(r"^\.(\d{4}-\d{2}-\d{2})\.partiel\.jsonl$")

CSV_COLUMNS = (
    ("Clé", "cle"), ("Nom", "nom"), ("Catégorie", "categorie"), ("Adresse", "url"), ("Adresse finale", "url_finale"),
    ("Statut", "statut"), ("Erreur", "erreur"), ("Marque affichée", "marque"),
    ("Marque sur la page d’accueil", "marque_accueil"), ("Inscription mentionnée", "mention"),
    ("Mention près de « Bassin minier »", "mention_bassin_minier"), ("Lien vers le site officiel", "lien_officiel"),
    ("Lien vers la boîte à outils", "lien_boite"), ("Extrait de la boîte à outils", "extrait"),
    ("Versions de l’extrait", "extrait_versions"), ("Extrait à jour", "extrait_a_jour"), ("Pages lues", "pages"),
    ("Preuve : marque", "preuves.marque"), ("Preuve : inscription", "preuves.mention"),
    ("Preuve : lien officiel", "preuves.lien_officiel"), ("Preuve : extrait", "preuves.extrait"),
)
"""(French header, record field) of the CSV, in column order."""


def partial_path(out_dir: Path, date: str) -> Path:
    """Where an audit in progress appends one line per site done."""
    return out_dir / f".{date}.partiel.jsonl"


def latest_partial(out_dir: Path) -> str | None:
    """Return the date of the most recent interrupted audit, or None."""
    dates = sorted(m.group(1) for p in out_dir.glob(".*.partiel.jsonl") if (m := _PARTIAL_FILE.match(p.name)))
    return dates[-1] if dates else None


def read_partial(path: Path) -> dict[str, dict[str, Any]]:
    """Return the records of an interrupted audit by key; a line cut by a crash is ignored (that site is redone)."""
    records: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return records
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("cle"), str):
            records[record["cle"]] = record
    return records


def append_partial(handle: io.TextIOBase, record: dict[str, Any]) -> None:
    """Append one site's record and push it to disk: a crash right after must not lose it."""
    handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    handle.flush()
    fileno = getattr(handle, "fileno", None)
    if fileno is not None:
        os.fsync(fileno())


def document(date: str, records: list[dict[str, Any]], parameters: dict[str, Any]) -> dict[str, Any]:
    """The audit as saved in AAAA-MM-JJ.json."""
    return {"date": date, "parametres": parameters, "sites": sorted(records, key=lambda r: r["cle"])}


def json_text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _cell(record: dict[str, Any], field: str) -> str:
    if field == "categorie":
        return CATEGORY_LABELS.get(record["categorie"], record["categorie"])
    if field == "pages":
        return str(sum(1 for p in record.get("pages", []) if p.get("statut") == "lue"))
    if field.startswith("preuves."):
        found = record.get("preuves", {}).get(field.split(".", 1)[1], [])
        return f"{found[0]['page']} — {found[0]['extrait']}" if found else ""
    value = record.get(field, "")
    return ", ".join(value) if isinstance(value, list) else str(value)


def _inert(text: str) -> str:
    """A cell a spreadsheet would read as a formula (a page's text can start with =), behind an apostrophe (OWASP)."""
    return f"'{text}" if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def csv_text(doc: dict[str, Any]) -> str:
    """The audit as a spreadsheet: French headers, « ; » between columns as French spreadsheets expect."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([header for header, _ in CSV_COLUMNS])
    for record in doc["sites"]:
        writer.writerow([_inert(_cell(record, field)) for _, field in CSV_COLUMNS])
    return out.getvalue()


def _write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_results(out_dir: Path, doc: dict[str, Any]) -> tuple[Path, Path]:
    """Write AAAA-MM-JJ.json and .csv (each replaced whole, never half-written); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = out_dir / f"{doc['date']}.json", out_dir / f"{doc['date']}.csv"
    _write_atomic(json_path, json_text(doc))
    # With a byte order mark, French Excel opens the file as UTF-8 instead of mangling every accent.
    _write_atomic(csv_path, csv_text(doc), encoding="utf-8-sig")
    return json_path, csv_path

