"""The dates the press releases are written for: the next occasion on or after the data's date, so the same content
always gives the same date line (no build-day clock). A release for an occasion is dated SENT_AHEAD before it, when
newsrooms plan (a weekly, a local radio), and never before the data's date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.content.model import Commune


def _on_or_after(after: dt.date, month: int, day: int) -> dt.date:
    this_year = dt.date(after.year, month, day)
    return this_year if this_year >= after else dt.date(after.year + 1, month, day)


def heritage_days(year: int) -> dt.date:
    """The Saturday of the Journées européennes du patrimoine: the third weekend of September (third Saturday)."""
    first = dt.date(year, 9, 1)
    return first + dt.timedelta(days=(5 - first.weekday()) % 7 + 14)


SENT_AHEAD = dt.timedelta(days=10)
"""How long before its occasion a release is dated: what the press needs to announce it."""


def release_date(release: str, after: dt.date, inscription: dt.date) -> dt.date:
    """The date line of a press release: SENT_AHEAD before its occasion, or the data's date if that is later; the
    data's date for the release that has no fixed occasion."""
    return max(after, occasion_date(release, after, inscription) - SENT_AHEAD) if release != COMMUNE_RELEASE else after


def occasion_date(release: str, after: dt.date, inscription: dt.date) -> dt.date:
    """The day of a press release's occasion (plan.PRESS_RELEASES), the next on or after the data's date: the
    anniversary, the heritage weekend's Saturday, the Sainte-Barbe; the data's date for the release that has none."""
    if release == "anniversaire-inscription":
        return _on_or_after(after, inscription.month, inscription.day)
    if release == "sainte-barbe":
        return _on_or_after(after, 12, 4)
    if release == "journees-du-patrimoine":
        saturday = heritage_days(after.year)
        return saturday if saturday >= after else heritage_days(after.year + 1)
    return after


RELEASES = {
    # the name of its file (a rendez-vous's « occasion ») -> its title in the kits, and what it announces when a
    # rendez-vous falls outside it (« … n’est pas pendant les Journées européennes du patrimoine »)
    "commune-patrimoine-mondial": ("Notre commune au patrimoine mondial", "dans l’année qui suit son communiqué"),
    "anniversaire-inscription": ("Anniversaire de l’inscription", "dans le mois qui suit l’anniversaire de l’inscription"),
    "journees-du-patrimoine": ("Journées européennes du patrimoine", "pendant les Journées européennes du patrimoine"),
    "sainte-barbe": ("Sainte-Barbe", "entre son communiqué et la fin de décembre"),
}
"""The press releases, in the kits' order."""
COMMUNE_RELEASE = "commune-patrimoine-mondial"
"""The release with no fixed occasion: dated by the data, it carries the commune's presentation."""


def announced_between(release: str, after: dt.date, inscription: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of what the release for the next occasion announces: the heritage weekend itself; else
    from its date line (a release never announces what is already past on it) to the month after the anniversary, the
    end of December for the Sainte-Barbe, a year for the commune's own release."""
    day, dated = occasion_date(release, after, inscription), release_date(release, after, inscription)
    if release == "journees-du-patrimoine":
        return day, day + dt.timedelta(days=1)
    if release == "anniversaire-inscription":
        return dated, day + dt.timedelta(days=31)
    if release == "sainte-barbe":
        return dated, dt.date(day.year, 12, 31)
    return dated, dated + dt.timedelta(days=365)


ROOM = 500
"""The characters of the commune's own words one release holds and still fits one page in Word with the longest
generic parts (measured with LibreOffice: tests/test_docx_archive.py): its presentation (the commune's release only), the
press contact's name and role, the mayor's quote, its rendez-vous. Each rendez-vous also counts the room of its date
line (RENDEZ_VOUS_LINE) and its link, the quote that of its signature (QUOTE_LINE, the author and role)."""
RENDEZ_VOUS_LINE = 80
QUOTE_LINE = 30


def every_release_words(commune: "Commune") -> int:
    """The room of what every release carries: the press contact (it takes the mairie's place, with a line of its own
    when long) and the mayor's quote with its signature."""
    total = len(commune.contact_presse.nom) + len(commune.contact_presse.fonction) if commune.contact_presse else 0
    quote = commune.citation_maire
    if quote:
        total += QUOTE_LINE + len(quote.texte) + len(quote.auteur) + len(quote.fonction)
    return total


def own_words(commune: "Commune", release: str) -> int:
    """How much of the commune's own text the release carries, in characters (validation keeps it within ROOM)."""
    total = every_release_words(commune) + (len(commune.presentation) if release == COMMUNE_RELEASE else 0)
    for r in commune.rendez_vous:
        if r.occasion == release:
            total += RENDEZ_VOUS_LINE + len(r.titre) + len(r.lieu) + len(r.description) + len(r.lien)
    return total
