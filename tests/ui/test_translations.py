"""Translations work: every text the window shows goes through Qt's translation machinery
(``tr()`` in the UI, ``QT_TRANSLATE_NOOP`` + ``translate`` in the core), so a pseudo-locale that
wraps and lengthens every string reaches every label, button, menu, tab, column title and
placeholder; and no widget clips a text that has grown by a third, as French → German would.
(Vorta's TRANS_SCALE habit.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)

from rcp_desktop import i18n
from rcp_desktop.ui.main_window import MainWindow

OPEN, CLOSE = "⟦", "⟧"
SOURCE = Path(__file__).resolve().parents[2] / "rcp_desktop"


class PseudoTranslator(QTranslator):
    """Wraps every string in ⟦…⟧ and lengthens it by a third; format fields stay intact."""

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
        if not source:
            return source
        return OPEN + source + "~" * (len(source) // 3) + CLOSE


@pytest.fixture
def pseudo(app):
    translator = PseudoTranslator()
    app.installTranslator(translator)
    yield translator
    app.removeTranslator(translator)


def needs_translation(text: str) -> bool:
    """A text a user reads (letters), not a number, a date, a separator or a shortcut."""
    text = text.replace("&", "").strip()
    return bool(re.search(r"[A-Za-zÀ-ÿ]{2,}", text)) and not re.fullmatch(r"(Ctrl|Alt|Shift|F\d+)[+\w]*", text)


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every user-facing text under *root*."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if text and needs_translation(text):
            found.append((where, text))

    if root.windowTitle() != "rcp-desktop":  # the product's name is not translated
        add("title", root.windowTitle())
    for widget in root.findChildren(QWidget):
        name = f"{type(widget).__name__}:{widget.objectName()}"
        if isinstance(widget, QLabel):
            add(name, widget.text())
        elif isinstance(widget, QAbstractButton):
            add(name, widget.text())
            add(name + " tooltip", widget.toolTip())
        elif isinstance(widget, QGroupBox):
            add(name, widget.title())
        elif isinstance(widget, QLineEdit):
            add(name + " placeholder", widget.placeholderText())
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(name + " tab", widget.tabText(i))
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            for i in range(widget.count()):
                add(name + " item", widget.itemText(i))
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for c in range(model.columnCount()):
                add(name + " column", model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
        elif isinstance(widget, QMenu):
            add(name, widget.title())
            for action in widget.actions():
                add(name + " action", action.text())
    return found


def test_every_text_of_every_page_goes_through_the_translator(qtbot, pseudo, services, tasks):
    assert i18n.translate("Ouvert").startswith(OPEN)  # the core is wired to Qt's translators
    window = MainWindow(services, tasks, protection=QCoreApplication.translate("app", "phrase de passe"))
    qtbot.addWidget(window)
    window.show()
    untranslated = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.nav.item(row).text().startswith(OPEN)
    for where, text in shown_texts(window):
        if OPEN not in text:
            untranslated.append(f"{where}: {text!r}")
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text() and needs_translation(action.text()) and OPEN not in action.text():
                untranslated.append(f"menu: {action.text()!r}")
    assert untranslated == []


def test_buttons_and_labels_are_not_clipped_by_longer_translations(qtbot, pseudo, services, tasks):
    window = MainWindow(services, tasks, protection="x")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    clipped = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.current_page()
        QApplication.processEvents()  # let the layouts give the page its geometry
        for button in page.findChildren(QAbstractButton):
            if button.isVisible() and button.text() and button.width() < button.minimumSizeHint().width():
                clipped.append(f"{page.title} button {button.text()!r}: {button.width()} < {button.minimumSizeHint().width()}")
        for label in page.findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap() and label.width() < label.minimumSizeHint().width():
                clipped.append(f"{page.title} label {label.text()!r}: {label.width()} < {label.minimumSizeHint().width()}")
    assert clipped == []


def test_no_f_string_or_concatenation_inside_tr():
    """``tr(f"…{x}")`` can never be translated (the source text changes with the data)."""
    offenders = []
    pattern = re.compile(r"""\b(?:tr|translate|QT_TRANSLATE_NOOP|_N)\(\s*(?:"[^"]*",\s*)?f["']""")
    for path in SOURCE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []


def _dialogs(services, tasks, db_path):
    from rcp_desktop.ui.dialogs import FirstRunDialog, UnlockDialog
    from rcp_desktop.ui.meetings.planning import MeetingDialog, SeriesDialog
    from rcp_desktop.ui.settings_dialog import SettingsDialog

    return {
        "first run": lambda: FirstRunDialog(db_path.parent / "nouvelle.db", "Dr Test", tasks),
        "unlock": lambda: UnlockDialog(db_path, "Dr Test", tasks),
        "settings": lambda: SettingsDialog(services),
        "meeting": lambda: MeetingDialog(services),
        "series": lambda: SeriesDialog(services),
    }


DIALOGS = ["first run", "unlock", "settings", "meeting", "series"]


@pytest.mark.parametrize("name", DIALOGS)
def test_dialogs_are_translated_and_not_clipped(qtbot, pseudo, services, tasks, db_path, name):
    dialog = _dialogs(services, tasks, db_path)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.windowTitle().startswith(OPEN)
    assert [f"{w}: {t!r}" for w, t in shown_texts(dialog) if OPEN not in t] == []
    clipped = [
        f"{type(w).__name__} {w.text()!r}"
        for w in dialog.findChildren(QAbstractButton) + dialog.findChildren(QLabel)
        if w.isVisible() and w.text() and not getattr(w, "wordWrap", lambda: False)()
        and w.width() < w.minimumSizeHint().width()
    ]
    assert clipped == []
