"""Single instance per database: an OS file lock held for the life of the process.

The lock is ``<db>.lock`` next to the database, locked with ``fcntl.flock`` (POSIX) or
``msvcrt.locking`` (Windows). The OS releases it when the process dies, so a lock left by a
crash is simply taken over; the file also records the owner's PID for the message shown to a
second instance.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.storage.engine import DatabaseError

if os.name == "nt":  # pragma: no cover - exercised on Windows runners
    import msvcrt
else:
    import fcntl


class AlreadyOpenError(DatabaseError):
    """Another rcp-desktop process has this database open."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        super().__init__(
            _N(
                "core",
                "Cette base est déjà ouverte par rcp-desktop ({owner}). Fermez l'autre fenêtre d'abord.",
            ),
            owner=owner,
        )


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(Path(db_path))
        self._fh = None

    def acquire(self) -> InstanceLock:
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held while locked
        try:
            if os.name == "nt":  # pragma: no cover
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            owner = fh.read().strip() or "?"
            fh.close()
            raise AlreadyOpenError(owner) from None
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)
        fh.seek(0)
        fh.truncate()
        fh.write(f"PID {os.getpid()} @ {socket.gethostname()}")
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
        fh.close()  # closing releases the OS lock

    @property
    def held(self) -> bool:
        return self._fh is not None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
