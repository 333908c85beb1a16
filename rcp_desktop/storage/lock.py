"""The locks beside a database: OS file locks the OS releases when a process dies, so a lock
left by a crash is simply taken over.

- The **instance lock** ``<db>.lock`` (exclusive): one window per base; the file records the
  owner's PID for the message shown to a second instance. Restoring and re-keying without a
  window take it too, so they never run under an open window.
- The **use lock** ``<db>.use.lock``: every process working on the base holds it *shared* (the
  window for its whole life, each headless command while it runs); restoring and re-keying hold
  it *exclusive*, so nothing reads or writes the base while its file is replaced or
  re-encrypted. The window upgrades its own shared lock to restore or re-key.

Locks are ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows). Lock files are opened
without following a symbolic link and must be plain files of their own (:func:`open_lock_file`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
import sys
from pathlib import Path
from typing import TextIO

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.storage.errors import DatabaseError, explain

if sys.platform == "win32":  # pragma: no cover - exercised on Windows runners
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


def use_lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".use.lock")


class BaseBusyError(DatabaseError):
    """The base is being restored or re-keyed, or is in use while that was asked."""


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
        self._fh: TextIO | None = None

    def acquire(self) -> InstanceLock:
        fh = open_lock_file(self.path)
        try:
            if sys.platform == "win32":  # pragma: no cover
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


_NT_SHARED_SLOTS = 65_536  # Windows has no shared lock: each holder locks one byte of its own


class UseLock:
    """The use lock of a base: shared while working on it, exclusive to replace or re-encrypt
    its file (see the module's docstring). Non-blocking: a conflict is a :class:`BaseBusyError`
    at once, never a wait."""

    def __init__(self, db_path: Path) -> None:
        self.path = use_lock_path(Path(db_path))
        self._fh: TextIO | None = None
        self.exclusive = False

    def acquire(self, *, exclusive: bool = False) -> UseLock:
        fh = open_lock_file(self.path)
        try:
            self._lock(fh, exclusive)
        except OSError:
            fh.close()
            raise self._busy(exclusive) from None
        self._fh, self.exclusive = fh, exclusive
        return self

    def upgrade(self) -> None:
        """Shared → exclusive on the same file (the window before a restore or a key change);
        :class:`BaseBusyError` while a command works on the base."""
        assert self._fh is not None
        try:
            self._lock(self._fh, True)
        except OSError:
            # flock may drop the shared lock while converting: take it back before refusing.
            with contextlib.suppress(OSError):
                self._lock(self._fh, False)
            raise self._busy(True) from None
        self.exclusive = True

    def downgrade(self) -> None:
        assert self._fh is not None
        self._lock(self._fh, False)
        self.exclusive = False

    def release(self) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            fh.close()  # closing releases the OS lock

    @property
    def held(self) -> bool:
        return self._fh is not None

    def __enter__(self) -> UseLock:
        return self if self.held else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    @staticmethod
    def _lock(fh: TextIO, exclusive: bool) -> None:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows runners
            if exclusive:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, _NT_SHARED_SLOTS + 1)
            else:
                fh.seek(1 + os.getpid() % _NT_SHARED_SLOTS)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return
        fcntl.flock(fh.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)

    @staticmethod
    def _busy(exclusive: bool) -> BaseBusyError:
        if exclusive:
            return BaseBusyError(
                _N(
                    "core",
                    "Une autre commande rcp-desktop travaille sur cette base (sauvegarde, "
                    "export…) : réessayez quand elle aura fini.",
                )
            )
        return BaseBusyError(
            _N(
                "core",
                "Cette base est en cours de restauration ou de changement de clé : réessayez "
                "dans un instant.",
            )
        )
