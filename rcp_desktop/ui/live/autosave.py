"""Commit what is typed within half a second.

:class:`Autosaver` is a throttle, not a plain debounce: the first change after a save starts a
timer that is NOT restarted by further keystrokes, so someone typing without pause still has
their text committed every ``delay_ms``. Each save is one short audited write transaction
(``synchronous = FULL``): once ``saved`` is emitted, the text survives a crash or a power cut.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from rcp_desktop.services.errors import ServiceError
from rcp_desktop.vault import DatabaseError

AUTOSAVE_DELAY_MS = 500


class Autosaver(QObject):
    saved = Signal(object)  # the value now committed
    failed = Signal(object)  # the ServiceError (French message); the value stays pending

    def __init__(
        self, save: Callable[[object], None], delay_ms: int = AUTOSAVE_DELAY_MS, parent=None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._pending: object = None
        self._dirty = False
        self.paused = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def pending(self) -> object:
        return self._pending

    def changed(self, value: object) -> None:
        """A new value was typed: it will be committed at the latest *delay_ms* from the first
        unsaved change."""
        self._pending = value
        self._dirty = True
        if not self.paused and not self._timer.isActive():
            self._timer.start()

    def flush(self) -> bool:
        """Commit the pending value now (navigation, closing). False if the save was refused
        (the value stays pending, ``failed`` carries the message)."""
        self._timer.stop()
        if self.paused:
            return True  # saving was stopped on purpose (conflict); the message is shown
        if not self._dirty:
            return True
        value = self._pending
        try:
            self._save(value)
        except (ServiceError, DatabaseError) as exc:  # a refusal, a read-only base…
            self.failed.emit(exc)
            return False
        if self._pending is value:
            self._dirty = False
        else:  # typed again during the save (cannot happen on one thread, kept for safety)
            self._timer.start()
        self.saved.emit(value)
        return True

    def discard(self) -> None:
        self._timer.stop()
        self._dirty = False
        self._pending = None
