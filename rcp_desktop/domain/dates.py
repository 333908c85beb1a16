"""French dates and times as the application writes and reads them.

``fr_date`` (10/03/2026) and ``short_time`` (14:30) are the forms of screens and messages;
``fr_long_date`` (mardi 10 mars 2026), ``fr_time`` (14 h 30) and ``fr_datetime``
(10/03/2026 à 14:30) the forms of printed documents. Day and month names are marked for
translation and translated when formatted.
"""

from __future__ import annotations

import datetime as dt

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate

# Monday first, as date.weekday() counts.
WEEKDAYS = (
    _N("core", "lundi"),
    _N("core", "mardi"),
    _N("core", "mercredi"),
    _N("core", "jeudi"),
    _N("core", "vendredi"),
    _N("core", "samedi"),
    _N("core", "dimanche"),
)
MONTHS = (
    _N("core", "janvier"),
    _N("core", "février"),
    _N("core", "mars"),
    _N("core", "avril"),
    _N("core", "mai"),
    _N("core", "juin"),
    _N("core", "juillet"),
    _N("core", "août"),
    _N("core", "septembre"),
    _N("core", "octobre"),
    _N("core", "novembre"),
    _N("core", "décembre"),
)

# What a hand-typed date may look like, tried in order: 07/03/2026, 07032026, 07/03/26, 2026-03-07.
DATE_INPUT_FORMATS = ("%d/%m/%Y", "%d%m%Y", "%d/%m/%y", "%Y-%m-%d")


def next_working_day(day: dt.date) -> dt.date:
    """The first Monday-to-Friday after *day*."""
    following = day + dt.timedelta(days=1)
    while following.weekday() >= 5:
        following += dt.timedelta(days=1)
    return following


def weekday_name(weekday: int) -> str:
    """'lundi' for 0 … 'dimanche' for 6 (translated)."""
    return translate(WEEKDAYS[weekday])


def month_name(month: int) -> str:
    """'janvier' for 1 … 'décembre' for 12 (translated)."""
    return translate(MONTHS[month - 1])


def fr_date(day: dt.date | None) -> str:
    """'10/03/2026'; '' for None."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def fr_long_date(day: dt.date) -> str:
    """'mardi 10 mars 2026'; the first of the month is '1er'."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{weekday_name(day.weekday())} {first} {month_name(day.month)} {day.year}"


def short_time(value: dt.time | dt.datetime | None) -> str:
    """'14:30'; '' for None."""
    return "" if value is None else f"{value.hour:02d}:{value.minute:02d}"


def short_datetime(value: dt.datetime | None) -> str:
    """'10/03/2026 14:30' (tables, short notes); '' for None."""
    return "" if value is None else f"{fr_date(value)} {short_time(value)}"


def fr_time(value: dt.time | dt.datetime | None) -> str:
    """'14 h 30', '14 h' on the hour, with non-breaking spaces (never split across lines);
    '' for None."""
    if value is None:
        return ""
    return f"{value.hour:02d}\u00a0h" + (f"\u00a0{value.minute:02d}" if value.minute else "")


def fr_datetime(value: dt.datetime | None) -> str:
    """'10/03/2026 à 14:30' (documents); '' for None."""
    return "" if value is None else f"{fr_date(value)} à {short_time(value)}"


def parse_fr_date(text: str) -> dt.date | None:
    """A date typed by hand (jj/mm/aaaa and the forms of :data:`DATE_INPUT_FORMATS`); None
    if blank. Raises ValueError if it is not a date."""
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
