"""content/audit/sites.yml: the licensees other than the communes whose websites the visibility audit reads.

A record kind the Mission edits, read and checked like the others (file, line, field of every
mistake); `make validate` reports its mistakes with the rest of content/. The communes' own sites
come from their records (site_web): the audit command (generator/audit/sites.py) adds them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from generator.content import load
from generator.content.check import Checker, did_you_mean, kind_of
from generator.content.load import Located, LocatedList
from generator.content.schema import f, mapping
from generator.errors import ContentError, ContentErrors

CATEGORIES = ("commune", "agglomeration", "office_de_tourisme", "musee_site", "bailleur", "autre")
"""The 2017 audit's categories (communes, agglomerations, tourism offices, museums, landlords), plus « autre »."""

CATEGORY_LABELS = {
    "commune": "Communes",
    "agglomeration": "Agglomérations",
    "office_de_tourisme": "Offices de tourisme",
    "musee_site": "Musées et sites",
    "bailleur": "Bailleurs",
    "autre": "Autres",
}

SITES_FILE = Path("audit") / "sites.yml"
"""Relative to content/."""

SITE = mapping("site", "Un site à auditer.", (
    f("nom", "str", "Nom de l’organisation, tel qu’il s’affiche dans le rapport d’audit.", required=True),
    f("url", "str", "Adresse de la page d’accueil du site (http:// ou https://).", required=True),
    f("categorie", "choice", "Catégorie de licencié, comme dans l’audit de 2017.", required=True, choices=CATEGORIES),
    f("note", "str", "Remarque libre pour l’équipe (non publiée)."),
))
TOP_KEYS = ("sites",)
_WEB = re.compile(r"^https?://[^\s/?#]+")
_APOSTROPHES = re.compile("[’']")


@dataclass(frozen=True, order=True)
class AuditSite:
    """One site to audit; sorted and resumed by its key."""

    key: str
    """commune/<slug> for a commune record, <categorie>/<slug of the name> otherwise."""
    nom: str
    url: str
    categorie: str
    source: str
    """Where the site is declared: content/communes/lens.yml or content/audit/sites.yml:12."""


def same_address(a: str, b: str) -> bool:
    """Tell whether two home page addresses are the same site (scheme, www. and final slash aside)."""
    def norm(u: str) -> str:
        u = u.strip().lower().split("://", 1)[-1].removeprefix("www.")
        return u.rstrip("/")
    return norm(a) == norm(b)


def check_sites_file(content_dir: Path) -> list[ContentError]:
    """Return the mistakes of content/audit/sites.yml, [] when it is right or absent (what `make validate` adds)."""
    path = content_dir / SITES_FILE
    if not path.is_file():
        return []
    try:
        read_sites_file(path, load.display_path(path, content_dir))
    except ContentErrors as e:
        return e.errors
    return []


def read_sites_file(path: Path, display: str, communes: Sequence[AuditSite] = ()) -> list[AuditSite]:
    """Read and check content/audit/sites.yml; raise ContentErrors with file, line and field of every mistake.

    `communes` are the sites already audited from the communes' records: a licensee repeating one is a mistake.
    """
    doc = load.load_yaml(path, display)
    if doc is None:
        return []  # a file of comments only: no other site yet
    chk = Checker()
    if not isinstance(doc, Located):
        raise ContentErrors([ContentError(display, getattr(doc, "line", 1),
                                          f"le fichier commence par « sites: » suivi de la liste des sites ; trouvé : {kind_of(doc)}")])
    for key in doc:
        if key not in TOP_KEYS:
            chk.error(display, doc.at(key), f"champ « {key} »", f"champ inconnu{did_you_mean(key, TOP_KEYS)} ; seul « sites » est attendu")
    items = doc.get("sites")
    if items is None:
        items = LocatedList()
        items.item_lines = []
    if not isinstance(items, LocatedList):
        chk.error(display, doc.at("sites"), "champ « sites »", f"une liste est attendue, pas {kind_of(items)}")
        raise ContentErrors(chk.errors)
    sites: list[AuditSite] = []
    keys: dict[str, int] = {}
    for i, item in enumerate(items):
        line = items.item_lines[i]
        nom = item.get("nom") if isinstance(item, dict) else None
        ctx = f"site « {nom.strip()} »" if isinstance(nom, str) and nom.strip() else f"site n° {i + 1}"
        if not isinstance(item, Located):
            chk.error(display, line, ctx, f"un ensemble de champs (nom, url, categorie) est attendu, pas {kind_of(item)}")
            continue
        before = len(chk.errors)
        chk.mapping(item, SITE, display, line, "", ctx)
        if len(chk.errors) > before:
            continue
        site = _site(chk, item, ctx, display, communes, sites, keys)
        if site is not None:
            sites.append(site)
    if chk.errors:
        raise ContentErrors(chk.errors)
    return sites


def _site(chk: Checker, item: Located, ctx: str, display: str, communes: Sequence[AuditSite], sites: list[AuditSite],
          keys: dict[str, int]) -> AuditSite | None:
    """Check what the field specs cannot: the address, duplicates; return the site when it is usable."""
    nom, url, categorie = item["nom"].strip(), item["url"].strip(), item["categorie"]
    url_line = item.at("url")
    if not _WEB.match(url):
        chk.error(display, url_line, f"{ctx}, champ « url »", f"« {url} » n’est pas une adresse web (http:// ou https:// attendu)")
        return None
    key = f"{categorie}/{slugify(re.sub(_APOSTROPHES, ' ', nom))}"  # « d’Exemple » → d-exemple, not dexemple
    if key in keys:
        chk.error(display, item.at("nom"), f"{ctx}, champ « nom »", f"ce nom est déjà utilisé dans la même catégorie (ligne {keys[key]})")
        return None
    for other in [*communes, *sites]:
        if other.key == key:
            chk.error(display, item.at("nom"), f"{ctx}, champ « nom »", f"la commune « {other.nom} » est déjà auditée d’après sa fiche ({other.source})")
            return None
        if same_address(other.url, url):
            chk.error(display, url_line, f"{ctx}, champ « url »", f"cette adresse est déjà auditée pour « {other.nom} » ({other.source})")
            return None
    keys[key] = item.at("nom")
    return AuditSite(key, nom, url, categorie, f"{display}:{item.line}")
