"""Security features of the window: auto-lock behind an unlock screen, backups (on demand,
automatic, restore), integrity check, key change, single instance."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop import vault
from rcp_desktop.services import Services
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.integrity import check_database
from rcp_desktop.ui.dialogs import RecoveryCodeDialog
from rcp_desktop.ui.instance import (  # re-exported: the single instance lives there now
    InstanceServer as InstanceServer,
)
from rcp_desktop.ui.instance import instance_server_name as instance_server_name
from rcp_desktop.ui.instance import knock_first_instance as knock_first_instance
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.tasks import TaskRunner
from rcp_desktop.vault import DatabaseError, DatabaseKey, Protection

log = logging.getLogger(__name__)

USER_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
BACKUP_CHECK_INTERVAL_MS = 60 * 60 * 1000
# The day's first backup copies the whole base (~190 MB at a large CPTS's decade): not while
# the user starts working; after the first minutes, then every hour's check.
FIRST_BACKUP_DELAY_MS = 3 * 60 * 1000


# --- auto-lock ---------------------------------------------------------------------------------


class InactivityWatcher(QObject):
    """Emits :attr:`timed_out` after *timeout_ms* without keyboard, mouse or touch input."""

    timed_out = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.timed_out)
        self.set_timeout(timeout_ms)
        QApplication.instance().installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(timeout_ms)
        self.timer.start()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in USER_INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()

    def restart(self) -> None:
        self.timer.start()


class PrivacyCurtain(QWidget):
    """An opaque child covering a window's whole content while the application is locked;
    the widgets underneath (and what was typed in them) stay untouched."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("privacyCurtain")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#privacyCurtain { background: #24292f; }")
        label = QLabel(self.tr("rcp-desktop est verrouillé"), self)
        label.setStyleSheet("color: white; font-size: 18px;")
        layout = QVBoxLayout(self)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignCenter)
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.raise_()
        self.show()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
            self.raise_()
        return False


