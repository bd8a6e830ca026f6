"""The pipeline: load, validate, render, write. Each stage is its own module."""

from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.site import copies, plan
from generator.content import importer, load, model, schema
from generator import write
from generator.content import audit_results, licensees
from generator.errors import ContentError, ContentErrors
from generator.make.jobs import Job
from generator.make import cache
from generator.make.cache import Progress


def validate(content_dir: Path) -> model.Site:
    """Load and check content/; raise ContentErrors listing every problem."""
    docs, errors = load.load_tree(content_dir)
    # The audit's list of sites (content/audit/sites.yml) is checked here too, so that `make validate`
    # reports its mistakes with the others.
    audit_errors: list[ContentError] = licensees.check_sites_file(content_dir)
    try:
        site = model.validate(docs, content_dir, errors)
    except ContentErrors as e:
        raise ContentErrors(e.errors + audit_errors) from None
    if audit_errors:
        raise ContentErrors(audit_errors)
    # The visibility audits (python -m generator audit) are results, not records: read as they are.
    return dataclasses.replace(site, audits=tuple(audit_results.load_audits(content_dir / audit_results.AUDITS_DIR)))


DEFAULT_CACHE = Path(".cache/images")


@dataclass(frozen=True)
class Report:
    files: int
    images: int
    drawn: int
    """Images and documents made (the others came from the cache)."""
    documents: int = 0
    changed: int = 0
    """Files written or removed in the output folder (the others were already right)."""


def build(content_dir: Path, out_dir: Path, cache_dir: Path = DEFAULT_CACHE, progress: Progress | None = None,
          prune: bool = False, site_url: str = "") -> Report:
    """Validate content/, draw the images the cache lacks, then bring out_dir in line with the kits.

    Nothing is written before every check has passed. Only the files whose bytes changed are
    rewritten (write.sync_tree), each atomically: rewriting all 3,400 files was most of the time
    of a `make site` on a machine with slow file creation.

    `prune` empties the cache of images this build does not use (the command line does it;
    tests sharing one cache across different content do not).
    """
    site = validate(content_dir)
    plan.use_bytecode_cache(cache_dir.parent / "jinja")
    memo = cache_dir.parent / "copies.pickle"
    known = _load_memo(memo)
    copies.MEMO.update(known)
    copies.USED.clear()
    outputs = plan.render_site(site, site_url)
    used = copies.forget_unused()
    if used.keys() != known.keys():
        write.save_pickle(memo, (copies.memo_version(), used))
    jobs = [v for v in outputs.values() if isinstance(v, Job)]
    documents = sum(j.kind in cache.DOCUMENT_KINDS for j in jobs)
    files, drawn = cache.materialise(outputs, cache_dir, progress, prune=prune)
    changed = write.sync_tree(files, out_dir, link_from=cache_dir)
    return Report(len(files), len(jobs) - documents, drawn, documents, len(changed))


def _load_memo(path: Path) -> dict[str, copies.Copyable]:
    """The converted texts of the previous runs; a missing or unreadable file only costs the conversions."""
    try:
        with path.open("rb") as f:
            version, memo = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if version != copies.memo_version() or not isinstance(memo, dict):
        return {}  # converted by other code: converted again
    return memo


def schema_files() -> dict[str, str]:
    """Return the JSON Schemas for editors, keyed by file name under content/schema/."""
    return {name: json.dumps(schema.schema_document(spec, title), ensure_ascii=False, indent=2) + "\n"
            for name, (spec, title) in sorted(schema.SCHEMAS.items())}


def import_records(source_dir: Path, content_dir: Path) -> list[str]:
    """Refresh composantes.yml and communes/*.yml from the GIS export; return what changed."""
    records = importer.build_records(source_dir, content_dir)
    obsolete = sorted(f"communes/{p.name}" for p in (content_dir / "communes").glob("*.yml")
                      if f"communes/{p.name}" not in records)
    # Try the new records on a copy first: an export that would leave content/ invalid
    # (a new element type, a Grand site's element gone) is refused before anything is written.
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / content_dir.name
        if content_dir.is_dir():
            shutil.copytree(content_dir, trial)
        write.write_records(records, trial, obsolete)
        validate(trial)
    return write.write_records(records, content_dir, obsolete)
