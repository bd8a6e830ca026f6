"""The site builds strictly (every internal link resolves) and the editors' schemas stay in step."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from generator import pipeline

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_project(tmp_path: Path) -> Path:
    """A throwaway copy of the site configuration, with kits/ still to fill."""
    work = tmp_path / "project"
    work.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    (work / "generator" / "hooks").mkdir(parents=True)
    shutil.copy(ROOT / "generator" / "hooks" / "site_in_place.py", work / "generator" / "hooks" / "site_in_place.py")
    return work


def mkdocs_build(work: Path, site_url: str = "") -> subprocess.CompletedProcess[str]:
    # No --quiet: it stops mkdocs from counting warnings, and --strict then passes broken links.
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **({"SITE_URL": site_url} if site_url else {})}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=work,
                          capture_output=True, text=True, env=env)


def test_mkdocs_build_strict(tmp_path: Path, image_cache: Path) -> None:
    work = mkdocs_project(tmp_path)
    pipeline.build(ROOT / "content", work / "kits", image_cache)
    result = mkdocs_build(work)
    assert result.returncode == 0, result.stderr
    assert (work / "site" / "communes" / "lens" / "page-patrimoine" / "index.html").is_file()
    assert len(list((work / "site" / "elements").glob("*/index.html"))) == 353
    # Images reach site/ as hard links to kits/ (hooks/site_in_place.py), each byte for byte the same file.
    logo = Path("communes", "lens", "logos")
    placed = sorted(p.name for p in (work / "site" / logo).iterdir())
    assert placed == sorted(p.name for p in (work / "kits" / logo).iterdir() if not p.name.endswith(".md"))
    for name in placed:
        assert (work / "site" / logo / name).samefile(work / "kits" / logo / name), name


def test_strict_build_catches_a_broken_link(tmp_path: Path) -> None:
    """The strict build is a real check: one dangling link makes it fail."""
    work = mkdocs_project(tmp_path)
    (work / "kits").mkdir()
    (work / "kits" / "index.md").write_text("# A\n\n[lien](absent.md)\n", encoding="utf-8")
    for page in ("communes/index.md", "elements/index.md", "donnees.md"):
        (work / "kits" / page).parent.mkdir(parents=True, exist_ok=True)
        (work / "kits" / page).write_text("# B\n", encoding="utf-8")
    result = mkdocs_build(work)
    assert result.returncode != 0
    assert "absent.md" in result.stderr


def test_committed_schemas_match_the_declared_format() -> None:
    for name, text in pipeline.schema_files().items():
        assert (ROOT / "content" / "schema" / name).read_text(encoding="utf-8") == text, f"run make schema ({name})"


def test_every_record_passes_its_json_schema() -> None:
    """What editors see in their editor agrees with the generator's own validation."""
    schemas = {name: json.loads((ROOT / "content" / "schema" / name).read_text(encoding="utf-8"))
               for name in pipeline.schema_files()}

    def plain(path: Path) -> object:
        # JSON Schema knows no dates: compare them as the ISO strings an editor types.
        return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))

    for record in sorted((ROOT / "content" / "communes").glob("*.yml")):
        jsonschema.validate(plain(record), schemas["commune.schema.json"])
    jsonschema.validate(plain(ROOT / "content" / "bien.yml"), schemas["bien.schema.json"])
    jsonschema.validate(plain(ROOT / "content" / "marque.yml"), schemas["marque.schema.json"])
    jsonschema.validate(plain(ROOT / "content" / "composantes.yml"), schemas["composantes.schema.json"])
    # And a record with an unknown key fails it, as it fails the generator.
    bad = plain(ROOT / "content" / "communes" / "lens.yml")
    assert isinstance(bad, dict)
    bad["intercommunalité"] = "x"
    try:
        jsonschema.validate(bad, schemas["commune.schema.json"])
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("the schema accepted an unknown key")
