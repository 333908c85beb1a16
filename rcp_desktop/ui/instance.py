"""One window per base: a local socket server the running instance listens on, and the knock a
second instance sends to bring it forward. Qt only (light: imported before the base opens;
QtNetwork itself is loaded when a server or a knock is needed).

The OS file lock (:func:`rcp_desktop.vault.claim`) decides who owns a base; the server only
answers once its instance holds the lock, so an answer means "already open".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget


def instance_server_name(db_path: Path) -> str:
    import hashlib

    digest = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:16]
    return f"rcp-desktop-{digest}"


class InstanceServer(QObject):
    """Listens for a second instance and brings this window forward when it knocks."""

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.window: QWidget | None = None
        self.server = QLocalServer(self)
        name = instance_server_name(db_path)
        QLocalServer.removeServer(name)  # a stale socket left by a crash
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.listen(name)
        self.server.newConnection.connect(self._knock)

    def _knock(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is not None:
            socket.disconnectFromServer()
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()


def lock_file(db_path: Path) -> Path:
    """``storage.lock.lock_path`` (a test checks they agree), without importing the storage."""
    return Path(str(db_path) + ".lock")


def may_be_open(db_path: Path) -> bool:
    """Whether another process may hold *db_path*: its lock file names an owner (a released
    lock leaves it empty; a crashed owner's lock is free again, the knock then goes
    unanswered). Cheap: no socket, no database module."""
    try:
        return lock_file(db_path).stat().st_size > 0
    except OSError:
        return False


def knock_first_instance(db_path: Path, timeout_ms: int = 1000) -> bool:
    """Ask the instance holding *db_path* to come forward; True if it answered."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(instance_server_name(db_path))
    ok = socket.waitForConnected(timeout_ms)
    socket.abort()
    return ok
