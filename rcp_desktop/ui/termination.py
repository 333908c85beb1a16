"""A polite end on SIGTERM, SIGHUP or SIGINT (a session logout, ``kill``, Ctrl+C in the
terminal): the windows close as if the user closed them (live mode commits what is typed) and
the event loop ends, so ``run_gui`` closes the base — a demo base's temporary folder goes with
it instead of surviving on the disk.

Python runs signal handlers between two bytecodes of the main thread; a light timer gives the
interpreter that chance while Qt's event loop waits. A signal during start-up (opening the base,
generating the demo) is kept until the main window is up, then honoured: start-up is never cut
in the middle of writing a base.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

WAKE_MS = 250
SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class Termination(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.pending = False
        self.armed = False
        self.previous: dict[int, Callable[..., Any] | int | None] = {}
        for number in SIGNALS:
            self.previous[number] = signal.getsignal(number)
            signal.signal(number, self._received)
        self.wake = QTimer(self)
        self.wake.setInterval(WAKE_MS)
        self.wake.timeout.connect(lambda: None)  # lets Python run the handler
        self.wake.start()

    def _received(self, _number: int, _frame: object) -> None:
        self.pending = True
        if self.armed:
            QTimer.singleShot(0, self.end)

    def arm(self) -> None:
        """The main window is up: honour a signal received so far, and any later one."""
        self.armed = True
        if self.pending:
            QTimer.singleShot(0, self.end)

    def end(self) -> None:
        QApplication.closeAllWindows()
        self.app.quit()

    def restore(self) -> None:
        """Put back the handlers found (the process goes on after ``run_gui``: tests)."""
        self.wake.stop()
        for number, handler in self.previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
