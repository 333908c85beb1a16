"""What the session dialogs share: a form dialog that shows service errors in French at the
field concerned (or in a summary line), never as a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from rcp_desktop.services.errors import ConflictError, FieldError, ServiceError, ValidationError
from rcp_desktop.ui.widgets.fields import (
    INVALID_DATE,
    REQUIRED,
    DateField,
    FieldErrors,
    fit_placeholders,
)


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def with_error(widget: QWidget) -> tuple[QWidget, QLabel, QWidget]:
    """A field and its error label stacked, for a QFormLayout row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    label = error_label()
    layout.addWidget(widget)
    layout.addWidget(label)
    return widget, label, box


class FormDialog(QDialog):
    """A dialog with fields, per-field French errors, a summary line and Save / Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self.summary = error_label()
        self.errors: FieldErrors | None = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def field(self, name: str, widget: QWidget) -> QWidget:
        """Register *widget* as field *name*; returns the box (widget + error) to lay out."""
        widget, label, box = with_error(widget)
        self._fields[name] = (widget, label)
        return box

    def finish_layout(self, layout: QVBoxLayout) -> None:
        self.errors = FieldErrors(self._fields, self.summary)
        fit_placeholders(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        # An explicit minimum width overrides the layout's: never let it cut a (translated,
        # longer) label or button short.
        self.setMinimumWidth(max(self.minimumWidth(), layout.minimumSize().width()))

    def attempt(self, fn: Callable[[], Any]) -> Any:
        """Run a service call; show its French errors and return None if it was refused."""
        assert self.errors is not None
        self.errors.clear()
        try:
            return fn()
        except ValidationError as exc:
            self.errors.show(exc)
        except ConflictError as exc:
            self.summary.setText(exc.message)
            self.on_conflict()
        except ServiceError as exc:
            self.summary.setText(exc.message)
        return None

    def on_conflict(self) -> None:
        """The record changed meanwhile (nothing was overwritten): a dialog that can reload it
        offers to here."""

    def bad_dates(self, fields: dict[str, DateField], required: tuple[str, ...] = ()) -> bool:
        """Show "invalid date" (or "required", for the names in *required*) at each date field
        that needs it, before any service call; True if there was one."""
        wrong = []
        for name, field in fields.items():
            if not field.is_valid():
                wrong.append(FieldError(name, INVALID_DATE))
            elif name in required and field.value() is None:
                wrong.append(FieldError(name, REQUIRED))
        if wrong:
            assert self.errors is not None
            self.errors.show(ValidationError(wrong))
        return bool(wrong)

    def message(self, name: str) -> str:
        assert self.errors is not None
        return self.errors.message(name)

    def save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError
