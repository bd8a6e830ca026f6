"""What communes paste and embed, through the Nu Html Checker (vnu.jar, the W3C validator's engine).

html5lib (test_snippets.py) finds parse errors; vnu also checks the content model and attributes
(an <a> around a block, a bad width, a duplicated id). The jar comes from npm, pinned in
tests/validator/package.json, and runs on the machine's Java: `.ci/run` installs both. Without
them the test is skipped with its reason, unless BM_REQUIRE_VALIDATOR=1 (set by .ci/run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest
from browser import PASTED_PAGE

from generator.site import plan
from generator.content.model import Site

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "tests" / "validator" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASE = "https://exemple.github.io/boite-a-outils/"

def _vnu() -> list[str]:
    reason = ""
    if shutil.which("java") is None:
        reason = "Java absent (apt-get install default-jre-headless)"
    elif not VNU.is_file():
        reason = "vnu.jar absent (npm ci --ignore-scripts --prefix tests/validator)"
    if reason:
        if os.environ.get("BM_REQUIRE_VALIDATOR") == "1":
            pytest.fail(f"BM_REQUIRE_VALIDATOR=1 mais {reason}", pytrace=False)
        pytest.skip(reason)
    return ["java", "-jar", str(VNU)]


def test_snippets_embeds_and_zip_pages_are_valid_html(fixture_site: Site, tmp_path: Path) -> None:
    """The fixture's three communes (one with three elements, one with a weak link, one crossed by a shared
    element) and its three elements (one shared, one with a photo)."""
    vnu = _vnu()
    outputs = plan.render_site(fixture_site, BASE)
    files: list[Path] = []

    def add(name: str, html: str) -> None:
        path = tmp_path / name
        path.write_text(html, encoding="utf-8")
        files.append(path)

    for slug in fixture_site.communes:
        for stem in ("badge", "carte", "banniere", "signature", "carte-vivante", "donnees-structurees"):
            snippet = outputs[PurePosixPath("communes", slug, "snippets", f"{stem}.html")]
            add(f"{slug}-{stem}.html", PASTED_PAGE.format(snippet=snippet))
        add(f"{slug}-integrer.html", outputs[PurePosixPath("integrer", "communes", f"{slug}.html")])
    archive = dict(dict(outputs[PurePosixPath("communes", "sains-en-gohelle", "kit-sains-en-gohelle.zip")].params)["textes"])
    pages = {name: text for name, text in archive.items() if name.endswith(".html") and not name.startswith("snippets/")}
    assert len(pages) == 5  # the heritage page and the four press releases, as whole documents
    for name, text in pages.items():
        add("zip-" + name.replace("/", "-"), text)
    for code in ("87a", "87b", "87c"):
        add(f"element-{code}.html", outputs[PurePosixPath("integrer", "elements", f"{code}.html")])
    result = subprocess.run([*vnu, "--format", "json", "--also-check-svg", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    problems = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('type')} {m.get('message')}"
                for m in messages if m.get("type") == "error" or m.get("subType") == "warning"]
    assert len(files) == 3 * 7 + 5 + 3
    assert not problems, "\n".join(problems)
