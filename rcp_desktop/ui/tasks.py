"""Run slow work off the GUI thread and get the result back on it.

``TaskRunner.run(fn, on_done, on_error)`` executes *fn* on a ``QThreadPool`` and calls the
callbacks on the GUI thread through a queued signal. Tests may inject a runner that executes
synchronously (``TaskRunner(synchronous=True)``).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

# How long a thread running Python keeps the interpreter lock before handing it over (CPython's
# default: 5 ms). A worker building thousands of records holds it while the GUI thread paints
# a table, whose every cell calls into Python: each call may wait a whole interval, and a
# repaint of a few hundred cells becomes a stall of tens of milliseconds.
GUI_SWITCH_INTERVAL_S = 0.001


def favour_the_gui_thread() -> None:
    """Shorten the interpreter lock's switch interval (once per process, at start-up)."""
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], relay: _Relay, with_progress: bool) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay
        self.with_progress = with_progress
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        try:
            if self.with_progress:
                result = self.fn(lambda done, total: self.relay.progress.emit(done, total))
            else:
                result = self.fn()
        except BaseException as exc:  # handed to the GUI thread, never lost
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    """Starts tasks; keeps their relays alive until they report."""

    def __init__(self, pool: QThreadPool | None = None, *, synchronous: bool = False, parent=None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.synchronous = synchronous
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[..., Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Run *fn* in the pool. With *on_progress*, *fn* receives a ``progress(done, total)``
        callable it may call from its thread."""
        relay = _Relay()
        self._relays.add(relay)

        def finish(callback, value):
            self._relays.discard(relay)
            owner = getattr(callback, "__self__", None)
            if isinstance(owner, QObject) and not shiboken6.isValid(owner):
                return  # the widget that asked is gone (window closed meanwhile)
            if callback is not None:
                callback(value)
            elif isinstance(value, BaseException):
                raise value  # reaches the exception hook

        relay.done.connect(lambda result: finish(on_done, result))
        relay.failed.connect(lambda exc: finish(on_error, exc))
        if on_progress is not None:
            relay.progress.connect(on_progress)
        task = _Task(fn, relay, on_progress is not None)
        if self.synchronous:
            task.run()
        else:
            self.pool.start(task)

    def pending(self) -> int:
        """Tasks started and not reported yet (their callback has not run)."""
        return len(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
