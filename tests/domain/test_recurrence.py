import calendar
import datetime as dt
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcp_desktop.domain.recurrence import (
    Recurrence,
    RecurrenceKind,
    monthly_dates,
    nth_weekday,
    occurrences,
    weekly_dates,
)

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
weekdays = st.integers(min_value=0, max_value=6)
ordinals = st.sampled_from([1, 2, 3, 4, 5, -1])


def brute_nth(year, month, weekday, n):
    """The n-th weekday by listing the month's days: the meaning the rule must have."""
    found = [
        dt.date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    if n == -1:
        return found[-1]
    return found[n - 1] if n <= len(found) else None


def test_nth_weekday_examples():
    assert nth_weekday(2026, 3, 1, 2) == dt.date(2026, 3, 10)  # 2nd Tuesday
    assert nth_weekday(2026, 1, 4, -1) == dt.date(2026, 1, 30)  # last Friday
    assert nth_weekday(2026, 2, 6, 1) == dt.date(2026, 2, 1)  # 1st Sunday is the 1st
    assert nth_weekday(2026, 3, 6, 5) == dt.date(2026, 3, 29)  # a 5th Sunday exists
    # February 2026 has four Thursdays: no 5th one, and never 5 March instead.
    assert nth_weekday(2026, 2, 3, 5) is None
    assert nth_weekday(2026, 3, 3, 0) is None


@given(st.integers(2000, 2100), st.integers(1, 12), weekdays, ordinals)
def test_nth_weekday_is_inside_the_month(year, month, weekday, n):
    day = nth_weekday(year, month, weekday, n)
    assert day == brute_nth(year, month, weekday, n)
    if day is not None:
        assert (day.year, day.month, day.weekday()) == (year, month, weekday)


@given(days, st.integers(0, 800), weekdays, ordinals)
def test_monthly_across_month_ends_and_years(start, length, weekday, n):
    end = start + dt.timedelta(days=length)
    got = monthly_dates(weekday, n, start, end)
    expected = []
    year, month = start.year, start.month
    while dt.date(year, month, 1) <= end:
        day = brute_nth(year, month, weekday, n)
        if day is not None and start <= day <= end:
            expected.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    assert got == expected


@given(days, st.integers(0, 800), weekdays, st.integers(1, 12))
def test_weekly_every_n_weeks(start, length, weekday, interval):
    end = start + dt.timedelta(days=length)
    got = weekly_dates(weekday, interval, start, end)
    assert all(d.weekday() == weekday and start <= d <= end for d in got)
    if got:
        assert got[0] - start < dt.timedelta(days=7)  # the first such day on or after start
        assert all(b - a == dt.timedelta(weeks=interval) for a, b in pairwise(got))
        assert got[-1] + dt.timedelta(weeks=interval) > end


def test_series_over_new_year():
    last_friday = Recurrence(RecurrenceKind.MONTHLY, weekday=4, week_of_month=-1)
    assert occurrences(last_friday, dt.date(2026, 11, 28), dt.date(2027, 2, 26)) == [
        dt.date(2026, 12, 25),
        dt.date(2027, 1, 29),
        dt.date(2027, 2, 26),
    ]
    fortnight = Recurrence(RecurrenceKind.WEEKLY, weekday=0, interval_weeks=2)
    assert occurrences(fortnight, dt.date(2026, 12, 20), dt.date(2027, 1, 20)) == [
        dt.date(2026, 12, 21),
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 18),
    ]


def test_limit_and_empty_periods():
    weekly = Recurrence(RecurrenceKind.WEEKLY, weekday=2)
    assert len(occurrences(weekly, dt.date(2026, 1, 1), dt.date(2036, 1, 1), limit=101)) == 101
    assert occurrences(weekly, dt.date(2026, 3, 2), dt.date(2026, 3, 1)) == []
    assert (
        occurrences(
            Recurrence(RecurrenceKind.WEEKLY, weekday=7), dt.date(2026, 1, 1), dt.date(2026, 2, 1)
        )
        == []
    )


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (
            Recurrence(RecurrenceKind.MONTHLY, weekday=1, week_of_month=2),
            "le deuxième mardi du mois",
        ),
        (
            Recurrence(RecurrenceKind.MONTHLY, weekday=4, week_of_month=-1),
            "le dernier vendredi du mois",
        ),
        (Recurrence(RecurrenceKind.WEEKLY, weekday=0), "chaque lundi"),
        (
            Recurrence(RecurrenceKind.WEEKLY, weekday=6, interval_weeks=3),
            "un dimanche toutes les 3 semaines",
        ),
    ],
)
def test_describe(rule, text):
    assert rule.describe() == text
