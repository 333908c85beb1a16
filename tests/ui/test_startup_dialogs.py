"""First run and unlock, through the real dialogs."""

import hashlib

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.ui.dialogs import FirstRunDialog, RecoveryCodeDialog, UnlockDialog
from tests.conftest import PASSPHRASE


def acknowledge_recovery(qtbot, seen):
    """Tick 'I stored the code' and close the recovery dialog when it appears."""

    def handle():
        from PySide6.QtWidgets import QApplication

        widget = QApplication.activeModalWidget()
        if isinstance(widget, RecoveryCodeDialog):
            seen.append(widget.code.toPlainText())
            ok = widget.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            assert not ok.isEnabled()
            widget.noted.setChecked(True)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def test_first_run_with_passphrase(qtbot, tasks, tmp_path):
    path = tmp_path / "sub" / "rcp.db"
    dialog = FirstRunDialog(path, "Dr Essai", tasks)
    qtbot.addWidget(dialog)
    assert dialog.use_passphrase.isChecked() and not dialog.use_keyring.isEnabled()
    assert "Aucun trousseau" in dialog.keyring_note.text()
    qtbot.keyClicks(dialog.passphrase, "court")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "au moins" in dialog.error.text()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.confirm, PASSPHRASE + "x")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "diffèrent" in dialog.error.text()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, PASSPHRASE)
    codes = []
    acknowledge_recovery(qtbot, codes)
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.mode == "passphrase" and dialog.db is not None
    dialog.db.close()
    assert path.exists() and not path.read_bytes().startswith(b"SQLite format 3")
    # The recovery code shown opens the base, and so does the passphrase.
    assert DatabaseKey.from_recovery_code(codes[0]) == dialog.key
    assert keymod.candidate_keys(PASSPHRASE, path)[-1] == dialog.key


def test_first_run_with_keyring(qtbot, tasks, tmp_path, fake_keyring):
    path = tmp_path / "rcp.db"
    dialog = FirstRunDialog(path, "Dr Essai", tasks)
    qtbot.addWidget(dialog)
    assert dialog.use_keyring.isChecked() and dialog.use_keyring.isEnabled()
    assert not dialog.passphrase_box.isVisible()
    acknowledge_recovery(qtbot, [])
    with qtbot.waitSignal(dialog.accepted, timeout=15000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.mode == "keyring"
    dialog.db.close()
    assert keymod.keyring_get(path) == dialog.key


def test_first_run_refuses_an_existing_file(qtbot, tasks, tmp_path):
    path = tmp_path / "rcp.db"
    path.write_bytes(b"precious")
    dialog = FirstRunDialog(path, "Dr Essai", tasks)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.confirm, PASSPHRASE)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "existe déjà" in dialog.error.text()
    assert path.read_bytes() == b"precious"


def make_passphrase_db(tmp_path):
    path = tmp_path / "locked.db"
    key = DatabaseKey.new_from_passphrase(PASSPHRASE)
    Database.create(path, key).close()
    return path, key


def test_unlock_wrong_then_right_passphrase(qtbot, tasks, tmp_path):
    path, _key = make_passphrase_db(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    dialog = UnlockDialog(path, "Dr Essai", tasks)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.secret, "pas la bonne phrase")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "incorrect" in dialog.error.text(), timeout=10000)
    assert dialog.attempts == 1 and dialog.db is None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    dialog.secret.clear()
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    dialog.db.close()


def test_unlock_with_the_recovery_code(qtbot, tasks, tmp_path):
    path, key = make_passphrase_db(tmp_path)
    dialog = UnlockDialog(path, "Dr Essai", tasks)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.secret, key.recovery_code())
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    dialog.db.close()


def test_unlock_explains_a_file_that_is_not_a_database(qtbot, tasks, tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    dialog = UnlockDialog(path, "Dr Essai", tasks)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.secret, PASSPHRASE)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "non chiffrée" in dialog.error.text(), timeout=10000)
