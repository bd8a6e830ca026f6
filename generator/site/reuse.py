"""What each commune's kit and each element's pages are made from, as one digest each: plan.render_site renders
again only those whose digest changed since the previous run (the live preview's save, a warm `make kits`).

A digest covers, besides the commune or the element itself:
- everything any page may read of the property (bien.yml, marque.yml, noms.yml, types, component parts and their
  perimeters), the size of every image content/ holds and the other files' size and time (fonts, logos, photos);
- every commune's identity (name, department, intercommunality, link, elements) and outline: maps and sentences
  name neighbours and partners;
- the elements of the commune, of its component parts and of the Grand sites;
- the code and templates that render, the libraries that convert, and the published address.
tests/test_reuse.py changes every field of the fixture's records one by one and checks that a run reusing the
previous one gives exactly what a fresh run gives.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

from generator.content.model import Commune, Element, Site
from generator.fingerprint import canon as _canon, code as _code, digest as _digest

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def _files(folder: Path) -> str:
    return _digest(*(f"{p.relative_to(folder)}\n".encode() + p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()))


def _templates() -> str:
    """The templates as they are now: the live preview watches them and a save must show."""
    return _files(TEMPLATES)


def whole(content_key: str, site_url: str) -> str:
    """The digest of a whole run: content/ as content/memo.py keys it (its files, and the code and libraries through
    fingerprint.code), the templates, the scripts copied as they are and the address. When it is the previous run's,
    every part is, the site's own pages too, and so is every file of kits/ (pipeline.py then only checks that kits/
    is as it left it)."""
    return _digest(content_key, _templates(), _files(STATIC), site_url)


def _content_files(site: Site) -> str:
    """Fonts, logos and photos are read when a kit is drawn, not when it is planned; their size and time suffice here."""
    root = site.content_dir
    stats = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        # Records are in the key by what they say; the audits' results and editors' temporary files by nothing.
        if (p.suffix in (".yml", ".yaml", ".geojson", ".md", ".json", ".jsonl", ".csv", ".swp", ".tmp") or rel.parts[0] == "audits"
                or any(part.startswith(".") or part.endswith("~") for part in rel.parts)):
            continue
        try:
            st = p.stat()
        except FileNotFoundError:
            continue  # removed since it was listed (an editor's probe file during a save)
        if not stat.S_ISDIR(st.st_mode):
            stats.append(f"{rel} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(stats)


def _identity(c: Commune) -> tuple[Any, ...]:
    """What a page may say of any commune (its neighbours', its partners'): the rest of a record is its own kit's."""
    return (c.slug, c.nom, c.insee, c.departement, c.intercommunalite, c.siren_epci, c.lien, c.note_lien, c.elements)


class Keys:
    """The digests of one run: what every part shares computed once, then one digest per commune and per element."""

    def __init__(self, site: Site, site_url: str) -> None:
        self.site = site
        grand_elements = [site.elements[g.element] for g in site.bien.grands_sites if g.element in site.elements]
        self.shared = _digest(
            _code(), _templates(), site_url, str(site.content_dir), _content_files(site),
            _canon((site.bien, site.marque, site.noms, site.types, site.sous_types, site.pluriels, site.composantes,
                    site.image_sizes, grand_elements)),
            json.dumps(site.parties, sort_keys=True),
            _canon([_identity(c) for c in site.communes.values()]),
            json.dumps(site.contours, sort_keys=True))
        self._parts: dict[str, str] = {}

    def _part(self, cid: str) -> str:
        """A component part's elements, in full (a kit names the other elements of its parts, an element page its siblings)."""
        if cid not in self._parts:
            self._parts[cid] = _digest(_canon(self.site.elements_in(cid)))
        return self._parts[cid]

    def commune(self, commune: Commune, *extra: Any) -> str:
        elements = self.site.elements_of(commune.slug)
        parts = sorted({e.composante for e in elements})
        return _digest(self.shared, _canon(commune), _canon(elements), *(self._part(cid) for cid in parts), _canon(extra))

    def element(self, element: Element) -> str:
        return _digest(self.shared, _canon(element), self._part(element.composante))
