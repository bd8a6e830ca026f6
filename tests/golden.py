"""Golden files: the kits of the small fixture (tests/fixture/content/), kept in tests/golden/ for review.

The fixture is built twice through the command line, as a user would: once without SITE_URL (a local
build, `local/`) and once with the published address (`publie/`). Each tree is turned into a form a
reviewer reads as a diff:

- every text output (.md, .html, .txt, .xml, .json, .csv, .geojson, .css, .js, .svg) verbatim, at its path;
- every Word document as `<name>.docx.txt`: its paragraphs' text, one per line, and its tables' cells;
- every ZIP as `<name>.zip.txt`: its entries in order, with size and SHA-256;
- every other file (PNG, JPEG, WebP…) as one line of `MANIFEST.txt` at the root: path, size in bytes,
  SHA-256 and, for images, width×height.

`python tests/golden.py` (or `make golden`) rewrites tests/golden/ after a deliberate change; review the
diff before committing it. tests/test_golden.py builds again and compares.
"""
from __future__ import annotations

import argparse
import difflib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixture" / "content"
GOLDEN = ROOT / "tests" / "golden"
SITE_URL = "https://exemple.github.io/boite-a-outils/"
# Golden folder -> SITE_URL given to the build (None: the variable is removed from the environment).
VARIANTS: dict[str, str | None] = {"local": None, "publie": SITE_URL}
TEXT_SUFFIXES = frozenset({".md", ".html", ".txt", ".xml", ".json", ".csv", ".geojson", ".css", ".js", ".svg"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
MANIFEST = "MANIFEST.txt"
REWRITE_HINT = "After reviewing the differences, « make golden » rewrites tests/golden/ (then review and commit its diff)."


class BuildError(RuntimeError):
    pass


def build(out: Path, cache: Path, site_url: str | None, code: Path = ROOT, content: Path = FIXTURE) -> None:
    """Generate the kits of `content` into `out` with `python -m generator` run from `code`.

    `cache` is the image cache; the generator keeps its memo of converted texts next to it (in its
    parent folder), so give it a folder of its own, such as <tmp>/cache/images.
    """
    env = dict(os.environ)
    env.pop("SITE_URL", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    cmd = [sys.executable, "-m", "generator", "--content", str(content.resolve()),
           "kits", "--out", str(out.resolve()), "--cache", str(cache.resolve())]
    proc = subprocess.run(cmd, cwd=code, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} (in {code}) exited with {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


SUPERSCRIPT = str.maketrans("er", "ᵉʳ")


def paragraph_text(paragraph) -> str:  # noqa: ANN001 (python-docx)
    """A Word paragraph's text as a reader sees it: a superscript run (the ordinal of « 36ᵉ session », which the
    document sets as Word does) shows as the modifier letters the pages use, so a diff or a checker reads it as one."""
    return "".join(r.text.translate(SUPERSCRIPT) if getattr(r, "font", None) is not None and r.font.superscript else r.text
                   for r in paragraph.iter_inner_content())


def docx_text(data: bytes) -> str:
    """A Word document's text: body paragraphs one per line, tables' cells one per line, in document order."""
    import docx  # python-docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []

    def walk(container) -> None:
        for block in container.iter_inner_content():
            if isinstance(block, Table):
                for r, row in enumerate(block.rows, 1):
                    for c, cell in enumerate(row.cells, 1):
                        lines.append(f"[tableau, ligne {r}, colonne {c}]")
                        walk(cell)
            else:
                lines.append(paragraph_text(block))

    walk(document)
    for s, section in enumerate(document.sections, 1):
        for part, label in ((section.header, "en-tête"), (section.footer, "pied de page")):
            if not part.is_linked_to_previous and any(p.text for p in part.paragraphs):
                lines.append(f"[{label} de la section {s}]")
                walk(part)
    return "\n".join(lines) + "\n"


def zip_listing(data: bytes) -> str:
    """A ZIP's entries in order: name, size in bytes, SHA-256 of the content."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            lines.append(f"{info.filename}\t{info.file_size}\t{_sha256(z.read(info))}")
    return "\n".join(lines) + "\n"


def _manifest_line(rel: str, data: bytes) -> str:
    line = f"{rel}\t{len(data)}\t{_sha256(data)}"
    if Path(rel).suffix.lower() in IMAGE_SUFFIXES:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as im:
            line += f"\t{im.width}×{im.height}"
    return line


def digest(tree: Path) -> dict[str, bytes]:
    """The golden form of a built tree: relative POSIX path -> bytes of the file to keep."""
    files: dict[str, bytes] = {}
    manifest: list[str] = []

    def put(rel: str, data: bytes, source: str) -> None:
        if rel in files or rel == MANIFEST:
            raise ValueError(f"two outputs would both be kept as {rel} (the second from {source})")
        files[rel] = data

    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        rel = path.relative_to(tree).as_posix()
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if suffix in TEXT_SUFFIXES:
            put(rel, data, rel)
        elif suffix == ".docx":
            put(rel + ".txt", docx_text(data).encode(), rel)
        elif suffix == ".zip":
            put(rel + ".txt", zip_listing(data).encode(), rel)
        else:
            manifest.append(_manifest_line(rel, data))
    files[MANIFEST] = ("\n".join(manifest) + "\n").encode() if manifest else b""
    return dict(sorted(files.items()))


def read_golden(folder: Path) -> dict[str, bytes]:
    """The files of a golden folder, as digest() returns them."""
    return dict(sorted((p.relative_to(folder).as_posix(), p.read_bytes())
                       for p in folder.rglob("*") if p.is_file()))


def write_golden(files: dict[str, bytes], folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _is_text(rel: str) -> bool:
    return Path(rel).suffix.lower() in TEXT_SUFFIXES


def compare(expected: dict[str, bytes], actual: dict[str, bytes], name: str = "golden",
            max_diffs: int = 3, max_diff_lines: int = 60) -> str:
    """An empty string when both are identical; otherwise a readable report of what differs."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    differing = sorted(rel for rel in set(expected) & set(actual) if expected[rel] != actual[rel])
    if not (missing or extra or differing):
        return ""
    out = [f"The build differs from tests/golden/{name}/: {len(missing)} missing, {len(extra)} extra, "
           f"{len(differing)} differing file(s)."]
    for label, rels in (("Missing (in the golden folder, not produced)", missing),
                        ("Extra (produced, not in the golden folder)", extra),
                        ("Differing", differing)):
        if rels:
            out.append(f"{label}:")
            out.extend(f"  {rel}" for rel in rels)
    shown = 0
    for rel in differing:
        if shown == max_diffs:
            out.append(f"(diffs of the other {len(differing) - shown} differing file(s) not shown)")
            break
        if not _is_text(rel):
            continue
        try:
            old = expected[rel].decode().splitlines()
            new = actual[rel].decode().splitlines()
        except UnicodeDecodeError:
            out.append(f"{rel}: not UTF-8 text, no diff shown")
            continue
        diff = list(difflib.unified_diff(old, new, f"golden/{name}/{rel}", f"build/{rel}", lineterm="", n=2))
        if len(diff) > max_diff_lines:
            diff = diff[:max_diff_lines] + [f"… ({len(diff) - max_diff_lines} more diff lines)"]
        out.extend(diff or [f"{rel}: same lines, different bytes (line endings or final newline)"])
        shown += 1
    out.append(REWRITE_HINT)
    return "\n".join(out)


def build_all(work: Path, code: Path = ROOT) -> dict[str, dict[str, bytes]]:
    """Build every variant under `work` (one shared image cache) and return their digests."""
    cache = work / "cache" / "images"
    result = {}
    for name, site_url in VARIANTS.items():
        out = work / "kits" / name
        build(out, cache, site_url, code)
        result[name] = digest(out)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rewrite tests/golden/ from the fixture's kits.")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="folder holding the generator package to run (default: this checkout)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        built = build_all(Path(tmp), args.code.resolve())
    for name, files in built.items():
        folder = GOLDEN / name
        before = read_golden(folder) if folder.exists() else {}
        write_golden(files, folder)
        added = len(set(files) - set(before))
        removed = len(set(before) - set(files))
        changed = sum(1 for rel in set(files) & set(before) if files[rel] != before[rel])
        summary = f"{added} added, {removed} removed, {changed} changed" if added or removed or changed else "unchanged"
        print(f"tests/golden/{name}/: {len(files)} files, {summary}")
    print("Review the diff (git diff --stat tests/golden/) before committing it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
