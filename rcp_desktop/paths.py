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


def default_database_path() -> Path:
    return data_dir() / "rcp.db"


def ensure_private_dir(path: Path) -> Path:
    """Create *path* (and parents) readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path
