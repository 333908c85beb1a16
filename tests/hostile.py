"""The hostile values every form and every document must take as typed (issue 7, item 8):
markup, quotes, very long texts, control characters, emoji, right-to-left script, and dates at
the edges. Shared by service, UI and document tests."""

from __future__ import annotations

import datetime as dt

MARKUP = "<b>O'Brien & Fils</b>"
EMOJI = "Émoji 😀 ✅ ⚕ fin"
QUOTES = "« Ça va ? » — “oui” ‘non’ l’été…"
RTL = "שלום עולם"
CONTROL = "avant\x00\x07\x1bapres"
SQL = "'; DROP TABLE patient; --"
LONG_WORDS = [f"mot{i:04d}" for i in range(1400)]  # ~11,000 characters
LONG = " ".join(LONG_WORDS)

# Texts a user can type into a free-text field (CONTROL is not typeable: paste-only).
TEXTS = {
    "markup": MARKUP,
    "emoji": EMOJI,
    "quotes": QUOTES,
    "rtl": RTL,
    "sql": SQL,
    "long": LONG,
}

# Short texts that fit a name field (200 characters).
NAMES = {
    "markup": MARKUP,
    "emoji": "Zoé 😀",
    "quotes": "d’Artagnan « le Jeune »",
    "rtl": RTL,
    "sql": SQL,
}

VERY_OLD = dt.date(1850, 1, 1)
FUTURE = dt.date(2200, 1, 1)

NIR_BODY = "2850775056123"
NIR = NIR_BODY + f"{97 - int(NIR_BODY) % 97:02d}"
