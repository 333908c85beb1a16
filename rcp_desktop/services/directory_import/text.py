"""Cell text: the comparison key of a header, a commune or a name, and the tidying of values."""

from __future__ import annotations

import functools
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise_key(text: str | None) -> str:
    """Case-, accent- and punctuation-insensitive form of a header, a commune or a name."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize(
            "NFKD", text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
        )
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


@functools.lru_cache(maxsize=1 << 14)
def commune_key(text: str | None) -> str:
    """:func:`normalise_key` with 'St'/'Ste' spelt out and a trailing 'Cedex' dropped."""
    key = normalise_key(text)
    key = re.sub(r"^(st|ste) ", lambda m: "saint " if m.group(1) == "st" else "sainte ", key)
    key = re.sub(r" (st|ste) ", lambda m: " saint " if m.group(1) == "st" else " sainte ", key)
    return re.sub(r" cedex( \d+)?$", "", key)


def clean_value(value: str | None) -> str:
    """A cell as typed, minus surrounding blanks, stray quotes and control characters."""
    if not value:
        return ""
    value = _CONTROL.sub("", value.replace("\t", " ")).strip()
    while len(value) >= 1 and value[0] == '"':
        value = value[1:].lstrip()
    while value.endswith('"'):
        value = value[:-1].rstrip()
    return value.replace('""', '"')


_SMALL_WORDS = {
    "le",
    "la",
    "les",
    "de",
    "du",
    "des",
    "sur",
    "sous",
    "en",
    "et",
    "aux",
    "l",
    "d",
    "lès",
    "lez",
}


def nice_commune(text: str) -> str:
    """'SAINT-GERMAIN-LES-ARPAJON' → 'Saint-Germain-les-Arpajon'; mixed case is kept."""
    if not text or text != text.upper():
        return text
    out = []
    for i, part in enumerate(re.split(r"([ \-'’])", text.lower())):
        out.append(part if (i > 0 and part in _SMALL_WORDS) else part[:1].upper() + part[1:])
    return "".join(out)


def nice_phone(text: str) -> str:
    digits = re.sub(r"[\s.\-]", "", text)
    if len(digits) == 10 and digits.isdigit():
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return text


def yes_no(text: str) -> bool | None:
    key = normalise_key(text)
    if key in {"oui", "o", "yes", "y", "1", "x", "vrai", "true", "membre", "adherent"}:
        return True
    if key in {"non", "n", "no", "0", "faux", "false"}:
        return False
    return None
