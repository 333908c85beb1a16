"""The start-up order (ui/startup.py): the window shows before the base is open, the base opens
behind it, the pages are built when first shown; the command line's fast path to the window."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from rcp_desktop import vault
from rcp_desktop.cli import window_args
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.ui import startup as startup_mod
from rcp_desktop.ui.dialogs import UnlockDialog
from rcp_desktop.ui.instance import InstanceServer
from rcp_desktop.ui.startup import Startup
from tests.conftest import PASSPHRASE


def close_modal_when_shown(qtbot, cls, seen):
    """Note the text of the next modal *cls* and close it (it runs inside a callback)."""

    def handle():
        widget = QApplication.activeModalWidget()
        if isinstance(widget, cls):
            seen.append(widget.text())
            widget.accept()
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def started(qtbot, startup):
    qtbot.waitUntil(lambda: startup.window.services is not None, timeout=30000)
    return startup.window


def test_window_shows_before_the_base_opens_then_shows_its_first_page(
    qtbot, app, tasks, tmp_path, fake_keyring
):
    path = tmp_path / "rcp.db"
    key = DatabaseKey.generate()
    Database.create(path, key).close()
    keymod.keyring_set(path, key)
    startup = Startup(app, tasks, "Dr Essai")
    assert startup.start(path)
    window = startup.window
    qtbot.addWidget(window)
    # Shown at once, the startup panel in place of the pages, nothing built yet.
    assert window.isVisible() and window.services is None
    assert window.stack.currentWidget() is window.startup
    assert window.built_pages() == [] and not window.settings_action.isEnabled()
    started(qtbot, startup)
    assert startup.lock is not None and startup.lock.instance.held
    assert window.settings_action.isEnabled()
    assert "trousseau" in window.status_label.text()
    # Only the first page exists; the others are built when the user goes there.
    assert [type(p).__name__ for p in window.built_pages()] == ["CasesPage"]
    assert window.stack.currentWidget() is window.built_pages()[0]
    window.nav.setCurrentRow(2)
    assert [type(p).__name__ for p in window.built_pages()] == ["CasesPage", "FollowupPage"]
    assert type(window.stack.currentWidget()).__name__ == "FollowupPage"
    window.close()
    startup.close()
    assert not startup.lock.instance.held


def test_a_locked_base_asks_its_passphrase_in_front_of_the_window(qtbot, app, tasks, tmp_path):
    path = tmp_path / "rcp.db"
    Database.create(path, DatabaseKey.new_from_passphrase(PASSPHRASE)).close()
    startup = Startup(app, tasks, "Dr Essai")
    assert startup.start(path)
    window = startup.window
    qtbot.addWidget(window)

    def type_passphrase():
        widget = QApplication.activeModalWidget()
        if not isinstance(widget, UnlockDialog):
            QTimer.singleShot(20, type_passphrase)
            return
        assert widget.parent() is window and window.isVisible()
        assert "verrouillée" in window.startup.message.text()
        qtbot.keyClicks(widget.secret, PASSPHRASE)
        qtbot.mouseClick(widget.open_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, type_passphrase)
    started(qtbot, startup)
    assert "phrase de passe" in window.status_label.text()
    assert startup.opened.actor.operator == "Dr Essai"
    window.close()
    startup.close()


def test_a_base_already_open_elsewhere_is_refused_with_a_message(qtbot, app, tasks, tmp_path):
    path = tmp_path / "rcp.db"
    Database.create(path, DatabaseKey.new_from_passphrase(PASSPHRASE)).close()
    other = vault.claim(path)  # another window holds it and answers the knock
    server = InstanceServer(path)
    try:
        startup = Startup(app, tasks, "Dr Essai")
        seen: list[str] = []
        close_modal_when_shown(qtbot, QMessageBox, seen)
        assert not startup.start(path)
        assert startup.exit_code == 1
        assert seen and "déjà ouverte" in seen[0]
        assert startup.window is None  # no empty window behind the message
    finally:
        server.deleteLater()
        other.release()


def test_a_base_held_by_a_silent_instance_is_refused_behind_the_window(
    qtbot, app, tasks, tmp_path, monkeypatch
):
    """The other instance does not answer the knock (its lock is what counts): the window
    shows, the background claim fails, the window goes away with the same message."""
    path = tmp_path / "rcp.db"
    Database.create(path, DatabaseKey.new_from_passphrase(PASSPHRASE)).close()
    other = vault.claim(path)
    exits: list[int] = []
    try:
        startup = Startup(app, tasks, "Dr Essai")
        monkeypatch.setattr(startup.app, "exit", exits.append, raising=False)
        seen: list[str] = []
        close_modal_when_shown(qtbot, QMessageBox, seen)
        assert startup.start(path)
        qtbot.addWidget(startup.window)
        qtbot.waitUntil(lambda: bool(seen) and exits == [1], timeout=10000)
        assert "déjà ouverte" in seen[0]
        assert startup.exit_code == 1 and not startup.window.isVisible()
        assert startup.opened is None and startup.lock is None
    finally:
        other.release()


def test_demo_fills_its_base_behind_the_window_with_a_progress_bar(qtbot, app, tasks, monkeypatch):
    monkeypatch.setattr(startup_mod, "DEMO_YEARS", 1)
    startup = Startup(app, tasks, "Dr Essai")
    startup.start_demo()
    window = startup.window
    qtbot.addWidget(window)
    assert window.isVisible() and window.banner.isVisible()
    assert "démonstration" in window.startup.message.text()
    qtbot.waitUntil(lambda: window.startup.bar.maximum() > 0, timeout=30000)  # counting
    started(qtbot, startup)
    folder = startup.opened.temp_dir
    assert folder.exists()
    page = window.current_page()
    qtbot.waitUntil(lambda: page.patients.model().rowCount() > 0, timeout=10000)
    window.close()
    startup.close()
    assert not folder.exists()


def test_window_only_arguments_skip_the_parser():
    args = window_args(["--db", "/tmp/x.db", "--operator=Dr A"])
    assert args.gui_db == "/tmp/x.db" and args.operator == "Dr A" and not args.demo
    assert args.command is None and not args.self_test
    assert window_args([]).gui_db is None
    assert window_args(["--demo"]).demo
    # Anything else goes to argparse (its errors, help, commands and abbreviations).
    for argv in (
        ["--version"],
        ["--help"],
        ["check", "--db", "x"],
        ["--db"],
        ["--db", "--demo"],
        ["--db="],
        ["--demo", "--demo"],
        ["--op", "x"],
        ["--db", "a", "--db", "b"],
    ):
        assert window_args(argv) is None, argv


def test_the_light_lock_file_path_is_the_storage_one(tmp_path):
    from rcp_desktop.storage.lock import lock_path
    from rcp_desktop.ui.instance import lock_file, may_be_open

    path = tmp_path / "rcp.db"
    assert lock_file(path) == lock_path(path)
    Database.create(path, DatabaseKey.new_from_passphrase(PASSPHRASE)).close()
    assert not may_be_open(path)
    held = vault.claim(path)
    assert may_be_open(path)  # it names its owner while held
    held.release()
    assert not may_be_open(path)
