"""The verification of a base after it is unlocked, in the background, and what the window does
with what it finds (issue 13, items 3 and 4).

Every page's HMAC, then the chain against its last known head, then the whole check run off the
GUI thread, with their progress in the status bar. What they find shows in a banner at the top
of the window, in plain French, with what to do:

- damaged pages: the base switches to read-only (every write refused with a clear message) and
  the banner offers to restore the last good backup, or to choose one;
- a chain shorter than, or diverging from, its last known head: read-only too, and the banner
  offers the restore, or to adopt the current state as the reference (a restore made by hand);
- another problem of the whole check: the banner lists it and offers the restore, the base
  staying writable (nothing says the problem grows by writing).

A base found whole is anchored from then on (its head recorded outside it).
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop import vault
from rcp_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class IntegrityBanner(QWidget):
    """The banner at the top of the window: what was found, and the buttons to act."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("integrityBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#integrityBanner { background: #fdecea; border-bottom: 2px solid #b3261e; }"
            "#integrityBanner QLabel { color: #5f1412; }"
        )
        self.title = QLabel()
        self.title.setObjectName("integrityTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.restore_last = QPushButton(self.tr("Restaurer la dernière sauvegarde saine"))
        self.choose = QPushButton(self.tr("Choisir une sauvegarde…"))
        self.adopt = QPushButton(self.tr("Adopter cet état comme référence…"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_last)
        buttons.addWidget(self.choose)
        buttons.addWidget(self.adopt)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        self.hide()


class IntegrityWatch(QObject):
    """Runs the verification after unlocking and acts on what it finds (module docstring)."""

    finished = Signal(object)  # the vault.Verification

    def __init__(self, window: QMainWindow, opened: vault.OpenedBase, tasks: TaskRunner) -> None:
        super().__init__(window)
        self.window = window
        self.opened = opened
        self.tasks = tasks
        self.result: vault.Verification | None = None
        self.running = False
        self.progress = QProgressBar()
        self.progress.setObjectName("integrityProgress")
        self.progress.setRange(0, vault.VERIFY_STEPS)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel()
        self.progress.hide()
        self.progress_label.hide()
        window.statusBar().addWidget(self.progress_label)
        window.statusBar().addWidget(self.progress)
        self.banner = IntegrityBanner(window)
        central = window.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QBoxLayout):  # under the demo banner, above the pages
            layout.insertWidget(1 if layout.count() > 1 else 0, self.banner)
        self.banner.restore_last.clicked.connect(self.restore_last_good)
        self.banner.choose.clicked.connect(self.choose_backup)
        self.banner.adopt.clicked.connect(self.adopt)

    # --- running ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Verify the base in the background (demo bases, made a moment ago, are not)."""
        if self.opened.demo or self.running:
            return
        self.running = True
        self.progress.setValue(0)
        self.progress_label.setText(self.tr("Vérification de la base…"))
        self.progress.show()
        self.progress_label.show()
        db = self.opened.db
        self.tasks.run(
            lambda progress: vault.verify_opened(db, progress),
            self._done,
            self._failed,
            self._progressed,
        )

    def _progressed(self, done: int, total: int) -> None:
        if shiboken6.isValid(self.progress):
            self.progress.setMaximum(total)
            self.progress.setValue(done)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self._hide_progress()
        log.warning("verification after unlocking failed: %s", type(exc).__name__)
        message = exc.message if isinstance(exc, vault.DatabaseError) else type(exc).__name__
        self._show(
            self.tr("Vérification de la base impossible"),
            message,
            read_only=isinstance(exc, vault.DamagedError),
            adopt=False,
        )
        self.finished.emit(None)

    def _done(self, result: vault.Verification) -> None:
        self.running = False
        self.result = result
        self._hide_progress()
        if result.damage is not None:
            self._show(
                self.tr("Base endommagée — lecture seule"),
                self.tr(
                    "{problem}\nLa base est passée en lecture seule pour ne rien écrire sur "
                    "des pages abîmées : vous pouvez consulter les dossiers, pas les modifier."
                ).format(problem=result.damage.message),
                read_only=True,
                adopt=False,
            )
        elif result.anchor is not None:
            self._show(
                self.tr("Cette base n'est plus celle que ce poste connaissait — lecture seule"),
                result.anchor.message,
                read_only=True,
                adopt=True,
            )
        elif result.report is not None and not result.report.ok:
            lines = result.report.problems
            shown = "\n".join(lines[:8]) + ("\n…" if len(lines) > 8 else "")
            self._show(
                self.tr("Problèmes d'intégrité dans la base"),
                self.tr(
                    "{problems}\nRestaurez la dernière sauvegarde saine, ou faites vérifier "
                    "la base par le référent informatique."
                ).format(problems=shown),
                read_only=False,
                adopt=False,
            )
        else:
            vault.start_anchoring(self.opened)
            self.banner.hide()
            self._status(self.tr("Base vérifiée : pages, journal et enregistrements intègres."))
        self.finished.emit(result)

    def _hide_progress(self) -> None:
        if shiboken6.isValid(self.progress):
            self.progress.hide()
            self.progress_label.hide()

    def _status(self, text: str) -> None:
        if shiboken6.isValid(self.window):
            self.window.statusBar().showMessage(text, 15_000)

    def _show(self, title: str, text: str, *, read_only: bool, adopt: bool) -> None:
        self.opened.db.read_only = read_only
        self.banner.title.setText(title)
        self.banner.text.setText(text)
        self.banner.adopt.setVisible(adopt)
        self.banner.show()
        if read_only:
            log.warning("base switched to read-only after verification")

    # --- acting ----------------------------------------------------------------------------------

    def restore_last_good(self) -> None:
        db = self.opened.db
        self.banner.restore_last.setEnabled(False)
        self.tasks.run(
            lambda: vault.last_good_backup(db), self._restore_found, self._restore_search_failed
        )

    def _restore_found(self, backup) -> None:
        self.banner.restore_last.setEnabled(True)
        if backup is None:
            QMessageBox.information(
                self.window,
                self.tr("Aucune sauvegarde saine"),
                self.tr(
                    "Aucune sauvegarde saine de cette base dans le dossier des sauvegardes "
                    "({folder}). Choisissez une sauvegarde enregistrée ailleurs."
                ).format(folder=vault.backup_folder()),
            )
            return
        self._restore(backup)

    def _restore_search_failed(self, exc: BaseException) -> None:
        self.banner.restore_last.setEnabled(True)
        QMessageBox.warning(
            self.window,
            self.tr("Restauration"),
            getattr(exc, "message", type(exc).__name__),
        )

    def choose_backup(self) -> None:
        security = getattr(self.window, "security", None)
        if security is None:
            return
        before = security.restored_count
        security.restore_backup()
        if security.restored_count != before:
            self._after_restore()

    def _restore(self, backup) -> None:
        security = getattr(self.window, "security", None)
        if security is not None and security.restore_from(backup):
            self._after_restore()

    def _after_restore(self) -> None:
        self.opened.db.read_only = False
        self.banner.hide()
        self.start()  # the restored base is verified in turn

    def adopt(self) -> None:
        answer = QMessageBox.question(
            self.window,
            self.tr("Adopter cet état"),
            self.tr(
                "N'adoptez l'état actuel que si vous avez vous-même remis cette base en place "
                "(copie d'un autre poste, restauration faite à la main). Il deviendra la "
                "référence de ce poste et la base redeviendra modifiable. Continuer ?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        vault.adopt_current_state(self.opened)
        self.banner.hide()
        self._status(self.tr("État actuel adopté comme référence."))
        log.info("current state adopted as the reference")
