"""National identifiers and their check keys.

- NIR (numéro de sécurité sociale): 13 characters and a 2-digit key, 97 − (number mod 97);
  Corsica's department 2A / 2B counts as 19 / 18.
- RPPS: 11 digits, the last one a Luhn check digit. A wrong key is a warning (some real numbers
  were issued so), a wrong length or a letter an error.
- ADELI: 9 characters (Corsican ones carry 2A / 2B).
"""

from __future__ import annotations

import re

NIR_PATTERN = re.compile(r"^[12378]\d{4}(\d{2}|2A|2B)\d{8}$")
RPPS_LENGTH = 11
ADELI_LENGTH = 9

_BLANKS = re.compile(r"\s")


def compact(value: str | None) -> str:
    """An identifier as typed, without its blanks ('' for None)."""
    return _BLANKS.sub("", value or "")


# --- Luhn (RPPS) ------------------------------------------------------------------------------


def _luhn_sum(digits: str, *, double_even: bool) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if (i % 2 == 0) == double_even:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total


def luhn_is_valid(digits: str) -> bool:
    """True if the last digit of *digits* is the Luhn check digit of the others."""
    if not digits.isascii() or not digits.isdigit():
        return False
    return _luhn_sum(digits, double_even=False) % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` pass :func:`luhn_is_valid`."""
    if not partial.isascii() or not partial.isdigit():
        raise ValueError("digits expected")
    return str(-_luhn_sum(partial, double_even=True) % 10)


def rpps_is_well_formed(rpps: str) -> bool:
    """Eleven digits (the check digit is not looked at: see :func:`luhn_is_valid`)."""
    return len(rpps) == RPPS_LENGTH and rpps.isascii() and rpps.isdigit()


def adeli_is_well_formed(adeli: str) -> bool:
    return len(adeli) == ADELI_LENGTH


# --- NIR ------------------------------------------------------------------------------------


def normalise_nir(value: str) -> str:
    """Without blanks, dots and dashes, upper case."""
    return re.sub(r"[\s.\-]", "", value).upper()


def nir_key(nir13: str) -> int:
    """The NIR check key: 97 − (number mod 97); Corsica 2A/2B count as 19/18."""
    digits = nir13.replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


def with_nir_key(nir13: str) -> str:
    """The 15-character NIR: *nir13* followed by its key."""
    return f"{nir13}{nir_key(nir13):02d}"


def nir_is_valid(nir: str) -> bool:
    nir = normalise_nir(nir)
    if len(nir) != 15 or not NIR_PATTERN.match(nir):
        return False
    if not nir[13:].isdigit():
        return False
    return nir_key(nir[:13]) == int(nir[13:])
