"""What the benchmark runs in a fresh process (``python -m bench.child MODE ...``), reporting one
``BENCH {json}`` line on stdout, then leaving at once (``os._exit``: no teardown measured).

- ``bare``: a bare PySide6 ``QMainWindow`` shown, the baseline of a cold start;
- ``keyring DB KEYFILE``: the app started on DB as a user starts it (``rcp-desktop --db DB``),
  the key found in the keyring (an in-memory backend holding it, standing in for the OS store);
- ``passphrase DB PASSPHRASE``: the same with no keyring entry: the unlock dialog appears and
  is filled as soon as it shows (key derivation included);
- ``tour DB KEYFILE``: the keyring start, then the scripted tour of :mod:`bench.tour`.

The start is "interactive" when the main window is visible and the event loop has gone idle
once after showing it (its first paint done). CPU seconds are the process's (every thread).
"""

from __future__ import annotations

import json
import os
import resource
import sys
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


def install_keyring(key_file: str) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    from rcp_desktop.storage import keys

    secret_by_account: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 10  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return secret_by_account.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            secret_by_account[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            secret_by_account.pop((service, username), None)

    keys.extra_trusted_backend_types = (MemoryKeyring,)
    keyring.set_keyring(MemoryKeyring())
    key = keys.DatabaseKey.from_recovery_code(Path(key_file).read_text().strip())
    assert key is not None
    assert keys.keyring_set(Path(os.path.realpath(sys.argv[2])), key)


def watch_for_main_window(on_shown) -> None:
    """Poll (every 5 ms) for the visible main window; then *on_shown* once idle."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    timer = QTimer()
    timer.setInterval(5)

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == "MainWindow" and widget.isVisible():
                timer.stop()
                when_idle(lambda w=widget: on_shown(w))
                return

    timer.timeout.connect(poll)
    timer.start()
    watch_for_main_window.timer = timer  # type: ignore[attr-defined]


def fill_unlock_dialog(passphrase: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    timer = QTimer()
    timer.setInterval(5)

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == "UnlockDialog" and widget.isVisible():
                timer.stop()
                widget.secret.setText(passphrase)
                widget.open_button.click()
                return

    timer.timeout.connect(poll)
    timer.start()
    fill_unlock_dialog.timer = timer  # type: ignore[attr-defined]


def app_start(mode: str, db: str, extra: str) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication([sys.argv[0]])
    if mode in ("keyring", "tour"):
        install_keyring(extra)
    else:
        fill_unlock_dialog(extra)
    if mode == "tour":
        from bench.tour import run_tour

        watch_for_main_window(lambda window: run_tour(window, report))
    else:
        watch_for_main_window(lambda window: report(mode=mode))
    from rcp_desktop.cli import main

    main(["--db", db, "--operator", "bench"])


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        app_start(sys.argv[1], sys.argv[2], sys.argv[3])
    report(mode=sys.argv[1], error="the app returned before its window showed")
