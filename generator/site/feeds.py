"""Atom feeds of the data's journal (bien.yml, versions): one for the toolbox, one per commune.

A webmaster who subscribes learns when the copy on their site is stale. Pure: text out. The
ids are uuid5 of the feed's place in the site, so they are stable without a known address,
and the dates come from the journal, never from the clock (same content, same bytes). The XML
is templates/feed.xml.j2, escaped by the markup environment.
"""

from __future__ import annotations

import datetime as dt
import uuid

from generator.site import wording
from generator.content.model import DataVersion
from generator.site.templates import Templates

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://bassinminier-patrimoinemondial.org/boite-a-outils")


def _id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(key: str, title: str, page_href: str, self_href: str, entries: list[DataVersion], author: str,
         version: dt.date, templates: Templates | None = None) -> str:
    """An Atom 1.0 feed; hrefs are absolute when the site's address is known, else relative to the feed.

    A feed with no entry of its own (no update concerned its commune yet) is dated by the data's version."""
    updated = _stamp(max(e.date for e in entries)) if entries else _stamp(version)
    items = [{
        "id": _id(f"{key}/{e.date.isoformat()}/{e.titre}"),
        "title": wording.french_spacing(wording.typo(e.titre)),
        "updated": _stamp(e.date),
        "summary": wording.french_spacing(wording.typo(e.description or e.titre)),
    } for e in entries]
    return (templates or Templates()).render("feed.xml.j2", id=_id(key), title=title, updated=updated, author=author,
                                              page_href=page_href, self_href=self_href, entries=items)
