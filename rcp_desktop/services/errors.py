"""Typed service errors carrying French (translatable) messages."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from rcp_desktop.i18n import TranslatableError, translate


class ServiceError(TranslatableError):
    """Base of the errors the services raise; ``message`` is French, ready to display."""


class NotFoundError(ServiceError):
    """The record no longer exists."""


class RefusedError(ServiceError):
    """A business rule forbids the operation."""


class ConflictError(ServiceError):
    """Someone else changed the record in the meantime; nothing was overwritten."""


@dataclass(frozen=True)
class FieldError:
    field: str
    template: str
    params: dict[str, object] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        return translate(self.template).format(**self.params)


class ValidationError(ServiceError):
    """One or more fields are invalid; ``errors`` maps each field to its message."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.field_errors = errors
        Exception.__init__(self, self.message)
        self.template = errors[0].template if errors else ""
        self.params = errors[0].params if errors else {}

    @property
    def errors(self) -> dict[str, str]:
        result: dict[str, str] = {}
        for err in self.field_errors:
            result.setdefault(err.field, err.message)
        return result

    @property
    def message(self) -> str:
        return "\n".join(err.message for err in self.field_errors)
