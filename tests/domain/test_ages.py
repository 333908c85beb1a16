import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcp_desktop.domain.ages import FRAGILE_AGE, age_on, is_fragile_age

dates = st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2200, 12, 31))


def test_birthday_eve_and_day():
    born = dt.date(1950, 7, 14)
    assert age_on(born, dt.date(2025, 7, 13)) == 74
    assert age_on(born, dt.date(2025, 7, 14)) == 75
    assert age_on(born, born) == 0


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (dt.date(2001, 2, 28), 0),  # the birthday has not come while 28 February lasts
        (dt.date(2001, 3, 1), 1),
        (dt.date(2003, 2, 28), 2),
        (dt.date(2003, 3, 1), 3),
        (dt.date(2004, 2, 28), 3),
        (dt.date(2004, 2, 29), 4),
    ],
)
def test_born_on_29_february(day, age):
    assert age_on(dt.date(2000, 2, 29), day) == age


@given(dates, dates)
def test_age_is_completed_years(birth, day):
    if day < birth:
        birth, day = day, birth
    years = age_on(birth, day)
    assert years >= 0

    # The birthday of year `years` is passed, the next one is not (29 February → 1 March).
    def anniversary(n):
        try:
            return birth.replace(year=birth.year + n)
        except ValueError:
            return dt.date(birth.year + n, 3, 1)

    assert anniversary(years) <= day
    if birth.year + years + 1 <= dt.MAXYEAR:
        assert day < anniversary(years + 1)


@given(dates, st.integers(min_value=1, max_value=365))
def test_age_never_decreases(birth, days):
    day = birth + dt.timedelta(days=days)
    assert age_on(birth, day) <= age_on(birth, day + dt.timedelta(days=days))


def test_fragile_means_older_than_70():
    born = dt.date(1950, 7, 14)
    assert FRAGILE_AGE == 70
    assert not is_fragile_age(born, dt.date(2020, 7, 14))  # 70 today: not "plus de 70 ans"
    assert not is_fragile_age(born, dt.date(2021, 7, 13))
    assert is_fragile_age(born, dt.date(2021, 7, 14))
