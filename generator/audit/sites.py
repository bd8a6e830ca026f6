"""The list of sites to audit: every commune's website (its record's, else the public directory's), plus the
other licensees of content/audit/sites.yml.

That file is a record kind of content/, read and checked by generator/content/licensees.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content import load, model, validate
from generator.content.licensees import SITES_FILE, AuditSite, read_sites_file
from generator.errors import ContentError, ContentErrors


@dataclass(frozen=True)
class SiteList:
    """What content/ gives the audit: the sites, and the version the toolbox stamps on its snippets today."""

    sites: list[AuditSite]
    snippet_version: str
    """bien.yml's latest version date (AAAA-MM-JJ), "" if there is none."""


def load_sites(content_dir: Path, sites_file: Path | None = None) -> SiteList:
    """Return every site to audit, sorted by key; raise ContentErrors listing every problem at once.

    The communes come from the validated records (content/ must be valid, as for `make kits`);
    the others from `sites_file` (default content/audit/sites.yml), which may be absent.
    """
    errors: list[ContentError] = []
    communes: list[AuditSite] = []
    version = ""
    try:
        site = validated_site(content_dir)
        communes = commune_sites(site, content_dir)
        version = snippet_version(site)
    except ContentErrors as e:
        errors.extend(e.errors)
    path = sites_file if sites_file is not None else content_dir / SITES_FILE
    others: list[AuditSite] = []
    if path.exists():
        try:
            others = read_sites_file(path, load.display_path(path, content_dir), communes)
        except ContentErrors as e:
            errors.extend(e.errors)
    if errors:
        raise ContentErrors(errors)
    return SiteList(sorted(communes + others), version)


def snippet_version(site: model.Site) -> str:
    """The version stamped on the snippets the toolbox hands out today (data-bmpm-version)."""
    try:
        return str(site.bien.version)
    except ValueError:  # no entry in bien.yml's versions
        return ""


def commune_sites(site: model.Site, content_dir: Path) -> list[AuditSite]:
    """Return the communes that have a website: the record's own site_web, else the public directory's
    (the record's « annuaire » block, written by make import-annuaire), each with where it comes from."""
    out = []
    for slug, c in sorted(site.communes.items()):
        record = load.display_path(content_dir / "communes" / f"{slug}.yml", content_dir)
        if c.site_web.strip():
            out.append(AuditSite(f"commune/{slug}", c.nom, c.site_web.strip(), "commune", record))
        elif c.annuaire is not None and c.annuaire.site_web:
            out.append(AuditSite(f"commune/{slug}", c.nom, c.annuaire.site_web, "commune",
                                 f"{record}, annuaire (source {c.annuaire.source})"))
    return out


def validated_site(content_dir: Path) -> model.Site:
    """Load and validate content/ as `make validate` does; load_tree leaves content/audit/ out (read above, apart)."""
    docs, errors = load.load_tree(content_dir)
    return validate.validate(docs, content_dir, errors)
