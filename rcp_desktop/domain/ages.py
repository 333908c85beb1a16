"""Ages in completed years, and the age past which a patient counts as fragile."""

from __future__ import annotations

import datetime as dt

# "Plus de 70 ans": the age criterion of fragility (case list, patient form, statistics).
FRAGILE_AGE = 70


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on *day*. Born on 29 February, one is a year older on 1 March of a
    common year (the birthday has not come while 28 February lasts)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def is_fragile_age(birth_date: dt.date, day: dt.date) -> bool:
    """Older than :data:`FRAGILE_AGE` on *day* (71 and over: "plus de 70 ans")."""
    return age_on(birth_date, day) > FRAGILE_AGE
