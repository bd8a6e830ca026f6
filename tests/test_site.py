"""The site builds strictly (every internal link resolves) and the editors' schemas stay in step."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from generator import pipeline
from generator.content.model import Site

from conftest import FullSite, linked_copy, mkdocs_build, mkdocs_project

ROOT = Path(__file__).resolve().parent.parent


def test_mkdocs_build_strict(tmp_path: Path, fixture_site: Site, fixture_kits: Path) -> None:
    """The fixture's kits (a local build, without SITE_URL) make a site in which every internal link resolves."""
    work = mkdocs_project(tmp_path)
    linked_copy(fixture_kits, work / "kits")
    result = mkdocs_build(work)
    assert result.returncode == 0, result.stderr
    assert (work / "site" / "communes" / "sains-en-gohelle" / "page-patrimoine" / "index.html").is_file()
    assert len(list((work / "site" / "elements").glob("*/index.html"))) == len(fixture_site.elements) == 3
    # Images reach site/ as hard links to kits/ (hooks/site_in_place.py), each byte for byte the same file.
    logo = Path("communes", "sains-en-gohelle", "logos")
    placed = sorted(p.name for p in (work / "site" / logo).iterdir())
    assert placed == sorted(p.name for p in (work / "kits" / logo).iterdir() if not p.name.endswith(".md"))
    assert len(placed) == 12 + 3 + 6
    for name in placed:
        assert (work / "site" / logo / name).samefile(work / "kits" / logo / name), name


def test_the_published_site_builds_strictly(full_site: FullSite) -> None:
    """End to end: the shipped content's site, built for its address, every internal link resolving."""
    assert full_site.mkdocs.returncode == 0, full_site.mkdocs.stderr
    assert (full_site.site_dir / "communes" / "lens" / "page-patrimoine" / "index.html").is_file()
    assert len(list((full_site.site_dir / "elements").glob("*/index.html"))) == 353
    assert len(list((full_site.site_dir / "communes").glob("*/index.html"))) == 92


def test_the_search_index_holds_what_each_page_is_about(full_site: FullSite) -> None:
    """Under 0.6 MB for 92 communes (issue 19; 1.1 MB before the repeated sections left it): an element is found by its
    name, commune, part, company, type and protection; not by its coordinates, its code, its map's caption, its type's
    definition or the list of its part's other elements, which every page of that type or part repeats."""
    index = full_site.site_dir / "search" / "search_index.json"
    assert index.stat().st_size < 600_000
    docs = {d["location"]: d for d in json.loads(index.read_text(encoding="utf-8"))["docs"]}
    element = docs["elements/42a/"]["text"]
    for wanted in ("Partie constitutive", "Compagnie minière", "Type"):
        assert wanted in element
    for unwanted in ("Localisation", "OpenStreetMap", "Code officiel", "La carte situe", "Dans la même partie"):
        assert unwanted not in element, unwanted
    assert not any(d["text"] for loc, d in docs.items() if loc.startswith("elements/#"))  # lists of each part
    assert docs["communes/lens/"]["boost"] == 10 and docs["communes/lens/"]["text"].startswith("<p>Lens ")


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
