"""Single instance per database: an OS file lock held for the life of the process.

The lock is ``<db>.lock`` next to the database, locked with ``fcntl.flock`` (POSIX) or
``msvcrt.locking`` (Windows). The OS releases it when the process dies, so a lock left by a
crash is simply taken over; the file also records the owner's PID for the message shown to a
second instance.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
from pathlib import Path
from typing import TextIO

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.storage.errors import DatabaseError, explain

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


_OPEN_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | getattr(os, "O_NOFOLLOW", 0)  # a link planted there is refused, never followed
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO planted there cannot block the open
    | getattr(os, "O_CLOEXEC", 0)
)


def open_lock_file(path: Path) -> TextIO:
    """Open (create, mode 0600) the lock file *path* for reading and writing without following
    a symbolic link; refuse anything but a plain file of our own (a FIFO, a device, a file with
    other hard links), so that writing the owner's PID can never reach another file."""
    try:
        fd = os.open(path, _OPEN_FLAGS, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise DatabaseError(
                _N("core", "Le fichier de verrou {path} est un lien symbolique : refusé."),
                path=path,
            ) from None
        raise explain(exc, path) or exc from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise DatabaseError(
            _N("core", "Le fichier de verrou {path} n'est pas un fichier ordinaire : refusé."),
            path=path,
        )
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return open(fd, "a+", encoding="utf-8")


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(Path(db_path))
        self._fh = None

    def acquire(self) -> InstanceLock:
        fh = open_lock_file(self.path)
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
        with contextlib.suppress(OSError, AttributeError):
            os.fchmod(fh.fileno(), 0o600)
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
