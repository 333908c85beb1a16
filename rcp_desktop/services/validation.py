"""Field validation shared by the services: collect errors, raise them together."""

from __future__ import annotations

import datetime as dt
import re

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.services.errors import FieldError, ValidationError

MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 100_000
OLDEST_BIRTH_DATE = dt.date(1880, 1, 1)


class Validator:
    """Collects :class:`FieldError` s; :meth:`raise_if_any` raises one ValidationError."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, template: str, **params: object) -> None:
        self.errors.append(FieldError(field, template, params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    # --- common checks; each returns the cleaned value -------------------------------------

    def required_text(
        self, field: str, value: str | None, *, max_length: int = MAX_SHORT_TEXT
    ) -> str:
        text = (value or "").strip()
        if not text:
            self.add(field, _N("core", "Ce champ est obligatoire."))
        elif len(text) > max_length:
            self.add(field, _N("core", "{n} caractères au plus."), n=max_length)
        return text

    def optional_text(
        self, field: str, value: str | None, *, max_length: int = MAX_LONG_TEXT
    ) -> str | None:
        if value is None:
            return None
        text = value.strip()
        if len(text) > max_length:
            self.add(field, _N("core", "{n} caractères au plus."), n=max_length)
        return text or None

    def required(self, field: str, value: object) -> object:
        if value is None:
            self.add(field, _N("core", "Ce champ est obligatoire."))
        return value

    def date_not_after(
        self, field: str, value: dt.date | None, limit: dt.date, template: str
    ) -> None:
        if value is not None and value > limit:
            self.add(field, template, date=limit.strftime("%d/%m/%Y"))

    def date_order(
        self, field: str, earlier: dt.date | None, later: dt.date | None, template: str
    ) -> None:
        if earlier is not None and later is not None and later < earlier:
            self.add(field, template)

    def int_range(self, field: str, value: int | None, low: int, high: int) -> None:
        if value is None or not (low <= value <= high):
            self.add(
                field, _N("core", "Valeur attendue entre {low} et {high}."), low=low, high=high
            )


# --- national identifiers ----------------------------------------------------------------

NIR_PATTERN = re.compile(r"^[12378]\d{4}(\d{2}|2A|2B)\d{8}$")


def normalise_nir(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


def nir_key(nir13: str) -> int:
    """The NIR check key: 97 − (number mod 97); Corsica 2A/2B count as 19/18."""
    digits = nir13.replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


def nir_is_valid(nir: str) -> bool:
    nir = normalise_nir(nir)
    if len(nir) != 15 or not NIR_PATTERN.match(nir):
        return False
    if not nir[13:].isdigit():
        return False
    return nir_key(nir[:13]) == int(nir[13:])


def luhn_is_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def rpps_is_well_formed(rpps: str) -> bool:
    return len(rpps) == 11 and rpps.isdigit()
