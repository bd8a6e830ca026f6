"""Atom feeds of the data's journal (bien.yml, versions): one for the toolbox, one per commune.

A webmaster who subscribes learns when the copy on their site is stale. Pure: text out. The
ids are uuid5 of the feed's place in the site, so they are stable without a known address,
and the dates come from the journal, never from the clock (same content, same bytes).
"""

from __future__ import annotations

import datetime as dt
import uuid
from xml.sax.saxutils import escape, quoteattr

from generator.site import wording
from generator.content.model import DataVersion

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://bassinminier-patrimoinemondial.org/boite-a-outils")


def _id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(key: str, title: str, page_href: str, self_href: str, entries: list[DataVersion], author: str,
         version: dt.date) -> str:
    """An Atom 1.0 feed; hrefs are absolute when the site's address is known, else relative to the feed.

    A feed with no entry of its own (no update concerned its commune yet) is dated by the data's version."""
    updated = _stamp(max(e.date for e in entries)) if entries else _stamp(version)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"  <id>{_id(key)}</id>",
        f"  <title>{escape(title)}</title>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page_href)}/>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(self_href)}/>",
    ]
    for e in entries:
        summary = e.description or e.titre
        lines += [
            "  <entry>",
            f"    <id>{_id(f'{key}/{e.date.isoformat()}/{e.titre}')}</id>",
            f"    <title>{escape(wording.french_spacing(wording.typo(e.titre)))}</title>",
            f"    <updated>{_stamp(e.date)}</updated>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page_href)}/>",
            f"    <summary>{escape(wording.french_spacing(wording.typo(summary)))}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
