"""Hostile secrets typed or pasted in the window (issue 13, item 7): the unlock dialog and the
lock screen say what is wrong and let the user try again; the file is not touched. (Qt drops
lone surrogates on the way into a line edit: what remains is then just a wrong passphrase.)"""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt

from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.ui.dialogs import UnlockDialog
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.security import SecurityActions
from rcp_desktop.vault import Protection
from tests.conftest import PASSPHRASE

HOSTILE = {
    "surrogate": "phrase \ud800 de passe",
    "control": "phrase\x00\x07\x1b de passe",
    "100KB": "x" * 100_000,
    "bidi": "\u202eessap ed esarhp",
}


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_unlock_dialog_takes_any_secret_and_asks_again(qtbot, tasks, tmp_path, name):
    path = tmp_path / "base.db"
    Database.create(path, DatabaseKey.new_from_passphrase(PASSPHRASE)).close()
    before = sha(path)
    dialog = UnlockDialog(path, "Dr Essai", tasks)
    qtbot.addWidget(dialog)
    dialog.secret.setText(HOSTILE[name])  # pasted: some cannot be typed
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.error.text() != "" and dialog.open_button.isEnabled(), timeout=10000
    )
    text = dialog.error.text()
    assert "incorrect" in text or "texte valide" in text, text
    assert dialog.db is None and dialog.result() == 0  # still asking
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.db"]
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    dialog.db.close()


def test_the_lock_screen_says_a_pasted_secret_is_not_text(qtbot, tasks, tmp_path, services):
    window = MainWindow(services, tasks, protection="test")
    window.security = SecurityActions(
        window, services, tasks, Protection.PASSPHRASE, auto_backup=False
    )
    qtbot.addWidget(window)
    window.show()
    lock = window.security.lock
    lock.lock()
    lock.set_timeout_minutes(10)
    lock.dialog.secret.setText("phrase \udcff\udcfe collée")
    qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lock.dialog.error.text() != "", timeout=10000)
    assert lock.is_locked
    text = lock.dialog.error.text()
    assert "texte valide" in text or "incorrect" in text, text
    assert "InvalidSecretError" not in text
    lock.dialog.secret.clear()
    qtbot.keyClicks(lock.dialog.secret, services.db.key.recovery_code())
    qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=10000)
