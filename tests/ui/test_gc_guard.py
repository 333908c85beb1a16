"""Cycles of garbage made in a worker thread are collected on the GUI thread, never in the
worker (where destroying a Qt object can crash the process)."""

import gc
import threading

from PySide6.QtCore import QObject

from rcp_desktop.ui import gc_guard

WAIT = 10_000


class Tracked(QObject):
    finalised_in: list[str] = []

    def __init__(self) -> None:
        super().__init__()
        self.cycle = self  # only the cyclic collector can free it

    def __del__(self) -> None:
        Tracked.finalised_in.append(threading.current_thread().name)


def test_configured_app_collects_only_on_the_gui_thread(qtbot, app, tasks):
    guard = app.findChild(gc_guard.MainThreadGarbageCollector)
    assert guard is not None and gc_guard.install(app) is guard  # one per application
    assert not gc.isenabled()
    Tracked.finalised_in.clear()

    def churn():
        # Far more allocations than the first generation's threshold, in the worker.
        for _ in range(3 * gc.get_threshold()[0]):
            Tracked()
        return threading.current_thread().name

    with qtbot.waitCallback(timeout=WAIT) as done:
        tasks.run(churn, done)
    worker = done.args[0]
    assert worker != threading.main_thread().name
    qtbot.waitUntil(lambda: len(Tracked.finalised_in) >= 3 * gc.get_threshold()[0], timeout=WAIT)
    assert set(Tracked.finalised_in) == {threading.main_thread().name}
