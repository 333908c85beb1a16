"""Field validation shared by the services: collect errors, raise them together."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.services.errors import FieldError, ValidationError

T = TypeVar("T")

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

    def required(self, field: str, value: T | None) -> T | None:
        if value is None:
            self.add(field, _N("core", "Ce champ est obligatoire."))
        return value

    def date_not_after(
        self, field: str, value: dt.date | None, limit: dt.date, template: str
    ) -> None:
        if value is not None and value > limit:
            self.add(field, template, date=fr_date(limit))

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
