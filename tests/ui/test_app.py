"""Application start-up paths: demo base, silent keyring unlock."""

import pytest

from rcp_desktop.app import open_database, start_demo
from rcp_desktop.models import Pathway
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.vault import OpenedBase


@pytest.mark.slow
def test_demo_session_is_fictional_temporary_and_removed_on_close(qtbot, tasks):
    opened = start_demo(tasks)
    assert isinstance(opened, OpenedBase) and opened.demo
    folder = opened.temp_dir
    assert folder.exists() and oct(folder.stat().st_mode & 0o777) == "0o700"
    assert opened.services.settings.get(settings_mod.DEMO) is True
    assert {c.pathway for c in opened.services.cases.list()} == set(Pathway)
    window = MainWindow(opened.services, tasks, demo=True, protection=opened.protection)
    qtbot.addWidget(window)
    assert "démonstration" in window.windowTitle() and window.banner.text()
    window.close()
    # As the app does after its event loop: the pages' off-thread loads finish, then the base
    # closes (and the demo's folder goes).
    assert tasks.wait()
    opened.close()
    assert not folder.exists()


def test_keyring_database_opens_without_a_question(qtbot, tasks, tmp_path, fake_keyring):
    path = tmp_path / "rcp.db"
    key = DatabaseKey.generate()
    Database.create(path, key).close()
    keymod.keyring_set(path, key)
    opened = open_database(path, "Dr Essai", tasks)
    assert opened is not None and "trousseau" in opened.protection
    assert opened.services.ctx.actor.operator == "Dr Essai"
    opened.close()
