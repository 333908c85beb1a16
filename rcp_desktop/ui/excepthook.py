"""An exception hook that works from any thread: log safely, show a French dialog once per
kind of error, offer a copyable report with no patient data."""

from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from rcp_desktop import __version__
from rcp_desktop.i18n import TranslatableError
from rcp_desktop.logs import safe_traceback

log = logging.getLogger(__name__)


def error_group(exc: BaseException) -> str:
    """Same type raised at the same place = same group (shown once)."""
    import hashlib  # here and below: not on the way to the first window

    frames = traceback.extract_tb(exc.__traceback__)
    key = type(exc).__qualname__ + "|" + "|".join(f"{f.filename}:{f.lineno}" for f in frames)
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def crash_report(exc: BaseException) -> str:
    import platform

    return (
        f"rcp-desktop {__version__} — Python {platform.python_version()} — "
        f"{platform.system()} {platform.release()}\n"
        f"Groupe : {error_group(exc)}\n\n{safe_traceback(exc)}"
    )


def crash_dialog(report: str, parent=None):
    """The dialog showing *report* (its widgets are loaded when an error first shows)."""
    from rcp_desktop.ui.crash_dialog import CrashDialog

    return CrashDialog(report, parent)


class ExceptionHandler(QObject):
    """Install with :meth:`install`; exceptions from any thread reach :meth:`show` on the GUI
    thread through a queued signal."""

    raised = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.shown_groups: set[str] = set()
        # From another thread the signal is queued to this (GUI) thread; on the GUI thread
        # itself _excepthook defers with a zero timer: either way show() runs later, from the
        # event loop, never inside the hook. (No Qt.ConnectionType here: touching the Qt
        # namespace costs ~13 ms on the start-up path.)
        self.raised.connect(self.show)
        self.dialog_factory = crash_dialog

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = lambda args: self._excepthook(
            args.exc_type, args.exc_value, args.exc_traceback
        )

    def _excepthook(self, exc_type, exc, tb) -> None:
        if exc is None:
            return
        if isinstance(exc, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        if QThread.currentThread() == self.thread():
            QTimer.singleShot(0, lambda: self.show(exc))
        else:
            self.raised.emit(exc)

    @Slot(object)
    def show(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        parent = QApplication.activeWindow()
        if isinstance(exc, TranslatableError):
            log.info("user-facing error %s", type(exc).__name__)
            QMessageBox.warning(parent, self.tr("Opération impossible"), exc.message)
            return
        group = error_group(exc)
        log.error(
            "unhandled exception (group %s)", group, exc_info=(type(exc), exc, exc.__traceback__)
        )
        if group in self.shown_groups:
            return
        self.shown_groups.add(group)
        self.dialog_factory(crash_report(exc), parent).exec()
