"""Where things live on disk: resources, user data, logs (no Qt)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rcp_desktop import APP_NAME

# platformdirs is imported by the functions that need it: not on the way to the first window.


def resources_dir() -> Path:
    """The ``resources/`` folder, in a source checkout or a frozen (PyInstaller) build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """The application's state folder (the log on Linux, the audit-chain anchors)."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def anchor_dir() -> Path:
    """Where the last known head of each base's audit chain is kept, outside the base."""
    return state_dir() / "empreintes"


def default_database_path() -> Path:
    return data_dir() / "rcp.db"


def create_private_dirs(path: Path) -> Path:
    """Create *path* and every missing parent readable by the owner only (0700, whatever the
    umask); folders that already exist are left as they are (a user's own folder)."""
    path = Path(path)
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True, mode=0o700)
        if os.name == "posix":
            os.chmod(folder, 0o700)
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create *path* readable by the owner only, with every missing parent private too, and
    make it private if it existed; an application folder found inside the state folder
    (``…/state/rcp-desktop``) is made private as well, whoever created it."""
    path = create_private_dirs(path)
    if os.name == "posix":
        os.chmod(path, 0o700)
        state = state_dir()
        if state in path.parents and state.is_dir():
            os.chmod(state, 0o700)
    return path
