"""How the build grows with the number of communes: warm `make site` and the search index at 200 and 400 communes.

Run with `make bench`. Targets (issue 19, on 2 cores): 400 communes, warm `make site` ≤ 25 s; search index ≤ 1.5 MB.

The content is synthetic: content/ as it is, plus copies of its communes under other names (« Lens 2 », INSEE codes
from 99000, element codes with three letters, the same outline and points), until there are 200, then 400. Nothing
is typed by hand and nothing of it is published. The images of the copies are kept in .bm-cache/bench-images-200/ and -400/, so
only the first `make bench` draws them (a few minutes); each size is built once to fill the caches, then timed.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import statistics
import string
import sys
import tempfile
from pathlib import Path

import yaml

from generator.content import geography
from scratch import ROOT, project, run

SIZES = (200, 400)
MB = 1000 * 1000


def synthesise(source: Path, target: Path, communes: int) -> None:
    """content/ with copies of its communes added until there are `communes` of them."""
    shutil.copytree(source, target)
    # Copies of the communes whose record lists elements (the others are only crossed by a neighbour's).
    records = [p for p in sorted((source / "communes").glob("*.yml"))
               if yaml.safe_load(p.read_text(encoding="utf-8")).get("elements")]
    existing = len(list((source / "communes").glob("*.yml")))
    codes = ("".join(t) for t in itertools.product(string.ascii_uppercase, repeat=3))
    for n in range(communes - existing):
        original = records[n % len(records)]
        doc = yaml.safe_load(original.read_text(encoding="utf-8"))
        doc["nom"] = f"{doc['nom']} {n // len(records) + 2}"
        doc["insee"] = f"{99000 + n}"
        doc.pop("citation_maire", None)
        outline = source / "contours" / f"{original.stem}.geojson"
        shape = geography.projected(json.loads(outline.read_text(encoding="utf-8"))["geometry"]) if outline.is_file() else None
        for e in doc.get("elements", []):
            e["code"] = "".join(ch for ch in e["code"] if ch.isdigit()) + next(codes)
            e.pop("autres_communes", None)
            # A point the neighbour's outline held is now outside the copy's only commune: the check wants a reason.
            outside = shape is not None and geography.distance_outside(e["latitude"], e["longitude"], [shape]) > geography.TOLERANCE_M
            if outside and not e.get("hors_contour"):
                e["hors_contour"] = "Copie synthétique d’un élément partagé avec une commune voisine."
            elif not outside:
                e.pop("hors_contour", None)
        slug = f"{original.stem}-{n // len(records) + 2}"
        (target / "communes" / f"{slug}.yml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if outline.is_file():
            shutil.copy(outline, target / "contours" / f"{slug}.geojson")


def main() -> int:
    print(f"Passage à l’échelle : contenu synthétique (communes recopiées sous d’autres noms), {os.cpu_count()} cœurs")
    make = ["make", "--no-print-directory", "-o", ".venv/.installed", "site"]
    for communes in SIZES:
        with tempfile.TemporaryDirectory(dir=ROOT, prefix=f".bench-scale-{communes}-") as tmp:
            work = Path(tmp)
            synthesise(ROOT / "content", work / "content", communes)
            # One image cache per size: make kits prunes what its build does not use.
            project(work, ROOT / ".bm-cache" / f"bench-images-{communes}", link_content=False)
            first = run(make, work)
            times = [run(make, work) for _ in range(3)]
            generator = min(run([sys.executable, "-m", "generator", "kits"], work) for _ in range(2))
            pages = sum(1 for _ in (work / "kits").rglob("*.md"))
            index = (work / "site" / "search" / "search_index.json").stat().st_size
        best, median = min(times), statistics.median(times)
        print(f"  {communes} communes, {pages} pages")
        print(f"    make site à chaud       {best:8.2f} s    meilleur de 3, médiane {median:.2f} s (premier passage {first:.0f} s)"
              + (f"   objectif ≤ 25 s : {'OK' if best <= 25 else 'DÉPASSÉ'}" if communes == 400 else ""))
        print(f"    dont générateur seul    {generator:8.2f} s")
        print(f"    index de recherche      {index / MB:8.2f} Mo" + (f"   objectif ≤ 1,5 Mo : {'OK' if index <= 1.5 * MB else 'DÉPASSÉ'}"
                                                                    if communes == 400 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
