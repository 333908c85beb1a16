"""Amounts of money in euro cents, written the French way."""

from __future__ import annotations


def euros(cents: int, *, symbol: bool = True) -> str:
    """1234550 → "12 345,50 €" (thin no-break space between thousands, decimal comma);
    ``symbol=False`` → "12345,50" (what a French spreadsheet reads as a number)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    if not symbol:
        return f"{sign}{whole},{rest:02d}"
    grouped = f"{whole:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{rest:02d}\u00a0€"


def hours(minutes: int) -> str:
    """375 → "6 h 15" (a duration as a person reads it)."""
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def decimal_hours(minutes: int) -> str:
    """375 → "6,25" (hours with a decimal comma, two decimals, for a spreadsheet)."""
    return f"{minutes / 60:.2f}".replace(".", ",")
