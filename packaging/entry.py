"""Entry script of the frozen application (PyInstaller): the same as the ``rcp-desktop``
console entry point. The Alembic migrations are loaded from source files inside the bundle;
no ``__pycache__`` is written next to them (the install folder is read-only for users and
must stay as the package manager laid it)."""

import sys

sys.dont_write_bytecode = True

from rcp_desktop.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
