"""Errors from any thread reach one French dialog per kind, with no patient data."""

import threading

from rcp_desktop.ui.excepthook import ExceptionHandler, crash_report


class Recorder:
    shown: list[str] = []

    def __init__(self, report, parent=None):
        Recorder.shown.append(report)

    def exec(self):
        return 0


def boom(secret):
    raise ValueError(f"patient {secret}")


def test_worker_thread_exception_reaches_the_gui_thread_once(qtbot, app):
    Recorder.shown = []
    handler = ExceptionHandler()
    handler.dialog_factory = Recorder

    def worker():
        for _ in range(2):
            try:
                boom("DUPONT Jeanne")
            except ValueError as exc:
                handler._excepthook(type(exc), exc, exc.__traceback__)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(Recorder.shown) == 1, timeout=3000)
    qtbot.wait(50)
    assert len(Recorder.shown) == 1  # same group shown once
    report = Recorder.shown[0]
    assert "ValueError" in report and "boom" in report
    assert "DUPONT" not in report


def test_report_keeps_messages_of_own_errors_only():
    from rcp_desktop.services.errors import RefusedError

    try:
        raise RefusedError("Ce consentement est déjà retiré.")
    except RefusedError as exc:
        assert "déjà retiré" in crash_report(exc)
    try:
        boom("MARTIN")
    except ValueError as exc:
        assert "MARTIN" not in crash_report(exc)
