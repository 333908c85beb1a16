"""Run a slow function off the GUI thread behind a modal progress dialog, and wait for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from rcp_desktop.ui.tasks import TaskRunner


def run_with_progress(
    parent: QWidget | None,
    label: str,
    fn: Callable[..., Any],
    *,
    tasks: TaskRunner | None = None,
    with_progress: bool = False,
) -> Any:
    """Run *fn* in the thread pool while a modal progress dialog shows *label*; return its
    result or raise its exception. With *with_progress*, *fn* receives ``progress(done, total)``.
    The GUI keeps repainting meanwhile (a local event loop), it never freezes."""
    runner = tasks or TaskRunner(parent=parent)
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    def progress(value: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(value, total))

    runner.run(fn, done, failed, progress if with_progress else None)
    if not outcome:
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