class LockDialog(QDialog):
    """The unlock screen: passphrase or recovery code; in keyring mode the OS session (the
    keyring entry, readable only in an unlocked session) suffices."""

    unlocked = Signal()
    closed = Signal()

    def __init__(
        self, db, mode: Protection, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.mode = mode
        self.tasks = tasks
        self.setWindowTitle(self.tr("rcp-desktop verrouillé"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(440)
        intro = QLabel(
            self.tr(
                "L'application s'est verrouillée après une période d'inactivité. "
                "Rien de ce qui était saisi n'est perdu."
            )
        )
        intro.setWordWrap(True)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("Phrase de passe ou code de secours"))
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.unlock_button = QPushButton(self.tr("Déverrouiller"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._try_secret)
        self.session_button = QPushButton(self.tr("Déverrouiller avec la session du système"))
        self.session_button.clicked.connect(self._try_keyring)
        self.session_button.setVisible(mode == Protection.KEYRING)
        self.resume_button = QPushButton(self.tr("Reprendre (données fictives)"))
        self.resume_button.clicked.connect(self._done)
        self.resume_button.setVisible(mode == Protection.DEMO)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if mode != Protection.DEMO:
            layout.addWidget(self.secret)
            layout.addWidget(self.unlock_button)
        layout.addWidget(self.session_button)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.error)

    def reject(self) -> None:  # Escape must not unlock
        pass

    def closeEvent(self, event) -> None:
        """Closing the unlock screen leaves the application (or lets it quit): it never
        uncovers the windows."""
        event.accept()
        if self.isVisible():
            self.closed.emit()

    def _done(self) -> None:
        self.secret.clear()
        self.error.clear()
        self.hide()
        self.unlocked.emit()

    def _try_keyring(self) -> None:
        if vault.keyring_unlocks(self.db):
            self._done()
        else:
            self.error.setText(
                self.tr(
                    "Le trousseau du système n'a pas fourni la clé : saisissez le code de secours."
                )
            )

    def _try_secret(self) -> None:
        secret = self.secret.text()
        if not secret:
            self.error.setText(self.tr("Saisissez la phrase de passe ou le code de secours."))
            return
        self.unlock_button.setEnabled(False)
        db = self.db
        self.tasks.run(lambda: vault.secret_unlocks(db, secret), self._verified, self._failed)

    def _verified(self, ok: bool) -> None:
        self.unlock_button.setEnabled(True)
        if ok:
            self._done()
        else:
            log.info("unlock after auto-lock refused")
            self.error.setText(self.tr("Phrase de passe ou code de secours incorrect."))
            self.secret.selectAll()

    def _failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        if isinstance(exc, DatabaseError):  # a secret that is not text, a damaged file…
            self.error.setText(exc.message)
            self.secret.selectAll()
            return
        self.error.setText(
            self.tr("Vérification impossible : {error}").format(error=type(exc).__name__)
        )


class LockController(QObject):
    """Locks every window of the application behind curtains and the unlock screen."""

    locked_changed = Signal(bool)

    def __init__(
        self, window: QMainWindow, services: Services, mode: Protection, tasks: TaskRunner
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        minutes = services.settings.get(settings_mod.AUTOLOCK_MINUTES)
        self.watcher = InactivityWatcher(minutes * 60_000, self)
        self.watcher.timed_out.connect(self.lock)
        self.dialog = LockDialog(services.db, mode, tasks, window)
        self.dialog.unlocked.connect(self.unlock)
        self.dialog.closed.connect(QApplication.quit)
        self.curtains: list[PrivacyCurtain] = []

    @property
    def is_locked(self) -> bool:
        return bool(self.curtains)

    def set_timeout_minutes(self, minutes: int) -> None:
        self.watcher.set_timeout(minutes * 60_000)

    def lock(self) -> None:
        if self.is_locked:
            return
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        for widget in QApplication.topLevelWidgets():
            if (
                widget.isVisible()
                and widget is not self.dialog
                and not isinstance(widget, PrivacyCurtain)
            ):
                self.curtains.append(PrivacyCurtain(widget))
        self.watcher.stop()
        log.info("application locked")
        self.dialog.setParent(
            QApplication.activeModalWidget() or self.window, self.dialog.windowFlags()
        )
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.secret.setFocus()
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        for curtain in self.curtains:
            if shiboken6.isValid(curtain):  # its window may have been closed meanwhile
                curtain.parent().removeEventFilter(curtain)
                curtain.hide()  # at once: the deferred deletion may wait for a later event loop
                curtain.deleteLater()
        self.curtains.clear()
        self.dialog.hide()
        self.watcher.restart()
        log.info("application unlocked")
        self.locked_changed.emit(False)


# --- key change ---------------------------------------------------------------------------------


class ChangeKeyDialog(QDialog):
    """Change the passphrase or rotate the key (keyring), after confirming the current one."""

    def __init__(self, services: Services, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.new_key: DatabaseKey | None = None
        self.to_keyring = False
        self.setWindowTitle(self.tr("Changer la phrase de passe ou la clé"))
        self.setMinimumWidth(520)
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setPlaceholderText(self.tr("Phrase de passe actuelle ou code de secours"))
        self.use_passphrase = QRadioButton(self.tr("Nouvelle phrase de passe"))
        self.use_keyring = QRadioButton(
            self.tr("Nouvelle clé aléatoire gardée dans le trousseau du système")
        )
        group = QButtonGroup(self)
        group.addButton(self.use_passphrase)
        group.addButton(self.use_keyring)
        self.use_passphrase.setChecked(True)
        self.use_keyring.setEnabled(vault.keyring_available())
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_passphrase.toggled.connect(self.passphrase.setEnabled)
        self.use_passphrase.toggled.connect(self.confirm.setEnabled)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Clé actuelle :"), self.current)
        form.addRow(self.use_passphrase)
        form.addRow(self.tr("Nouvelle phrase de passe :"), self.passphrase)
        form.addRow(self.tr("Confirmation :"), self.confirm)
        form.addRow(self.use_keyring)
        note = QLabel(
            self.tr(
                "La base entière est rechiffrée. L'ancien code de secours cessera de fonctionner : "
                "un nouveau code vous sera montré."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton(
            self.tr("Changer la clé"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.clicked.connect(self._apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _apply(self) -> None:
        db = self.services.db
        to_keyring = self.use_keyring.isChecked()
        secret, new_secret = self.current.text(), self.passphrase.text()
        if not to_keyring:
            problems = vault.passphrase_problems(new_secret)
            if problems:
                self.error.setText(" ".join(problems))
                return
            if new_secret != self.confirm.text():
                self.error.setText(
                    self.tr("Les deux saisies de la nouvelle phrase de passe diffèrent.")
                )
                return
        self.apply_button.setEnabled(False)
        self.error.clear()

        target = Protection.KEYRING if to_keyring else Protection.PASSPHRASE
        passphrase = None if to_keyring else new_secret

        def work():
            return vault.change_key_with_secret(db, secret, target, passphrase=passphrase)

        try:
            new_key = run_with_progress(
                self, self.tr("Rechiffrement de la base…"), work, tasks=self.tasks
            )
        except DatabaseError as exc:
            self.apply_button.setEnabled(True)
            self.error.setText(exc.message)
            return
        self.apply_button.setEnabled(True)
        if new_key is None:
            self.error.setText(self.tr("La clé actuelle est incorrecte : rien n'a changé."))
            return
        self.new_key, self.to_keyring = new_key, to_keyring
        RecoveryCodeDialog(new_key, self).exec()
        self.accept()


# --- window integration ---------------------------------------------------------------------------


class SecurityActions(QObject):
    """Adds backup / restore / check / key change / lock to the window's File menu, runs the
    daily automatic backup, owns the lock controller."""

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        tasks: TaskRunner,
        mode: Protection,
        *,
        auto_backup: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.tasks = tasks
        self.mode = mode
        self.restored_count = 0  # successful restores (the integrity banner follows them)
        self.lock = LockController(window, services, mode, tasks)
        menu = window.file_menu
        first = menu.actions()[0] if menu.actions() else None
        actions = []
        lock_action = window.addAction(self.tr("&Verrouiller"))
        lock_action.setShortcut(QKeySequence("Ctrl+L"))
        lock_action.triggered.connect(self.lock.lock)
        actions.append(lock_action)
        self.backup_action = window.addAction(self.tr("&Sauvegarder maintenant…"))
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = window.addAction(self.tr("&Restaurer une sauvegarde…"))
        self.restore_action.triggered.connect(self.restore_backup)
        self.check_action = window.addAction(self.tr("&Vérifier l'intégrité de la base"))
        self.check_action.triggered.connect(self.check)
        self.rekey_action = window.addAction(self.tr("&Changer la phrase de passe ou la clé…"))
        self.rekey_action.triggered.connect(self.change_key)
        actions += [self.backup_action, self.restore_action, self.check_action, self.rekey_action]
        for action in (self.backup_action, self.restore_action, self.rekey_action):
            action.setEnabled(mode != Protection.DEMO)
        for action in actions:
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        if hasattr(window, "settings_changed"):
            window.settings_changed.connect(
                lambda: self.lock.set_timeout_minutes(
                    services.settings.get(settings_mod.AUTOLOCK_MINUTES)
                )
            )
        # Daily automatic backup: checked a few minutes after start, then every hour.
        self.backup_timer = QTimer(self, interval=BACKUP_CHECK_INTERVAL_MS)
        self.backup_timer.timeout.connect(self.automatic_backup)
        self.first_backup = QTimer(self, singleShot=True, interval=FIRST_BACKUP_DELAY_MS)
        self.first_backup.timeout.connect(self.automatic_backup)
        if auto_backup and mode != Protection.DEMO:
            self.backup_timer.start()
            self.first_backup.start()

    def _status(self, text: str) -> None:
        if shiboken6.isValid(self.window):  # a backup may finish after the window closed
            self.window.statusBar().showMessage(text, 10_000)

    def automatic_backup(self) -> None:
        db = self.services.db
        self.tasks.run(
            lambda: vault.automatic_backup(db, dt.datetime.now()),
            lambda path: path and self._status(self.tr("Sauvegarde automatique effectuée.")),
            lambda exc: log.warning("automatic backup failed: %s", type(exc).__name__),
        )

    def backup_now(self) -> None:
        suggested = vault.suggested_backup(self.services.db, dt.datetime.now())
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Enregistrer la sauvegarde chiffrée"),
            str(suggested),
            self.tr("Sauvegarde rcp-desktop (*{suffix})").format(suffix=vault.BACKUP_SUFFIX),
        )
        if not name:
            return
        target = Path(name)
        if target.exists():
            QMessageBox.warning(
                self.window,
                self.tr("Sauvegarde"),
                self.tr("Ce fichier existe déjà : choisissez un autre nom."),
            )
            return
        try:
            run_with_progress(
                self.window,
                self.tr("Sauvegarde chiffrée en cours…"),
                lambda: vault.backup(self.services.db, target),
                tasks=self.tasks,
            )
        except (DatabaseError, OSError) as exc:
            QMessageBox.warning(
                self.window, self.tr("Sauvegarde impossible"), getattr(exc, "message", str(exc))
            )
            return
        QMessageBox.information(
            self.window,
            self.tr("Sauvegarde"),
            self.tr("Sauvegarde chiffrée enregistrée (même clé que la base) :\n{path}").format(
                path=target
            ),
        )

    def restore_backup(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Choisir une sauvegarde"),
            str(vault.backup_folder()),
            self.tr("Sauvegarde rcp-desktop (*{suffix});;Tous les fichiers (*)").format(
                suffix=vault.BACKUP_SUFFIX
            ),
        )
        if name:
            self.restore_from(Path(name))

    def restore_from(self, backup: Path, *, confirm: bool = True) -> bool:
        db = self.services.db
        try:
            run_with_progress(
                self.window,
                self.tr("Vérification de la sauvegarde…"),
                lambda: vault.verify_backup(backup, db.key),
                tasks=self.tasks,
            )
        except DatabaseError as exc:
            QMessageBox.warning(self.window, self.tr("Sauvegarde refusée"), exc.message)
            return False
        if (
            confirm
            and QMessageBox.question(
                self.window,
                self.tr("Restaurer"),
                self.tr(
                    "La sauvegarde est intègre. Remplacer la base actuelle par son contenu ?\n"
                    "La base actuelle sera conservée à côté, sous un autre nom."
                ),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False

        try:
            set_aside = run_with_progress(
                self.window,
                self.tr("Restauration…"),
                lambda: vault.restore_open(db, backup),
                tasks=self.tasks,
            )
        except DatabaseError as exc:  # a command works on the base, a full disk…
            QMessageBox.warning(self.window, self.tr("Restauration impossible"), exc.message)
            return False
        self.restored_count += 1
        self.window.current_page().refresh()
        QMessageBox.information(
            self.window,
            self.tr("Restauration terminée"),
            self.tr("Base restaurée. L'ancienne base est conservée sous :\n{path}").format(
                path=set_aside
            ),
        )
        return True

    def check(self) -> None:
        report = run_with_progress(
            self.window,
            self.tr("Vérification de l'intégrité…"),
            lambda: check_database(self.services.db),
            tasks=self.tasks,
        )
        lines = report.lines()
        if report.ok:
            QMessageBox.information(self.window, self.tr("Intégrité"), lines[0])
        else:
            shown = "\n".join(lines[:20]) + ("\n…" if len(lines) > 20 else "")
            QMessageBox.warning(self.window, self.tr("Problèmes d'intégrité"), shown)

    def change_key(self) -> None:
        dialog = ChangeKeyDialog(self.services, self.tasks, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.mode = Protection.KEYRING if dialog.to_keyring else Protection.PASSPHRASE
            self.lock.dialog.mode = self.mode
            self.lock.dialog.session_button.setVisible(self.mode == Protection.KEYRING)
            self._status(self.tr("Clé changée."))
