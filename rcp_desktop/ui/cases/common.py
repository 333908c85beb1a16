"""Small pieces the Dossiers dialogs and views share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QWidget

from rcp_desktop.services.patients import AgendaEligibility

OK_STYLE = "QLabel { background: #e6f4ea; color: #0b5f2a; padding: 6px; border-radius: 3px; }"
MISSING_STYLE = "QLabel { background: #fce8e6; color: #a50e0e; padding: 6px; border-radius: 3px; font-weight: bold; }"
TEXT_HEIGHT = 64


def plain_label(text: str = "", *, selectable: bool = False, wrap: bool = True) -> QLabel:
    """A label for user text: never interpreted as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def text_edit(height: int = TEXT_HEIGHT, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


class EligibilityBanner(QLabel):
    """Says plainly whether the patient's cases may be put on a session's agenda (consent or a
    recorded exception in force today)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.covered: bool | None = None

    def show_eligibility(self, eligibility: AgendaEligibility | None) -> None:
        if eligibility is None:
            self.covered = None
            self.clear()
            self.setStyleSheet("")
            self.hide()
            return
        self.covered = eligibility.covered
        self.setText(("✔ " if eligibility.covered else "✘ ") + eligibility.message)
        self.setStyleSheet(OK_STYLE if eligibility.covered else MISSING_STYLE)
        self.show()


class MessageLabel(QLabel):
    """A one-line message under a toolbar: errors in red, confirmations in green; takes no
    room when empty."""

    ERROR = "QLabel { color: #c01c28; }"
    INFO = "QLabel { color: #0b5f2a; }"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(self.ERROR)
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        self.setStyleSheet(self.ERROR)
        super().setText(text)
        self.setVisible(bool(text))

    def show_info(self, text: str) -> None:
        super().setText(text)
        self.setStyleSheet(self.INFO)
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.hide()


def small_button(text: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(lambda _checked=False: slot())
    return button
