"""Machine settings: declared once, typed, under the keys earlier versions wrote."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from rcp_desktop.services import Actor
from rcp_desktop.ui import machine_settings
from rcp_desktop.ui.machine_settings import DATABASE_PATH, OPERATOR, MachineSetting, TextSetting


@pytest.fixture
def ini(tmp_path):
    return QSettings(str(tmp_path / "rcp-desktop.ini"), QSettings.Format.IniFormat)


def test_every_key_is_declared_once_with_its_type():
    assert set(MachineSetting.registry) == {"operator", "database_path", "documents_folder"}
    assert MachineSetting.registry["operator"] is OPERATOR
    with pytest.raises(ValueError, match="declared twice"):
        TextSetting("operator", "again", default_factory=str)


def test_defaults_when_absent_or_blank(ini):
    assert OPERATOR.get(ini) == Actor.current().operator  # the OS account
    assert DATABASE_PATH.get(ini) == machine_settings.default_database_path()
    ini.setValue("operator", "   ")
    assert OPERATOR.get(ini) == Actor.current().operator


def test_values_are_typed_and_stored_under_the_old_keys(ini, tmp_path):
    OPERATOR.set("Dr Lemaire, IPA", ini)
    DATABASE_PATH.set(tmp_path / "cabinet" / "rcp.db", ini)
    ini.sync()
    text = (tmp_path / "rcp-desktop.ini").read_text(encoding="utf-8")
    assert "operator=" in text and "database_path=" in text
    assert OPERATOR.get(ini) == "Dr Lemaire, IPA"
    assert DATABASE_PATH.get(ini) == tmp_path / "cabinet" / "rcp.db"
    assert isinstance(DATABASE_PATH.get(ini), Path)


def test_a_hand_edited_file_is_read_as_written(tmp_path):
    path = tmp_path / "old.ini"
    path.write_text("[General]\noperator=Dupont, Jean\ndatabase_path=/srv/rcp.db\n")
    old = QSettings(str(path), QSettings.Format.IniFormat)
    assert OPERATOR.get(old) == "Dupont, Jean"  # an unquoted comma makes a list in QSettings
    assert DATABASE_PATH.get(old) == Path("/srv/rcp.db")


def test_the_application_file_lives_in_the_user_config_folder(app):
    assert machine_settings.store().fileName().endswith("rcp-desktop/rcp-desktop.ini")
