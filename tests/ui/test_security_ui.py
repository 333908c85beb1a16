"""Auto-lock, key change, backups, integrity check and single instance, in the real window."""

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from rcp_desktop.models import Patient, Sex
from rcp_desktop.services import Services
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage.backup import backup_to
from rcp_desktop.ui.dialogs import RecoveryCodeDialog
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.security import (
    ChangeKeyDialog,
    InstanceServer,
    PrivacyCurtain,
    SecurityActions,
    knock_first_instance,
)
from tests.conftest import PASSPHRASE, TODAY


def passphrase_services(tmp_path, actor):
    key = DatabaseKey.new_from_passphrase(PASSPHRASE)
    db = Database.create(tmp_path / "rcp.db", key)
    return Services(db, actor, lambda: TODAY)


def window_with_security(qtbot, services, tasks, mode="passphrase"):
    window = MainWindow(services, tasks, protection="test")
    window.security = SecurityActions(window, services, tasks, mode, auto_backup=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_inactivity_locks_everything_and_nothing_typed_is_lost(qtbot, tasks, tmp_path, actor):
    services = passphrase_services(tmp_path, actor)
    window = window_with_security(qtbot, services, tasks)
    lock = window.security.lock
    # An open form with unsaved text, as a referent would leave it.
    form = QDialog(window)
    field = QLineEdit(form)
    QVBoxLayout(form).addWidget(field)
    form.show()
    qtbot.keyClicks(field, "note en cours de saisie")
    lock.watcher.set_timeout(200)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    curtained = {c.parent() for c in lock.curtains}
    assert window in curtained and form in curtained
    assert all(c.isVisible() and c.geometry() == c.parent().rect() for c in lock.curtains)
    assert lock.dialog.isVisible()
    lock.set_timeout_minutes(10)  # so that it does not lock again right after the unlock below
    # Wrong secret: still locked.
    qtbot.keyClicks(lock.dialog.secret, "mauvaise phrase de passe")
    qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "incorrect" in lock.dialog.error.text(), timeout=10000)
    assert lock.is_locked
    lock.dialog.secret.clear()
    qtbot.keyClicks(lock.dialog.secret, PASSPHRASE)
    qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=10000)
    assert field.text() == "note en cours de saisie"
    assert not window.findChildren(PrivacyCurtain) or all(
        not c.isVisible() for c in window.findChildren(PrivacyCurtain)
    )
    services.db.close()


def test_escape_does_not_unlock_and_recovery_code_does(qtbot, tasks, tmp_path, actor):
    services = passphrase_services(tmp_path, actor)
    window = window_with_security(qtbot, services, tasks)
    lock = window.security.lock
    lock.lock()
    qtbot.keyClick(lock.dialog, Qt.Key.Key_Escape)
    assert lock.is_locked and lock.dialog.isVisible()
    qtbot.keyClicks(lock.dialog.secret, services.db.key.recovery_code())
    qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=10000)
    services.db.close()


def test_keyring_mode_unlocks_with_the_os_session(qtbot, tasks, tmp_path, actor, fake_keyring):
    key = DatabaseKey.generate()
    db = Database.create(tmp_path / "k.db", key)
    keymod.keyring_set(db.path, key)
    services = Services(db, actor, lambda: TODAY)
    window = window_with_security(qtbot, services, tasks, mode="keyring")
    lock = window.security.lock
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.is_locked
    assert lock.dialog.session_button.isVisible()
    qtbot.mouseClick(lock.dialog.session_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked
    db.close()


def test_autolock_delay_follows_the_setting(qtbot, tasks, tmp_path, actor):
    services = passphrase_services(tmp_path, actor)
    services.settings.set(settings_mod.AUTOLOCK_MINUTES, 3)
    window = window_with_security(qtbot, services, tasks)
    assert window.security.lock.watcher.timer.interval() == 3 * 60_000
    services.settings.set(settings_mod.AUTOLOCK_MINUTES, 7)
    window.settings_changed.emit()
    assert window.security.lock.watcher.timer.interval() == 7 * 60_000
    services.db.close()


def test_change_passphrase_from_the_gui(qtbot, tasks, tmp_path, actor):
    services = passphrase_services(tmp_path, actor)
    path = services.db.path
    dialog = ChangeKeyDialog(services, tasks)
    qtbot.addWidget(dialog)
    new = "nouvelle phrase de passe du cabinet"
    qtbot.keyClicks(dialog.current, "pas la bonne phrase du tout")
    qtbot.keyClicks(dialog.passphrase, new)
    qtbot.keyClicks(dialog.confirm, new)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "incorrecte" in dialog.error.text(), timeout=10000)
    assert keymod.candidate_keys(PASSPHRASE, path)[-1] == services.db.key  # unchanged
    dialog.current.clear()
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    codes = []

    def acknowledge():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, RecoveryCodeDialog):
            codes.append(widget.code.toPlainText())
            widget.noted.setChecked(True)
            widget.accept()
        else:
            QTimer.singleShot(20, acknowledge)

    QTimer.singleShot(20, acknowledge)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert DatabaseKey.from_recovery_code(codes[0]) == services.db.key
    with services.db.write(actor) as s:  # the running app keeps working on the new key
        s.add(
            Patient(
                birth_name="Apres",
                first_names="Rekey",
                birth_date=dt.date(1990, 1, 1),
                sex=Sex.MALE,
            )
        )
    services.db.close()
    assert keymod.candidate_keys(new, path)[-1].raw == services.db.key.raw


def test_backup_and_restore_from_the_window(qtbot, tasks, tmp_path, actor):
    services = passphrase_services(tmp_path, actor)
    with services.db.write(actor) as s:
        s.add(
            Patient(
                birth_name="Avant",
                first_names="Sauvegarde",
                birth_date=dt.date(1990, 1, 1),
                sex=Sex.MALE,
            )
        )
    backup = backup_to(services.db, tmp_path / "b.rcpbak")
    with services.db.write(actor) as s:
        s.add(
            Patient(
                birth_name="Apres",
                first_names="Sauvegarde",
                birth_date=dt.date(1990, 1, 1),
                sex=Sex.MALE,
            )
        )
    window = window_with_security(qtbot, services, tasks)

    def close_message():
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.windowTitle() == "Restauration terminée":
            widget.accept()
        else:
            QTimer.singleShot(20, close_message)

    QTimer.singleShot(20, close_message)
    assert window.security.restore_from(backup, confirm=False)
    assert [p.birth_name for p in services.patients.search()] == ["Avant"]
    services.db.close()


def test_single_instance_server_answers_a_second_instance(qtbot, app, tmp_path):
    path = tmp_path / "rcp.db"
    server = InstanceServer(path)
    window = QDialog()
    qtbot.addWidget(window)
    server.window = window
    window.showMinimized()
    assert knock_first_instance(path)
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)
    assert not knock_first_instance(tmp_path / "other.db", timeout_ms=200)


def test_the_daily_backup_waits_for_the_first_minutes_of_use(qtbot, tasks, tmp_path, actor):
    services = passphrase_services(tmp_path, actor)
    window = MainWindow(services, tasks, protection="test")
    qtbot.addWidget(window)
    security = SecurityActions(window, services, tasks, "passphrase")
    window.security = security
    assert security.first_backup.isActive() and security.backup_timer.isActive()
    assert security.first_backup.remainingTime() > 60_000  # not in the first minute
    security.first_backup.stop()
    security.backup_timer.stop()
