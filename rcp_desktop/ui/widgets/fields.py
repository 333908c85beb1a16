"""Form fields shared by every form: optional French dates, enum combos, a professional
picker, and field-level error display for :class:`ValidationError`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import StrEnum

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QTextCursor
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date, parse_fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import Professional, choices
from rcp_desktop.paths import resources_dir
from rcp_desktop.services.errors import ValidationError

# A FieldError template (translated where it is shown, like the services' messages).
INVALID_DATE = _N("core", "Date invalide : jj/mm/aaaa.")
REQUIRED = _N("core", "Ce champ est obligatoire.")


class DateField(QLineEdit):
    """A date typed as jj/mm/aaaa, or picked in a calendar (the button at its end, Alt+↓ or
    F4), possibly empty. ``value()`` raises ValueError when the text is not a date;
    ``is_valid()`` tells without raising. A picked date arrives as if typed (``textChanged``)."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("jj/mm/aaaa"))
        self.setMaxLength(10)
        self.calendar: QCalendarWidget | None = None
        icon = resources_dir() / "icons" / "calendar.svg"
        self.calendar_action = self.addAction(
            QIcon(str(icon)), QLineEdit.ActionPosition.TrailingPosition
        )
        self.calendar_action.setToolTip(self.tr("Choisir dans le calendrier (Alt+↓)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.set_value(value)

    def _room(self) -> int:
        """The width that shows a whole date (or the placeholder) and the calendar button."""
        metrics = self.fontMetrics()
        text = max(
            metrics.horizontalAdvance(self.placeholderText()),
            metrics.horizontalAdvance("00/00/0000"),
        )
        return text + 16 + 22

    def minimumSizeHint(self) -> QSize:
        return QSize(self._room(), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(
            max(self._room(), super().sizeHint().width() // 2), super().sizeHint().height()
        )

    def setReadOnly(self, on: bool) -> None:  # noqa: N802 - Qt API
        super().setReadOnly(on)
        self.calendar_action.setEnabled(not on)

    def keyPressEvent(self, event) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if (alt_down or event.key() == Qt.Key.Key_F4) and not self.isReadOnly():
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> QCalendarWidget:
        """The month of the typed date (else of today) in a calendar under the field; a click
        or Enter on a day puts it in the field, Escape leaves the field as it was."""
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)  # a French week
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        try:
            shown = self.value()
        except ValueError:
            shown = None
        calendar.setSelectedDate(QDate(shown or dt.date.today()))
        calendar.activated.connect(self._picked)
        calendar.clicked.connect(self._picked)
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        self.calendar = calendar
        return calendar

    def _picked(self, day: QDate) -> None:
        self.set_value(day.toPython())
        if self.calendar is not None:
            self.calendar.close()
            self.calendar.deleteLater()
            self.calendar = None
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.editingFinished.emit()

    def set_value(self, value: dt.date | None) -> None:
        self.setText(fr_date(value))

    def value(self) -> dt.date | None:
        return parse_fr_date(self.text())

    def is_valid(self) -> bool:
        try:
            self.value()
        except ValueError:
            return False
        return True


def fit_placeholders(root: QWidget) -> None:
    """Every empty field's placeholder is its only label: make each line edit under *root* at
    least wide enough to show it whole (with the room of its buttons)."""
    for edit in root.findChildren(QLineEdit):
        text = edit.placeholderText()
        if not text:
            continue
        actions = sum(1 for a in edit.actions() if a.isVisible())
        needed = edit.fontMetrics().horizontalAdvance(text) + 16 + 22 * actions
        if edit.minimumWidth() < needed and edit.maximumWidth() >= needed:
            edit.setMinimumWidth(needed)


class GrowingTextEdit(QPlainTextEdit):
    """A short text typed on one line that wraps and grows to show all of it (up to
    *max_lines*, then scrolls), instead of a line edit showing only the end of a long text.
    Tab moves on to the next field; ``text()`` / ``setText()`` / ``text_changed`` as a line
    edit's."""

    text_changed = Signal(str)

    def __init__(self, text: str = "", *, max_lines: int = 4, parent=None) -> None:
        super().__init__(parent)
        self.max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.max_length = 0
        self.textChanged.connect(self._changed)
        self.setText(text)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - a line edit's API
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)

    def setMaxLength(self, length: int) -> None:  # noqa: N802 - a line edit's API
        self.max_length = length

    def _lines(self) -> int:
        document = self.document()
        layout = document.documentLayout()
        return max(1, min(self.max_lines, round(layout.documentSize().height())))

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        line = self.fontMetrics().lineSpacing()
        return int(
            lines * line
            + 2 * self.document().documentMargin()
            + margins.top()
            + margins.bottom()
            + 4
        )

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(self._lines()))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self._height_for(1))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        lines = round(self.document().documentLayout().documentSize().height())
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded
            if lines > self.max_lines
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        height = self._height_for(self._lines())
        if self.height() != height:
            self.setFixedHeight(height)

    def _changed(self) -> None:
        text = self.toPlainText()
        if self.max_length and len(text) > self.max_length:
            cursor = self.textCursor()
            self.setPlainText(text[: self.max_length])
            cursor.setPosition(min(cursor.position(), self.max_length))
            self.setTextCursor(cursor)
            return
        self._fit_height()
        self.text_changed.emit(text)


