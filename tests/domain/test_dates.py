import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcp_desktop import i18n
from rcp_desktop.domain.dates import (
    MONTHS,
    WEEKDAYS,
    fr_date,
    fr_datetime,
    fr_long_date,
    fr_time,
    month_name,
    parse_fr_date,
    short_datetime,
    short_time,
    weekday_name,
)

dates = st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2200, 12, 31))


def test_short_forms():
    assert fr_date(dt.date(2026, 3, 7)) == "07/03/2026"
    assert short_time(dt.time(9, 5)) == "09:05"
    assert short_time(dt.time(0, 0)) == "00:00"  # midnight is a time, not "nothing"
    assert short_datetime(dt.datetime(2026, 3, 7, 20, 0)) == "07/03/2026 20:00"
    assert fr_date(None) == short_time(None) == short_datetime(None) == ""


def test_document_forms():
    assert fr_long_date(dt.date(2026, 3, 10)) == "mardi 10 mars 2026"
    assert fr_long_date(dt.date(2026, 8, 1)) == "samedi 1er août 2026"
    assert fr_time(dt.time(14, 30)) == "14\u00a0h\u00a030"  # never split across lines
    assert fr_time(dt.time(9, 0)) == "09\u00a0h"
    assert fr_time(dt.time(9, 5)) == "09\u00a0h\u00a005"
    assert fr_datetime(dt.datetime(2026, 12, 31, 23, 59)) == "31/12/2026 à 23:59"
    assert fr_time(None) == fr_datetime(None) == ""


@given(dates)
def test_fr_date_is_strftime_and_parses_back(day):
    assert fr_date(day) == day.strftime("%d/%m/%Y")
    assert parse_fr_date(fr_date(day)) == day


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)))
def test_times_agree_with_strftime(value):
    assert short_time(value.time()) == value.strftime("%H:%M")
    assert short_datetime(value) == value.strftime("%d/%m/%Y %H:%M")
    assert fr_datetime(value) == value.strftime("%d/%m/%Y à %H:%M")
    assert fr_time(value.time()) == value.strftime("%H\u00a0h\u00a0%M").replace(
        "\u00a0h\u00a000", "\u00a0h"
    )


@given(dates)
def test_long_date_names_the_right_day_and_month(day):
    words = fr_long_date(day).split(" ")
    assert words[0] == WEEKDAYS[day.weekday()]
    assert words[1] == ("1er" if day.day == 1 else str(day.day))
    assert words[2] == MONTHS[day.month - 1]
    assert words[3] == str(day.year)


def test_names_are_translated_when_formatted(monkeypatch):
    monkeypatch.setattr(i18n, "_translator", lambda context, text: f"[{context}:{text}]")
    assert weekday_name(0) == "[core:lundi]"
    assert month_name(12) == "[core:décembre]"
    assert fr_long_date(dt.date(2026, 3, 9)) == "[core:lundi] 9 [core:mars] 2026"


def test_parse_typed_dates():
    assert parse_fr_date("07/03/2026") == dt.date(2026, 3, 7)
    assert parse_fr_date(" 07032026 ") == dt.date(2026, 3, 7)
    assert parse_fr_date("07/03/26") == dt.date(2026, 3, 7)
    assert parse_fr_date("2026-03-07") == dt.date(2026, 3, 7)
    assert parse_fr_date("  ") is None


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2025", "7 mars", "2026/03/07", "00/01/2026"])
def test_parse_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_fr_date(text)


def test_leap_day_parses_in_a_leap_year():
    assert parse_fr_date("29/02/2024") == dt.date(2024, 2, 29)
