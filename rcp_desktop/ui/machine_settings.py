"""Machine settings: what this computer remembers between two runs of the window, each key
declared once here with its type and default (the typed registries of Picard's
``picard/options.py`` and Electrum's ``simple_config.ConfigVar``).

They live in a ``QSettings`` INI file in the user's config folder, under the keys written by
earlier versions, so existing installs keep their values. Nothing identifying goes there: the
base's own settings (quorum, thresholds…) travel inside the encrypted file
(:mod:`rcp_desktop.services.settings`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QSettings, QStandardPaths

from rcp_desktop import APP_NAME
from rcp_desktop.paths import default_database_path

log = logging.getLogger(__name__)

T = TypeVar("T")


def store() -> QSettings:
    """The machine settings file (``<config>/rcp-desktop/rcp-desktop.ini``)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


class MachineSetting(Generic[T]):
    """One key of the machine settings file, its type and its default."""

    registry: ClassVar[dict[str, MachineSetting]] = {}

    def __init__(self, key: str, description: str, *, default_factory: Callable[[], T]) -> None:
        if key in MachineSetting.registry:
            raise ValueError(f"machine setting {key!r} declared twice")
        self.key = key
        self.description = description
        self.default_factory = default_factory
        MachineSetting.registry[key] = self

    def parse(self, text: str) -> T:
        raise NotImplementedError

    def dump(self, value: T) -> str:
        return str(value)

    @property
    def default(self) -> T:
        return self.default_factory()

    def get(self, settings: QSettings | None = None) -> T:
        """The stored value, or the default when absent, empty or unreadable."""
        raw = (settings or store()).value(self.key)
        if isinstance(raw, list):  # an unquoted comma in a hand-edited INI file
            raw = ", ".join(str(part) for part in raw)
        if raw is None or not str(raw).strip():
            return self.default
        try:
            return self.parse(str(raw))
        except ValueError:
            log.warning("machine setting %s unreadable, default used", self.key)
            return self.default

    def set(self, value: T, settings: QSettings | None = None) -> None:
        (settings or store()).setValue(self.key, self.dump(value))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"


class TextSetting(MachineSetting[str]):
    def parse(self, text: str) -> str:
        return text.strip()


class PathSetting(MachineSetting[Path]):
    def parse(self, text: str) -> Path:
        return Path(text)


def os_account() -> str:
    """The OS account, the operator's default (as ``Actor.current()`` names it, without
    importing the services: this module is read before the base opens)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "inconnu"


OPERATOR = TextSetting(
    "operator",
    "the operator name last typed, proposed at the next start (audit log)",
    default_factory=os_account,
)


def default_documents_folder() -> Path:
    """The user's Documents folder if it exists, else their home: never the working
    directory of the process (a patient PDF must not land in a random folder)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


DOCUMENTS_FOLDER = PathSetting(
    "documents_folder",
    "where the save dialogs open (documents, exports, attachments): chosen in Paramètres",
    default_factory=default_documents_folder,
)


def documents_folder(settings: QSettings | None = None) -> Path:
    """The folder the save dialogs open in: the one chosen in Paramètres if it still exists,
    else Documents (or home)."""
    chosen = DOCUMENTS_FOLDER.get(settings)
    return chosen if chosen.is_dir() else default_documents_folder()


def save_location(name: str, settings: QSettings | None = None) -> str:
    """Where a save dialog proposes to write *name*: in :func:`documents_folder`."""
    return str(documents_folder(settings) / Path(name).name)


DATABASE_PATH = PathSetting(
    "database_path",
    "the base opened at start-up (set by the first run)",
    default_factory=default_database_path,
)
