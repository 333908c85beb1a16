"""Application start-up paths: demo session, silent keyring unlock."""

import pytest

from rcp_desktop.app import AppSession, open_database, start_demo
from rcp_desktop.models import Pathway
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.ui.main_window import MainWindow


@pytest.mark.slow
def test_demo_session_is_fictional_temporary_and_removed_on_close(qtbot, tasks):
    session = start_demo(tasks)
    assert isinstance(session, AppSession) and session.demo
    folder = session.temp_dir
    assert folder.exists() and oct(folder.stat().st_mode & 0o777) == "0o700"
    assert session.services.settings.get(settings_mod.DEMO) is True
    assert {c.pathway for c in session.services.cases.list()} == set(Pathway)
    window = MainWindow(session.services, tasks, demo=True, protection=session.protection)
    qtbot.addWidget(window)
    assert "démonstration" in window.windowTitle() and window.banner.text()
    window.close()
    session.close()
    assert not folder.exists()


def test_keyring_database_opens_without_a_question(qtbot, tasks, tmp_path, fake_keyring):
    path = tmp_path / "rcp.db"
    key = DatabaseKey.generate()
    Database.create(path, key).close()
    keymod.keyring_set(path, key)
    session = open_database(path, "Dr Essai", tasks)
    assert session is not None and "trousseau" in session.protection
    assert session.services.ctx.actor.operator == "Dr Essai"
    session.close()
