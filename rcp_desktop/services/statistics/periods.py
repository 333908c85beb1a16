"""Which periods and thresholds an export may use.

An export covers one whole calendar year that is over, protected with a threshold of at least
:data:`EXPORT_MIN_THRESHOLD`. Two exportable periods never overlap, so no two exports can be
subtracted one from the other to single out the patients of a few days (a period one day
longer than another gives away that day's patients); and a year is exported once it is over,
so its figures do not grow from one export to the next. Any other period, or a lower
threshold, is for the coordinator's own work on screen, marked as internal.
"""

from __future__ import annotations

import datetime as dt

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N

# The rule of the SNDS and of the CASD: no count of fewer than 11 patients leaves.
EXPORT_MIN_THRESHOLD = 11
MAX_THRESHOLD = 1000
SCREEN_MIN_THRESHOLD = 2


def calendar_year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def year_of(start: dt.date, end: dt.date) -> int | None:
    """The year if [start, end] is exactly one calendar year, else None."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return start.year
    return None


def export_period_problem(start: dt.date, end: dt.date, today: dt.date) -> str | None:
    """Why [start, end] cannot be exported (a French message, not yet translated), or None."""
    year = year_of(start, end)
    if year is None:
        return _N(
            "core",
            "Un export porte sur une année civile entière, du 1er janvier au 31 décembre : "
            "deux exports de périodes qui se chevauchent permettraient, par différence, de "
            "reconnaître des patients. Les autres périodes restent consultables à l'écran, "
            "pour usage interne.",
        )
    if year >= today.year:
        return _N(
            "core",
            "L'année {year} n'est pas terminée : elle pourra être exportée à partir du "
            "1er janvier {next}. En cours d'année, les chiffres restent consultables à l'écran, "
            "pour usage interne.",
        )
    return None


def is_exportable(start: dt.date, end: dt.date, threshold: int, today: dt.date) -> bool:
    return export_period_problem(start, end, today) is None and threshold >= EXPORT_MIN_THRESHOLD


def exportable_years(today: dt.date, first: int | None) -> list[int]:
    """The years an export may cover, most recent first: from *first* (the first year with a
    session; the last ten years without one) to the year before *today*."""
    last = today.year - 1
    first = min(first if first is not None else last - 9, last)
    return list(range(last, first - 1, -1))
