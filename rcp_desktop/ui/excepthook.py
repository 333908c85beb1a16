"""An exception hook that works from any thread: log safely, show a French dialog once per
kind of error, offer a copyable report with no patient data."""

from __future__ import annotations

import hashlib
import logging
import platform
import sys
import threading
import traceback

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from rcp_desktop import __version__
from rcp_desktop.i18n import TranslatableError
from rcp_desktop.logs import safe_traceback

log = logging.getLogger(__name__)


def error_group(exc: BaseException) -> str:
    """Same type raised at the same place = same group (shown once)."""
    frames = traceback.extract_tb(exc.__traceback__)
    key = type(exc).__qualname__ + "|" + "|".join(f"{f.filename}:{f.lineno}" for f in frames)
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def crash_report(exc: BaseException) -> str:
    return (
        f"rcp-desktop {__version__} — Python {platform.python_version()} — "
        f"{platform.system()} {platform.release()}\n"
        f"Groupe : {error_group(exc)}\n\n{safe_traceback(exc)}"
    )


class CrashDialog(QDialog):
    def __init__(self, report: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Erreur inattendue"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Une erreur inattendue s'est produite. Ce qui était déjà enregistré est conservé.\n"
                "Vous pouvez copier le rapport ci-dessous pour l'équipe technique : il ne contient "
                "aucune donnée de patient."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(
            self.tr("Copier le rapport"), QDialogButtonBox.ButtonRole.ActionRole
        )
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 380)


class ExceptionHandler(QObject):
    """Install with :meth:`install`; exceptions from any thread reach :meth:`show` on the GUI
    thread through a queued signal."""

    raised = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.shown_groups: set[str] = set()
        self.raised.connect(self.show, Qt.ConnectionType.QueuedConnection)
        self.dialog_factory = CrashDialog

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = lambda args: self._excepthook(
            args.exc_type, args.exc_value, args.exc_traceback
        )

    def _excepthook(self, exc_type, exc, tb) -> None:
        if exc is None:
            return
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        self.raised.emit(exc)

    @Slot(object)
    def show(self, exc: BaseException) -> None:
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
