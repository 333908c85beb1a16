"""Finders of identifiers that have a shape: NIR, phone numbers, e-mail and postal addresses,
written dates, case numbers, long numbers. Each returns the spans of a text it found.

Pure functions over a string; which dates are birth dates and which case numbers exist is the
caller's knowledge (:mod:`.masker`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from rcp_desktop.domain.identifiers import NIR_PATTERN, nir_key


class Kind(StrEnum):
    """What a masked span was."""

    NAME = "name"
    INITIALS = "initials"
    BIRTH_DATE = "birth_date"
    NIR = "nir"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    CASE_NUMBER = "case_number"
    MANUAL = "manual"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: Kind


# --- e-mail, phone ------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def find_emails(text: str) -> Iterator[Span]:
    for m in _EMAIL.finditer(text):
        yield Span(m.start(), m.end(), Kind.EMAIL)


def find_phones(text: str) -> Iterator[Span]:
    """Phone numbers in any common writing (French by default, international with +/00), as
    libphonenumber finds them with its most lenient setting."""
    if sum(ch.isdigit() for ch in text) < 8:
        return
    for match in phonenumbers.PhoneNumberMatcher(
        text, "FR", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        yield Span(match.start, match.end, Kind.PHONE)


# --- NIR ----------------------------------------------------------------------------------------

# 13 characters (the 6th and 7th may be 2A/2B), then maybe a 2-digit key, any blanks, dots or
# dashes between the characters.
_SEP = r"[ \u00a0.\-]?"
_NIR = re.compile(
    r"(?<![0-9A-Za-z])[12378](?:"
    + _SEP
    + r"[0-9AaBb]){12}(?:"
    + _SEP
    + r"\d"
    + _SEP
    + r"\d)?(?!\d)"
)


def _nir_chars(raw: str) -> str:
    return re.sub(r"[^0-9AB]", "", raw.upper())


def find_nirs(text: str, known_bodies: frozenset[str] = frozenset()) -> Iterator[Span]:
    """NIR: 15 characters whose key checks, 13 characters of NIR shape, or any writing of a
    NIR known to the base."""
    for m in _NIR.finditer(text):
        chars = _nir_chars(m.group())
        body = chars[:13]
        if body in known_bodies:
            yield Span(m.start(), m.end(), Kind.NIR)
            continue
        keyed = len(chars) == 15 and NIR_PATTERN.match(chars) and nir_key(body) == int(chars[13:])
        bare = len(chars) == 13 and NIR_PATTERN.match(chars + "00")
        if keyed or bare:
            yield Span(m.start(), m.end(), Kind.NIR)


# --- dates --------------------------------------------------------------------------------------

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7, "jul": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip
_MONTH_WORD = (
    r"(?:janv(?:ier)?|jan|f[ée]vr?(?:ier)?|mars?|avr(?:il)?|mai|juin|juil(?:let)?|jul|ao[uû]t|"
    r"sept?(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.\-])(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d/])"
)
_SPACED_DATE = re.compile(r"(?<![\d.])(\d{1,2}) (\d{1,2}) (\d{4})(?!\d)")
_ISO_DATE = re.compile(r"(?<![\d/.\-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/])")
_TEXT_DATE = re.compile(
    r"(?<!\d)(1er|\d{1,2})(?:er)?[\s/.\-]*(" + _MONTH_WORD + r")\.?[\s/.\-]*(\d{4}|\d{2})(?!\d)",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(r"(?<![\w])(" + _MONTH_WORD + r")\.?\s+(\d{4})(?!\d)", re.IGNORECASE)
_DAY_MONTH = re.compile(
    r"(?<!\d)(1er|\d{1,2})(?:er)?\s+(" + _MONTH_WORD + r")\.?(?![\w])", re.IGNORECASE
)
_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")


@dataclass(frozen=True)
class DateMention:
    """A written date and the days it may stand for (a 2-digit year is 19yy or 20yy)."""

    start: int
    end: int
    days: tuple[dt.date, ...]
    partial: bool = False


def _month_number(word: str) -> int | None:
    key = word.lower().rstrip(".").replace("é", "e").replace("è", "e").replace("û", "u")
    if key in _MONTHS:
        return _MONTHS[key]
    for name, number in _MONTHS.items():
        if len(key) >= 3 and name.startswith(key):
            return number
    return None


def _days(day: int, month: int, year_text: str) -> tuple[dt.date, ...]:
    if len(year_text) == 4:
        years = [int(year_text)]
    else:
        years = [1900 + int(year_text), 2000 + int(year_text)]
    found = []
    for year in years:
        try:
            found.append(dt.date(year, month, day))
        except ValueError:
            continue
    return tuple(found)


def _day(text: str) -> int:
    return 1 if text.lower() == "1er" else int(text)


def find_dates(text: str) -> Iterator[DateMention]:
    """Full dates in any common French writing: 16/02/2012, 16/2/12, 16.02.2012, 16-02-2012,
    16 02 2012, 2012-02-16, 16 février 2012, 1er févr. 12, 16-fév-2012…"""
    for m in _NUMERIC_DATE.finditer(text):
        days = _days(int(m.group(1)), int(m.group(3)), m.group(4))
        if days:
            yield DateMention(m.start(), m.end(), days)
    for m in _SPACED_DATE.finditer(text):
        days = _days(int(m.group(1)), int(m.group(2)), m.group(3))
        if days:
            yield DateMention(m.start(), m.end(), days)
    for m in _ISO_DATE.finditer(text):
        days = _days(int(m.group(3)), int(m.group(2)), m.group(1))
        if days:
            yield DateMention(m.start(), m.end(), days)
    for m in _TEXT_DATE.finditer(text):
        month = _month_number(m.group(2))
        if month is not None:
            days = _days(_day(m.group(1)), month, m.group(3))
            if days:
                yield DateMention(m.start(), m.end(), days)


def find_partial_dates(text: str) -> Iterator[DateMention]:
    """A day and a month ("14 juillet"), a month and a year ("février 2012"), a year alone:
    what a birth is sometimes given as."""
    for m in _MONTH_YEAR.finditer(text):
        month = _month_number(m.group(1))
        if month is not None:
            yield DateMention(m.start(), m.end(), (dt.date(int(m.group(2)), month, 1),), True)
    for m in _DAY_MONTH.finditer(text):
        month = _month_number(m.group(2))
        if month is not None and 1 <= _day(m.group(1)) <= 31:
            yield DateMention(m.start(), m.end(), (dt.date(2000, month, 1),), True)
    for m in _YEAR.finditer(text):
        yield DateMention(m.start(), m.end(), (dt.date(int(m.group(1)), 1, 1),), True)


# Words announcing a birth date just before it: "né le", "née en", "DDN :", "naissance".
BIRTH_CONTEXT = re.compile(
    r"(?:\bn[ée]e?s?(?:\s?\(e\))?|\bnaissance|\bddn|\bn[ée]\(e\))\s*(?:le|en|:|au|à|a)?\s*(?:le\s+|en\s+|:\s*)?$",
    re.IGNORECASE,
)


def after_birth_word(text: str, start: int) -> bool:
    """True if the words just before *start* announce a birth date."""
    return bool(BIRTH_CONTEXT.search(text[max(0, start - 30) : start]))


# --- postal addresses ---------------------------------------------------------------------------

# Street types written out (no dot after them: "à la rue." is a situation, not an address) and
# their abbreviations (a dot allowed).
_STREET = (
    r"(?:(?i:rue|avenue|boulevard|all[ée]e|impasse|chemin|place|route|quai|cours|square|voie|"
    r"sentier|passage|cit[ée]|lotissement|r[ée]sidence|hameau|lieu-dit|lieudit|chauss[ée]e|"
    r"rond-point|faubourg|parvis|promenade|esplanade|villa|clos|traverse|venelle|ruelle|"
    r"domaine)|(?i:av|bd|bld|rte|fbg|r[ée]s|imp|pl)\.?)"
)
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ0-9][\w'’\-]*|d[eu]s?|la|le|les|l['’]|d['’]|aux?|et|sur|sous|saint|sainte|st|ste)"
_STREET_NAME = r"(?:" + _NAME_WORD + r"[ \u00a0]?){1,8}"
_ADDRESS = re.compile(
    r"(?<![\w])(?:\d{1,4}\s?(?:bis|ter|quater|[a-dA-D])?\s?,?\s*)?"
    + _STREET
    + r"[ \u00a0]+(?=(?:d[eu]s?\s|la\s|le\s|les\s|l['’]|d['’]|aux?\s)*[A-ZÀ-ÖØ-Þ0-9])"
    + _STREET_NAME
)
_POSTCODE_TOWN = re.compile(
    r"(?<![\w])(?:\d{5}|2[AB]\d{3})[ \u00a0]+[A-ZÀ-ÖØ-Þ][\w'’\-]*(?:[ \u00a0\-](?:[A-ZÀ-ÖØ-Þ][\w'’\-]*|sur|sous|en|les|la|le|de|du))*(?:\s+(?i:cedex)(?:\s+\d{1,2}(?!\d))?)?",
)
_BUILDING = re.compile(
    r"(?<![\w])(?i:b[âa]t(?:iment)?|appt?|appartement|esc(?:alier)?|porte|[ée]tage|bo[iî]te postale|bp)"
    r"(?:\.\s*|\s+)(?:(?i:n[°o])\s*)?(?:\d{1,4}|[A-Z])(?![\w])"
)


def find_addresses(text: str) -> Iterator[Span]:
    """Street addresses ("12 bis, rue des Lilas", "avenue Jean Jaurès"), postcode and town
    ("91200 Athis-Mons"), building parts ("bât. B", "appt 12")."""
    for pattern in (_ADDRESS, _POSTCODE_TOWN, _BUILDING):
        for m in pattern.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in " \u00a0":
                end -= 1
            # The street keyword alone (case-insensitive match of "Rue" + lower-case text) is
            # ruled out by the look-ahead; a sentence's next capitalised word is not part of it.
            yield Span(m.start(), end, Kind.ADDRESS)


# --- numbers ------------------------------------------------------------------------------------

_CASE_NUMBER = re.compile(r"(?<![\w/.\-])(\d{4})\s?[-/ .]\s?(\d{1,4})(?![\w/])")


def find_case_numbers(text: str, known: frozenset[str]) -> Iterator[Span]:
    """Case numbers of the base ("2026-0012", also typed 2026/12, 2026 0012)."""
    if not known:
        return
    for m in _CASE_NUMBER.finditer(text):
        number = f"{m.group(1)}-{int(m.group(2)):04d}"
        if number in known:
            yield Span(m.start(), m.end(), Kind.CASE_NUMBER)


_LONG_NUMBER = re.compile(r"(?<![\w])\d(?:[ \u00a0.\-/]?\d){4,}(?![\w])")
_CODE = re.compile(r"(?<![\w])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{6,}(?![\w])")


def find_identifier_numbers(text: str) -> Iterator[tuple[int, int]]:
    """Numbers of identifier shape: five digits or more (blanks, dots, dashes between them
    allowed), codes mixing letters and digits of six characters or more."""
    for pattern in (_LONG_NUMBER, _CODE):
        for m in pattern.finditer(text):
            yield m.start(), m.end()
