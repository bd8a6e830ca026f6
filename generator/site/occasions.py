"""The dates the press releases are written for: the next occasion on or after the data's date, so the same content
always gives the same date line (no build-day clock)."""

from __future__ import annotations

import datetime as dt


def _on_or_after(after: dt.date, month: int, day: int) -> dt.date:
    this_year = dt.date(after.year, month, day)
    return this_year if this_year >= after else dt.date(after.year + 1, month, day)


def heritage_days(year: int) -> dt.date:
    """The Saturday of the Journées européennes du patrimoine: the third weekend of September (third Saturday)."""
    first = dt.date(year, 9, 1)
    return first + dt.timedelta(days=(5 - first.weekday()) % 7 + 14)


def occasion_date(release: str, after: dt.date, inscription: dt.date) -> dt.date:
    """The date line of a press release (plan.PRESS_RELEASES): its occasion's next date; the data's date for the
    release that has no fixed occasion."""
    if release == "anniversaire-inscription":
        return _on_or_after(after, inscription.month, inscription.day)
    if release == "sainte-barbe":
        return _on_or_after(after, 12, 4)
    if release == "journees-du-patrimoine":
        saturday = heritage_days(after.year)
        return saturday if saturday >= after else heritage_days(after.year + 1)
    return after
