"""Keys for comparing what people type: case-, accent- and punctuation-insensitive.

``normalise_key("Libellé commune (coord.)") == "libelle commune coord"``; œ and æ count as
oe and ae. The commune key adds the French commune conventions: "St"/"Ste" are "Saint"/"Sainte",
a trailing "CEDEX" (and its number) is dropped, so "ST-DENIS CEDEX 1", "Saint Denis" and
"saint-denis" are one commune. An empty or missing text has the key "".
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_SAINT = re.compile(r"\b(st|ste)\b")
_SAINTS = {"st": "saint", "ste": "sainte"}
_CEDEX = re.compile(r" cedex(?: \d+)?$")


@functools.lru_cache(maxsize=1 << 16)
def normalise_key(text: str | None) -> str:
    """Case-, accent- and punctuation-insensitive form of a header, a name or a label."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


@functools.lru_cache(maxsize=1 << 14)
def commune_key(text: str | None) -> str:
    """The key under which two spellings of a commune are the same commune."""
    key = normalise_key(text)
    key = _SAINT.sub(lambda m: _SAINTS[m.group(1)], key)
    return _CEDEX.sub("", key)


# --- typography ------------------------------------------------------------------------------

NBSP = "\u00a0"
_BEFORE_HIGH_PUNCTUATION = re.compile(r" ([:;!?»])")
_AFTER_OPENING_GUILLEMET = re.compile(r"« ")


def unbreakable(text: str) -> str:
    """*text* that never breaks across lines: its spaces made non-breaking (a phone number
    "06 12 34 56 78", a date "12 mars 2026")."""
    return text.replace(" ", NBSP)


def french_spacing(text: str) -> str:
    """French typography for text laid out in lines: the space before « : ; ! ? » » and after
    « « » becomes non-breaking, so a guillemet or a colon never starts a line alone."""
    if " " not in text:
        return text
    text = _AFTER_OPENING_GUILLEMET.sub("«" + NBSP, text)
    return _BEFORE_HIGH_PUNCTUATION.sub(NBSP + r"\1", text)
