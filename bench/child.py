"""What the benchmark runs in a fresh process (``python -m bench.child MODE ...``), reporting one
``BENCH {json}`` line on stdout, then leaving at once (``os._exit``: no teardown measured).

- ``bare``: a bare PySide6 ``QMainWindow`` shown, the baseline of a cold start;
- ``keyring DB KEYFILE``: the app started on DB as a user starts it (``rcp-desktop --db DB``),
  the key found in the keyring (an in-memory backend holding it, standing in for the OS store);
- ``passphrase DB PASSPHRASE``: the same with no keyring entry: the unlock dialog appears and
  is filled as soon as it shows (key derivation included);
- ``tour DB KEYFILE``: the keyring start, then the scripted tour of :mod:`bench.tour`.

The start is "interactive" when the main window is visible and the event loop has gone idle
once after showing it (its first paint done): ``shown_cpu_s``; it is "ready" when the base is
attached, the first page built with its data and no task pending: ``cpu_s`` (and the wall time
between the two, ``ready_after_shown_s``). CPU seconds are the process's (every thread).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def report(**values: object) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    values.setdefault("cpu_s", usage.ru_utime + usage.ru_stime)
    values.setdefault("max_rss_mb", usage.ru_maxrss / 1024)
    values.setdefault("modules", len(sys.modules))
    sys.stdout.write("BENCH " + json.dumps(values) + "\n")
    sys.stdout.flush()
    os._exit(0)


def when_idle(fn) -> None:
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, fn)


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1280, 800)
    window.setWindowTitle("bare")
    window.show()
    when_idle(lambda: report(mode="bare"))
    app.exec()


def after_import(fullname: str, patch) -> None:
    """Call ``patch(module)`` right after the app imports *fullname* (an import hook: the
    child imports nothing of the app's ahead of it, so the start costs what it costs)."""
    import importlib.util

    class Hook:  # a meta path finder (importlib.abc would import importlib.resources)
        def find_spec(self, name, path, target=None):
            if name != fullname:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            original = spec.loader.exec_module

            def exec_module(module) -> None:
                original(module)
                patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Hook())


def install_keyring(db: str, key_file: str) -> None:
    """The bench keyring (:mod:`bench.keyring_backend`) holds the key; the app's key module is
    told to trust it the moment the app imports it."""
    os.environ["PYTHON_KEYRING_BACKEND"] = "bench.keyring_backend.BenchKeyring"
    os.environ["RCP_BENCH_DB"] = db
    os.environ["RCP_BENCH_KEY"] = Path(key_file).read_text().strip()

    def trust(module) -> None:
        from bench.keyring_backend import BenchKeyring

        module.extra_trusted_backend_types = (BenchKeyring,)

    after_import("rcp_desktop.storage.keys", trust)


def watch_for_main_window(on_shown) -> None:
    """Call *on_shown* once idle after the main window's ``show()`` (its class is wrapped when
    the app imports it: no event filter, which would make PySide6 wrap every object receiving
    an event and cost the start what it does not cost the user)."""

    def patch(module) -> None:
        original = module.MainWindow.show

        def show(window) -> None:
            original(window)
            if not getattr(show, "seen", False):
                show.seen = True  # type: ignore[attr-defined]
                when_idle(lambda: on_shown(window))

        module.MainWindow.show = show

    after_import("rcp_desktop.ui.main_window", patch)


def cpu_now() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def when_ready(window, fn) -> None:
    """Call *fn* once the base is attached, the first page built and no task is pending."""
    from PySide6.QtCore import QThreadPool, QTimer

    timer = QTimer()
    timer.setInterval(5)

    def poll() -> None:
        tasks = window.tasks
        if (
            getattr(window, "services", None) is not None
            and tasks.pending() == 0
            and QThreadPool.globalInstance().activeThreadCount() == 0
        ):
            timer.stop()
            when_idle(fn)

    timer.timeout.connect(poll)
    timer.start()
    when_ready.timer = timer  # type: ignore[attr-defined]


def shown_then_ready(window, mode: str) -> None:
    """The window is shown (interactive): note the CPU and time, then wait for the first page
    to show its data and report both."""
    shown = {"cpu_s": cpu_now(), "clock": time.monotonic()}

    def ready() -> None:
        report(
            mode=mode,
            shown_cpu_s=shown["cpu_s"],
            ready_after_shown_s=time.monotonic() - shown["clock"],
        )

    when_ready(window, ready)


def fill_unlock_dialog(passphrase: str) -> None:
    """Type the passphrase into the unlock dialog as soon as it runs (its ``exec`` is wrapped
    when the app imports it), as a user who knows it by heart."""

    def patch(module) -> None:
        original = module.UnlockDialog.exec

        def exec_(dialog) -> int:
            def fill() -> None:
                dialog.secret.setText(passphrase)
                dialog.open_button.click()

            when_idle(fill)
            return original(dialog)

        module.UnlockDialog.exec = exec_

    after_import("rcp_desktop.ui.dialogs", patch)


def app_start(mode: str, db: str, extra: str) -> None:
    """The app creates its own QApplication, as when a user starts it."""
    if mode in ("keyring", "tour"):
        install_keyring(db, extra)
    else:
        fill_unlock_dialog(extra)
    if mode == "tour":
        from bench.tour import run_tour

        watch_for_main_window(lambda window: when_ready(window, lambda: run_tour(window, report)))
    else:
        watch_for_main_window(lambda window: shown_then_ready(window, mode))
    from rcp_desktop.cli import main

    main(["--db", db, "--operator", "bench"])


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        app_start(sys.argv[1], sys.argv[2], sys.argv[3])
    report(mode=sys.argv[1], error="the app returned before its window showed")
