"""Cell text: the comparison key of a header, a commune or a name, and the tidying of values."""

from __future__ import annotations

import re

from rcp_desktop.domain.text import normalise_key

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


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
