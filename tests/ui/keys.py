"""Typing French text into real widgets.

``QTest.keyClicks`` only maps ASCII characters to keys (an accented letter aborts the process),
so other characters are sent as key events carrying their text, as a keyboard layout does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


def type_char(widget: QWidget, ch: str) -> None:
    if ch.isascii() and ch.isprintable():
        QTest.keyClicks(widget, ch)
        return
    key = Qt.Key.Key_Return if ch == "\n" else Qt.Key.Key_unknown
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def type_text(widget: QWidget, text: str) -> None:
    for ch in text:
        type_char(widget, ch)
