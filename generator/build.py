"""The pipeline: load, validate, render, write. Each stage is its own module."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from . import importer, load, model, render, schema, write


def validate(content_dir: Path) -> model.Site:
    """Load and check content/; raise ContentErrors listing every problem."""
    docs, errors = load.load_tree(content_dir)
    return model.validate(docs, content_dir, errors)


def build(content_dir: Path, out_dir: Path) -> int:
    """Validate content/, then write every kit into out_dir atomically; return the file count."""
    site = validate(content_dir)
    return write.write_tree(render.render_site(site), out_dir)


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
