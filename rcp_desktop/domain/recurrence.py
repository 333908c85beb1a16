"""Series of sessions: "the second Tuesday of each month", "the last Friday", "every two weeks
on Monday".

"The n-th weekday of a month" means the n-th such day *inside* that month: a month without a
fifth Thursday has no date for "the fifth Thursday" (it is skipped, never moved into the next
month); -1 is the last one. Dates come from :mod:`dateutil.rrule` (RFC 5545 rules).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice

from dateutil import rrule

from rcp_desktop.domain.dates import weekday_name
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate


class RecurrenceKind(StrEnum):
    MONTHLY = "monthly"  # the n-th (or last) given weekday of each month
    WEEKLY = "weekly"  # every N weeks on a given weekday


ORDINALS = {
    1: _N("core", "premier"),
    2: _N("core", "deuxième"),
    3: _N("core", "troisième"),
    4: _N("core", "quatrième"),
    -1: _N("core", "dernier"),
}

_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def monthly_dates(
    weekday: int, n: int, start: dt.date, end: dt.date, *, limit: int | None = None
) -> list[dt.date]:
    """The n-th *weekday* (0 = Monday; n = 1…5, or -1…-5 counted from the end) of each month,
    from *start* to *end* inclusive; months without one are skipped."""
    if end < start or not 1 <= abs(n) <= 5:
        return []
    rule = rrule.rrule(
        rrule.MONTHLY,
        dtstart=_midnight(start),
        until=_midnight(end),
        byweekday=_WEEKDAYS[weekday](n),
    )
    return [d.date() for d in islice(rule, limit)]


def weekly_dates(
    weekday: int, interval: int, start: dt.date, end: dt.date, *, limit: int | None = None
) -> list[dt.date]:
    """Every *interval* weeks on *weekday*, from the first such day on or after *start*."""
    if end < start:
        return []
    first = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    rule = rrule.rrule(
        rrule.WEEKLY, dtstart=_midnight(first), until=_midnight(end), interval=interval
    )
    return [d.date() for d in islice(rule, limit)]


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    """The n-th *weekday* of the month (-1 the last one), or None if the month has none."""
    last = calendar.monthrange(year, month)[1]
    dates = monthly_dates(weekday, n, dt.date(year, month, 1), dt.date(year, month, last))
    return dates[0] if dates else None


@dataclass(frozen=True)
class Recurrence:
    """A rule such as "the second Tuesday of each month" or "every 2 weeks on Friday"."""

    kind: RecurrenceKind
    weekday: int  # 0 = Monday … 6 = Sunday
    week_of_month: int = 1  # MONTHLY: 1-4, or -1 for the last one
    interval_weeks: int = 1  # WEEKLY: 1-12

    def describe(self) -> str:
        day = weekday_name(self.weekday)
        if self.kind is RecurrenceKind.MONTHLY:
            return translate(_N("core", "le {ordinal} {weekday} du mois")).format(
                ordinal=translate(ORDINALS[self.week_of_month]), weekday=day
            )
        if self.interval_weeks == 1:
            return translate(_N("core", "chaque {weekday}")).format(weekday=day)
        return translate(_N("core", "un {weekday} toutes les {n} semaines")).format(
            weekday=day, n=self.interval_weeks
        )


def occurrences(
    rule: Recurrence, start: dt.date, end: dt.date, *, limit: int = 1000
) -> list[dt.date]:
    """Every date of *rule* between *start* and *end* inclusive (at most *limit*)."""
    if not 0 <= rule.weekday <= 6:
        return []
    if rule.kind is RecurrenceKind.MONTHLY:
        return monthly_dates(rule.weekday, rule.week_of_month, start, end, limit=limit)
    return weekly_dates(rule.weekday, max(1, rule.interval_weeks), start, end, limit=limit)


def next_in_series(days: list[dt.date], today: dt.date) -> dt.date | None:
    """The next date, from *today* on, that continues the last sessions *days* (in date order)
    if they form a series: the same n-th (or last) weekday of consecutive months, or the same
    weekday every N weeks. None when they do not (or fewer than two)."""
    if len(days) < 2:
        return None
    first, last = days[-2], days[-1]
    if first.weekday() != last.weekday() or last <= first:
        return None
    start = max(today, last + dt.timedelta(days=1))
    months_apart = (last.year - first.year) * 12 + last.month - first.month

    def rank(day: dt.date) -> tuple[int, bool]:
        return (day.day - 1) // 7 + 1, (day + dt.timedelta(days=7)).month != day.month

    if months_apart == 1:
        (n_first, last_first), (n_last, last_last) = rank(first), rank(last)
        n = -1 if last_first and last_last else (n_first if n_first == n_last else None)
        if n is not None:
            found = monthly_dates(last.weekday(), n, start, start + dt.timedelta(days=400), limit=1)
            return found[0] if found else None
    gap = (last - first).days
    if gap % 7 == 0 and gap <= 12 * 7:
        following = last + dt.timedelta(days=gap)
        while following < start:
            following += dt.timedelta(days=gap)
        return following
    return None
