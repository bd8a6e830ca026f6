"""The fixture's kits match tests/golden/, built through the command line with and without SITE_URL.

A difference fails with the list of missing, extra and differing files and the first diffs; when the
change is deliberate, « make golden » rewrites tests/golden/ (review its diff before committing).
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import golden  # noqa: E402  (tests/golden.py)

# Files every golden folder must hold: the test cannot pass on an empty or half-written folder.
REQUIRED = (
    "MANIFEST.txt",
    "communes/aix-noulette/page-patrimoine.md",
    "communes/aix-noulette/communiques/sainte-barbe.docx.txt",
    "communes/aix-noulette/kit-aix-noulette.zip.txt",
    "communes/sains-en-gohelle/communiques.md",
    "elements/87a.md",
    "elements/87b.md",
)


@pytest.fixture(scope="session")
def golden_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Both variants built once per session, sharing one image cache."""
    return golden.build_all(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("name", sorted(golden.VARIANTS))
def test_golden_folder_is_there(name: str) -> None:
    folder = golden.GOLDEN / name
    assert folder.is_dir(), f"{folder} is missing: run « make golden » and commit tests/golden/"
    files = golden.read_golden(folder)
    assert len(files) > 50, f"{folder} holds only {len(files)} files: run « make golden »"
    for rel in REQUIRED:
        assert files.get(rel, b"").strip(), f"{folder}/{rel} is missing or empty: run « make golden »"


@pytest.mark.parametrize("name", sorted(golden.VARIANTS))
def test_build_matches_golden(name: str, golden_builds: dict[str, dict[str, bytes]]) -> None:
    folder = golden.GOLDEN / name
    assert folder.is_dir(), f"{folder} is missing: run « make golden » and commit tests/golden/"
    problems = golden.compare(golden.read_golden(folder), golden_builds[name], name)
    if problems:
        pytest.fail(problems, pytrace=False)


def test_variants_differ(golden_builds: dict[str, dict[str, bytes]]) -> None:
    """The published build names its address; the local one never does."""
    local, publie = golden_builds["local"], golden_builds["publie"]
    assert not any(golden.SITE_URL.encode() in data for data in local.values())
    assert any(golden.SITE_URL.encode() in data for data in publie.values())
    assert set(publie) > set(local)


def _tiny_tree(root: Path) -> Path:
    """A built tree in miniature: a page, an image, a Word document and a ZIP."""
    import docx
    from PIL import Image

    (root / "communes" / "x").mkdir(parents=True)
    (root / "communes" / "x" / "page.md").write_text("# Titre\n\nUne ligne.\n", encoding="utf-8")
    Image.new("RGB", (30, 20), (179, 38, 44)).save(root / "carte.png")
    document = docx.Document()
    document.add_paragraph("Premier paragraphe")
    document.add_table(rows=1, cols=2).rows[0].cells[1].text = "Cellule"
    document.save(root / "communes" / "x" / "communique.docx")
    with zipfile.ZipFile(root / "communes" / "x" / "kit.zip", "w") as z:
        z.writestr("LISEZMOI.txt", "Lisez-moi\n")
    return root


def test_digest_forms(tmp_path: Path) -> None:
    files = golden.digest(_tiny_tree(tmp_path))
    assert sorted(files) == ["MANIFEST.txt", "communes/x/communique.docx.txt", "communes/x/kit.zip.txt", "communes/x/page.md"]
    assert files["communes/x/page.md"] == "# Titre\n\nUne ligne.\n".encode()
    assert files["MANIFEST.txt"].decode().startswith("carte.png\t") and files["MANIFEST.txt"].decode().endswith("\t30×20\n")
    word = files["communes/x/communique.docx.txt"].decode()
    assert "Premier paragraphe\n" in word and "Cellule\n" in word
    assert files["communes/x/kit.zip.txt"].decode().startswith("LISEZMOI.txt\t10\t")


def test_compare_detects_every_alteration(tmp_path: Path) -> None:
    expected = golden.digest(_tiny_tree(tmp_path / "a"))
    assert golden.compare(expected, dict(expected)) == ""

    # A changed text, a redrawn image, a missing file and an extra one are all reported.
    tree = _tiny_tree(tmp_path / "b")
    (tree / "communes" / "x" / "page.md").write_text("# Titre\n\nUne autre ligne.\n", encoding="utf-8")
    from PIL import Image
    Image.new("RGB", (30, 20), (65, 71, 77)).save(tree / "carte.png")
    (tree / "communes" / "x" / "kit.zip").unlink()
    (tree / "communes" / "x" / "nouveau.html").write_text("<p>Nouveau</p>\n", encoding="utf-8")
    report = golden.compare(expected, golden.digest(tree), "essai")

    assert "1 missing, 1 extra, 2 differing" in report
    assert "  communes/x/kit.zip.txt" in report
    assert "  communes/x/nouveau.html" in report
    assert "  MANIFEST.txt" in report and "  communes/x/page.md" in report
    assert "-Une ligne." in report and "+Une autre ligne." in report
    assert "make golden" in report

    # Bytes that differ without a line that differs are still reported.
    crlf = dict(expected, **{"communes/x/page.md": expected["communes/x/page.md"].replace(b"\n", b"\r\n")})
    assert "communes/x/page.md" in golden.compare(expected, crlf)


def test_compare_truncates_long_diffs() -> None:
    old = {f"p{i}.md": "".join(f"ligne {n}\n" for n in range(200)).encode() for i in range(5)}
    new = {rel: data.replace(b"ligne", b"LIGNE") for rel, data in old.items()}
    report = golden.compare(old, new, max_diffs=2, max_diff_lines=20)
    assert report.count("--- golden/") == 2
    assert "more diff lines" in report and "other 3 differing file(s) not shown" in report


def test_zip_listing_keeps_entry_order() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("b.txt", "b")
        z.writestr("a.txt", "aa")
    assert [line.split("\t")[:2] for line in golden.zip_listing(buf.getvalue()).splitlines()] == [["b.txt", "1"], ["a.txt", "2"]]
