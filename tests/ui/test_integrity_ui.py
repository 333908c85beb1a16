"""The window verifies the base after unlocking (issue 13, items 3 and 4): every page in the
background with its progress in the status bar; damaged pages or a chain that does not match
its last known head switch the base to read-only with a banner saying so in plain French and
offering the restore of the last good backup (or adopting the current state)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from rcp_desktop import vault
from rcp_desktop.models import Patient, Sex
from rcp_desktop.storage.engine import keyed_connection
from rcp_desktop.ui.integrity import IntegrityWatch
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.security import SecurityActions
from tests.security.corpus import PAGE, flip, pages_of


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "donnees"))  # the backup folder
    return tmp_path


def open_copy(demo_template, folder, actor) -> vault.OpenedBase:
    source, key = demo_template
    path = folder / "base.db"
    shutil.copyfile(source, path)
    return vault.open_base(path, key, vault.Protection.KEYRING, actor)


def window_for(qtbot, opened, tasks):
    window = MainWindow(opened.services, tasks, protection="test")
    window.security = SecurityActions(
        window, opened.services, tasks, opened.mode, auto_backup=False
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.integrity = IntegrityWatch(window, opened, tasks)
    return window


def answer(title_words: str, button: QMessageBox.StandardButton | None = None) -> None:
    """Answer the next message box whose title holds *title_words* (Yes, or its default)."""

    def handle():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and title_words in widget.windowTitle():
            target = widget.button(button) if button is not None else widget.defaultButton()
            (target or widget.buttons()[0]).click()
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def patients(opened) -> int:
    with opened.db.read() as s:
        return s.scalar(select(func.count(Patient.id)))


def test_a_sound_base_is_verified_in_the_background(qtbot, tasks, demo_template, folder, actor):
    opened = open_copy(demo_template, folder, actor)
    window = window_for(qtbot, opened, tasks)
    values = []
    window.integrity.progress.valueChanged.connect(values.append)
    with qtbot.waitSignal(window.integrity.finished, timeout=60_000) as blocker:
        window.integrity.start()
        assert window.integrity.progress.isVisible()  # the status bar says it is working
        assert "Vérification" in window.integrity.progress_label.text()
    assert blocker.args[0].ok
    assert values and values[-1] == vault.VERIFY_STEPS and len(set(values)) > 3
    assert not window.integrity.progress.isVisible() and not window.integrity.banner.isVisible()
    assert "Base vérifiée" in window.statusBar().currentMessage()
    assert opened.anchored and vault.last_known_head(opened.db.path) is not None
    assert not opened.db.read_only
    opened.close()


def test_damaged_pages_switch_to_read_only_and_the_last_good_backup_is_restored(
    qtbot, tasks, demo_template, folder, actor
):
    opened = open_copy(demo_template, folder, actor)
    good = vault.automatic_backup(opened.db, dt.datetime(2026, 3, 1, 9, 0))
    before = patients(opened)
    flip(opened.db.path, PAGE * (pages_of(opened.db.path) // 2) + 99)  # bad luck on the disk
    window = window_for(qtbot, opened, tasks)
    with qtbot.waitSignal(window.integrity.finished, timeout=60_000):
        window.integrity.start()
    banner = window.integrity.banner
    assert banner.isVisible() and "lecture seule" in banner.title.text()
    assert "page" in banner.text.text() and "consulter" in banner.text.text()
    assert not banner.adopt.isVisible()
    assert opened.db.read_only
    with pytest.raises(vault.ReadOnlyError, match="lecture seule"), opened.db.write(actor) as s:
        s.add(
            Patient(birth_name="X", first_names="Y", birth_date=dt.date(1990, 1, 1), sex=Sex.MALE)
        )
    # The user clicks the banner's button: the newest sound backup, confirmed, then verified.
    answer("Restaurer", QMessageBox.StandardButton.Yes)
    answer("Restauration terminée")
    with qtbot.waitSignal(window.integrity.finished, timeout=60_000) as blocker:
        qtbot.mouseClick(banner.restore_last, Qt.MouseButton.LeftButton)
    assert blocker.args[0].ok, blocker.args[0]
    assert not banner.isVisible() and not opened.db.read_only
    assert patients(opened) == before
    assert vault.verify_backup(good, opened.db.key) is None
    opened.close()


def test_a_base_rolled_back_behind_the_apps_back_is_said_so(
    qtbot, tasks, demo_template, folder, actor
):
    opened = open_copy(demo_template, folder, actor)
    vault.start_anchoring(opened)
    path, key = opened.db.path, opened.db.key
    opened.close()
    conn = keyed_connection(path, key)  # the last rows removed with their audit entries
    for entry_id, entity, entity_id in conn.execute(
        "SELECT id, entity, entity_id FROM audit_entry ORDER BY id DESC LIMIT 5"
    ).fetchall():
        conn.execute(f'DELETE FROM "{entity}" WHERE id = ?', (entity_id,))
        conn.execute("DELETE FROM audit_entry WHERE id = ?", (entry_id,))
    conn.close()
    opened = vault.open_base(path, key, vault.Protection.KEYRING, actor)
    window = window_for(qtbot, opened, tasks)
    with qtbot.waitSignal(window.integrity.finished, timeout=60_000):
        window.integrity.start()
    banner = window.integrity.banner
    assert banner.isVisible() and banner.adopt.isVisible()
    assert (
        "plus court" in banner.text.text()
        and "restaurez la dernière sauvegarde" in banner.text.text()
    )
    assert opened.db.read_only and not opened.anchored
    # The referent put it back in place himself: he adopts it.
    answer("Adopter", QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(banner.adopt, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    assert not opened.db.read_only and opened.anchored
    assert vault.anchor_problem(opened.db) is None
    opened.close()
