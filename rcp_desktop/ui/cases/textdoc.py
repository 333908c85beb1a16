"""Readable documents built from user text without ever parsing it as markup.

:class:`DocWriter` fills a ``QTextDocument`` through a ``QTextCursor``: every piece of text is
inserted as plain text with a character format (bold heading, grey note, highlighted insertion,
struck-out deletion), so ``<b>`` typed by a user shows as ``<b>``.
"""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser

INSERT_BACKGROUND = QColor("#c6f0c2")
INSERT_FOREGROUND = QColor("#0b5d1e")
DELETE_BACKGROUND = QColor("#fbd3d0")
DELETE_FOREGROUND = QColor("#a51d2d")
MUTED = QColor("#5e5c64")
WARNING = QColor("#c01c28")


def _fmt(
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    color: QColor | None = None,
    background: QColor | None = None,
    strike: bool = False,
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if size is not None:
        fmt.setFontPointSize(size)
    if color is not None:
        fmt.setForeground(color)
    if background is not None:
        fmt.setBackground(background)
    if strike:
        fmt.setFontStrikeOut(True)
    return fmt


PLAIN = _fmt()
BOLD = _fmt(bold=True)
NOTE = _fmt(italic=True, color=MUTED)
ALERT = _fmt(bold=True, color=WARNING)
INSERTED = _fmt(background=INSERT_BACKGROUND, color=INSERT_FOREGROUND)
DELETED = _fmt(background=DELETE_BACKGROUND, color=DELETE_FOREGROUND, strike=True)


class DocWriter:
    """Append paragraphs and runs of plain text, each with its format."""

    def __init__(self, document: QTextDocument) -> None:
        document.clear()
        self.document = document
        self.cursor = QTextCursor(document)
        self._first = True

    def _block(self, top_margin: float = 0) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(top_margin)
        if self._first:
            self.cursor.setBlockFormat(block)
            self._first = False
        else:
            self.cursor.insertBlock(block, PLAIN)

    def title(self, text: str) -> None:
        self._block()
        self.cursor.insertText(text, _fmt(bold=True, size=13))

    def heading(self, text: str) -> None:
        self._block(10)
        self.cursor.insertText(text, BOLD)

    def paragraph(
        self, text: str = "", fmt: QTextCharFormat = PLAIN, top_margin: float = 0
    ) -> None:
        self._block(top_margin)
        if text:
            self.cursor.insertText(text, fmt)

    def run(self, text: str, fmt: QTextCharFormat = PLAIN) -> None:
        """Continue the current paragraph."""
        if self._first:
            self._block()
        if text:
            self.cursor.insertText(text, fmt)


def reading_view() -> QTextBrowser:
    view = QTextBrowser()
    view.setOpenLinks(False)
    view.setOpenExternalLinks(False)
    view.setReadOnly(True)
    return view


def formatted_runs(document: QTextDocument) -> list[tuple[str, QTextCharFormat]]:
    """Every run of text of *document* with its format (for tests and accessibility checks)."""
    runs = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                runs.append((fragment.text(), fragment.charFormat()))
            it += 1
        block = block.next()
    return runs