class EnumCombo(QComboBox):
    """A combo box over an enum's French labels; optional empty first entry."""

    def __init__(self, enum_cls: type[StrEnum], *, empty: str | None = None, parent=None) -> None:
        super().__init__(parent)
        self._enum_cls = enum_cls
        if empty is not None:
            self.addItem(empty, None)
        for member, text in choices(enum_cls):
            self.addItem(text, member)

    def value(self) -> StrEnum | None:
        # Qt hands a StrEnum back as a plain str: give the caller the member again.
        data = self.currentData()
        return None if data is None else self._enum_cls(data)

    def set_value(self, member: StrEnum | None) -> None:
        index = self.findData(member)
        self.setCurrentIndex(max(index, 0))


class ProfessionalPicker(QComboBox):
    """Choose a professional of the directory by typing part of the name (or none)."""

    def __init__(
        self, professionals: Callable[[], Iterable[Professional]], *, empty: str = "", parent=None
    ):
        super().__init__(parent)
        self._source = professionals
        self._empty = empty
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.reload()

    def reload(self) -> None:
        current = self.value()
        self.clear()
        self.addItem(self._empty, None)
        for pro in self._source():
            self.addItem(f"{pro.display_name} — {pro.profession_label}", pro.id)
        self.set_value(current)

    def value(self) -> int | None:
        index = self.findText(self.currentText())
        return self.itemData(index) if index >= 0 else None

    def set_value(self, pro_id: int | None) -> None:
        index = self.findData(pro_id)
        self.setCurrentIndex(max(index, 0))


class FieldErrors:
    """Shows a ValidationError's messages under the fields concerned (and a summary label for
    fields without a widget); each message clears when its field is edited."""

    def __init__(self, fields: dict[str, tuple[QWidget, QLabel]], summary: QLabel) -> None:
        self.fields = fields
        self.summary = summary
        for widget, label in fields.values():
            label.setObjectName("fieldError")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.hide()
            signal: Signal | None = getattr(widget, "textChanged", None) or getattr(
                widget, "currentIndexChanged", None
            )
            if signal is not None:
                signal.connect(lambda *_a, lbl=label: lbl.hide())

    def clear(self) -> None:
        for _widget, label in self.fields.values():
            label.clear()
            label.hide()
        self.summary.clear()

    def show(self, error: ValidationError) -> None:
        self.clear()
        leftovers = []
        for name, message in error.errors.items():
            if name in self.fields:
                _widget, label = self.fields[name]
                label.setText(message)
                label.show()
            else:
                leftovers.append(message)
        self.summary.setText("\n".join(leftovers))
        first = next((self.fields[n][0] for n in error.errors if n in self.fields), None)
        if first is not None:
            first.setFocus()

    def message(self, name: str) -> str:
        """The message shown for *name* ('' if none) — for tests and accessibility."""
        _widget, label = self.fields[name]
        return label.text() if not label.isHidden() else ""
