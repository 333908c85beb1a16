"""Python's cyclic garbage collection, on the GUI thread only.

CPython collects cycles in whichever thread crosses an allocation threshold — a worker of the
task pool included. Garbage caught in a cycle with a Qt object (a widget, a relay, a lambda
connected to a signal) is then destroyed from the wrong thread, and Qt may crash the process
mid-meeting. As calibre, pyqtgraph and novelWriter do, automatic collection is switched off and
driven from a GUI-thread timer, with the interpreter's own generation thresholds.

A full collection walks every object the process holds (on a large base, tens of milliseconds
on the GUI thread); CPython itself defers it until the long-lived objects have grown by a
quarter, which Python code cannot see. Here it runs at most once every
:data:`FULL_INTERVAL_S`; the younger generations are collected meanwhile.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500
FULL_INTERVAL_S = 60.0


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.last_full = time.monotonic()
        gc.disable()
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, as CPython would."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 1
            if counts[2] > self.thresholds[2]:
                now = time.monotonic()
                if now - self.last_full >= FULL_INTERVAL_S:
                    generation = 2
                    self.last_full = now
        gc.collect(generation)


def install(app: QObject) -> MainThreadGarbageCollector:
    """Once per application; returns the collector (a child of *app*, remembered on it: a
    ``findChild`` would wrap every child of the application, the style among them, and cost
    the start-up ~10 ms of PySide6 enum building)."""
    existing = getattr(app, "_rcp_gc_collector", None)
    if existing is None:
        existing = MainThreadGarbageCollector(app)
        app._rcp_gc_collector = existing  # type: ignore[attr-defined]
    return existing
