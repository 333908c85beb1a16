"""Start-up dialogs: first run (create and protect a database) and unlock."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop import vault
from rcp_desktop.services import Actor
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.tasks import TaskRunner
from rcp_desktop.ui.widgets.fields import fit_placeholders
from rcp_desktop.vault import Database, DatabaseError, DatabaseKey, OpenedBase, Protection

log = logging.getLogger(__name__)


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class FirstRunDialog(QDialog):
    """Where the database lives, how it is protected, who operates; the vault creates it off
    the GUI thread, then the recovery code is shown once."""

    def __init__(self, default_path: Path, operator: str, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.opened: OpenedBase | None = None
        self.mode = Protection.PASSPHRASE
        self.setWindowTitle(self.tr("Première utilisation — créer la base"))
        self.setMinimumWidth(560)

        intro = QLabel(
            self.tr(
                "rcp-desktop garde les dossiers dans une base chiffrée (AES-256) sur ce poste. "
                "Choisissez où la placer et comment la protéger."
            )
        )
        intro.setWordWrap(True)
        self.path = QLineEdit(str(default_path))
        browse = QPushButton(self.tr("Parcourir…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        keyring_name = vault.keyring_name()
        self.use_keyring = QRadioButton(
            self.tr(
                "Clé aléatoire gardée dans le trousseau du système ({name}) — recommandé"
            ).format(name=keyring_name)
            if keyring_name
            else self.tr("Clé aléatoire gardée dans le trousseau du système")
        )
        self.use_passphrase = QRadioButton(self.tr("Phrase de passe demandée à chaque ouverture"))
        group = QButtonGroup(self)
        group.addButton(self.use_keyring)
        group.addButton(self.use_passphrase)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        if keyring_name:
            self.use_keyring.setChecked(True)
        else:
            self.use_keyring.setEnabled(False)
            self.use_passphrase.setChecked(True)
            self.keyring_note.setText(
                self.tr(
                    "Aucun trousseau système sûr n'est disponible sur ce poste : la base sera "
                    "protégée par une phrase de passe (jamais par un fichier en clair)."
                )
            )
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.passphrase.textChanged.connect(self._update_strength)
        self.passphrase_box = QWidget()
        pform = QFormLayout(self.passphrase_box)
        pform.setContentsMargins(0, 0, 0, 0)
        pform.addRow(self.tr("Phrase de passe :"), self.passphrase)
        pform.addRow(self.tr("Confirmation :"), self.confirm)
        pform.addRow("", self.strength)
        self.use_passphrase.toggled.connect(self.passphrase_box.setVisible)
        self.passphrase_box.setVisible(self.use_passphrase.isChecked())

        self.operator = QLineEdit(operator)
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("Fichier de la base :"), path_row)
        form.addRow(self.tr("Votre nom (journal d'audit) :"), self.operator)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = buttons.addButton(
            self.tr("Créer la base"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.clicked.connect(self._create)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Protection :")))
        layout.addWidget(self.use_keyring)
        layout.addWidget(self.use_passphrase)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.passphrase_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_placeholders(self)
        self.setMinimumWidth(max(self.minimumWidth(), layout.minimumSize().width()))
        self._update_strength()

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Emplacement de la base"),
            self.path.text(),
            self.tr("Base rcp-desktop (*.db)"),
        )
        if name:
            self.path.setText(name)

    def _update_strength(self) -> None:
        problems = vault.passphrase_problems(self.passphrase.text())
        if not self.passphrase.text():
            self.strength.setText(
                self.tr(
                    "Au moins {n} caractères ; une phrase de plusieurs mots est idéale."
                ).format(n=vault.MIN_PASSPHRASE_LENGTH)
            )
        elif problems:
            self.strength.setText(" ".join(problems))
        else:
            words = len(self.passphrase.text().split())
            self.strength.setText(
                self.tr("Solidité : bonne.")
                if words >= 4 or len(self.passphrase.text()) >= 20
                else self.tr("Solidité : correcte. Une phrase plus longue serait plus sûre.")
            )

    def _validate(self) -> tuple[Path, str | None] | None:
        path = Path(self.path.text().strip()).expanduser()
        if not self.path.text().strip():
            self.error.setText(self.tr("Indiquez le fichier de la base."))
            return None
        if path.exists():
            self.error.setText(self.tr("Ce fichier existe déjà : choisissez un autre nom."))
            return None
        if not self.operator.text().strip():
            self.error.setText(self.tr("Indiquez votre nom : il figure au journal d'audit."))
            return None
        if self.use_keyring.isChecked():
            return path, None
        secret = self.passphrase.text()
        problems = vault.passphrase_problems(secret)
        if problems:
            self.error.setText(" ".join(problems))
            return None
        if secret != self.confirm.text():
            self.error.setText(self.tr("Les deux saisies de la phrase de passe diffèrent."))
            return None
        return path, secret

    @property
    def db(self) -> Database | None:
        return self.opened.db if self.opened is not None else None

    @property
    def key(self) -> DatabaseKey | None:
        return self.opened.db.key if self.opened is not None else None

    def _create(self) -> None:
        checked = self._validate()
        if checked is None:
            return
        path, secret = checked
        self.mode = Protection.KEYRING if secret is None else Protection.PASSPHRASE
        self.error.clear()
        self.create_button.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        mode, actor = self.mode, Actor.current(self.operator.text().strip())
        self.tasks.run(
            lambda: vault.create(path, mode, actor, passphrase=secret, make_folder=True),
            self._created,
            self._failed,
        )

    def _created(self, opened: OpenedBase) -> None:
        self.unsetCursor()
        self.opened = opened
        RecoveryCodeDialog(
            opened.db.key, self, database=str(opened.db.path), tasks=self.tasks
        ).exec()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.unsetCursor()
        self.create_button.setEnabled(True)
        if isinstance(exc, vault.KeyringRefusedError):
            self.error.setText(
                self.tr("Le trousseau système a refusé la clé : choisissez une phrase de passe.")
            )
        elif isinstance(exc, (DatabaseError, ServiceError)):
            self.error.setText(exc.message)
        elif isinstance(exc, OSError):
            self.error.setText(
                self.tr("Impossible d'écrire à cet emplacement : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
        else:
            raise exc


class RecoveryCodeDialog(QDialog):
    """Shows the recovery code once, with what it is for."""

    def __init__(
        self, key: DatabaseKey, parent=None, *, database: str = "", tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Code de secours"))
        text = QLabel(
            self.tr(
                "Ce code ouvre la base si la phrase de passe est oubliée ou si le trousseau du "
                "système est perdu (nouvel ordinateur). Notez-le ou imprimez-le et rangez-le "
                "sous clé, hors de l'ordinateur. Quiconque le détient peut lire la base."
            )
        )
        text.setWordWrap(True)
        self.code = QPlainTextEdit(key.recovery_code())
        self.code.setReadOnly(True)
        self.code.setMaximumHeight(80)
        copy = QPushButton(self.tr("Copier"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(key.recovery_code()))
        self.print_sheet = QPushButton(self.tr("Imprimer / aperçu de la fiche de secours"))
        self.print_sheet.clicked.connect(
            lambda: self._show_sheet(
                key.recovery_code(), database, tasks or getattr(parent, "tasks", None)
            )
        )
        self.sheet_preview = None
        self.noted = QCheckBox(self.tr("J'ai mis ce code en lieu sûr"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.noted.toggled.connect(ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.code)
        actions = QHBoxLayout()
        actions.addWidget(copy)
        actions.addWidget(self.print_sheet)
        actions.addStretch(1)
        layout.addLayout(actions)
        layout.addWidget(self.noted)
        layout.addWidget(buttons)

    def _show_sheet(self, code: str, database: str, tasks: TaskRunner | None) -> None:
        from rcp_desktop.ui.documents import show_recovery_sheet

        self.sheet_preview = show_recovery_sheet(self, code, database=database, tasks=tasks)


class UnlockDialog(QDialog):
    """Asks the passphrase (or the recovery code); the vault opens the database off the GUI
    thread."""

    def __init__(self, path: Path, operator: str, tasks: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.tasks = tasks
        self.opened: OpenedBase | None = None
        self.attempts = 0
        self.setWindowTitle(self.tr("Ouvrir la base"))
        self.setMinimumWidth(480)
        where = QLabel(self.tr("Base : {path}").format(path=self.path))
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setWordWrap(True)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("Phrase de passe ou code de secours"))
        self.operator = QLineEdit(operator)
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(self.tr("Phrase de passe :"), self.secret)
        form.addRow(self.tr("Votre nom :"), self.operator)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = buttons.addButton(
            self.tr("Ouvrir"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_placeholders(self)
        self.setMinimumWidth(max(self.minimumWidth(), layout.minimumSize().width()))

    def _open(self) -> None:
        secret = self.secret.text()
        if not secret:
            self.error.setText(self.tr("Saisissez la phrase de passe ou le code de secours."))
            return
        if not self.operator.text().strip():
            self.error.setText(self.tr("Indiquez votre nom : il figure au journal d'audit."))
            return
        self.error.clear()
        self.open_button.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        path, actor = self.path, Actor.current(self.operator.text().strip())
        self.tasks.run(
            lambda: vault.open_with_secret(path, secret, actor), self._opened, self._failed
        )

    @property
    def db(self) -> Database | None:
        return self.opened.db if self.opened is not None else None

    def _opened(self, opened: OpenedBase | None) -> None:
        self.unsetCursor()
        self.open_button.setEnabled(True)
        if opened is None:
            self.attempts += 1
            log.info("unlock attempt failed (%d)", self.attempts)
            self.error.setText(
                self.tr(
                    "Phrase de passe ou code de secours incorrect. La base n'a pas été modifiée."
                )
            )
            self.secret.selectAll()
            self.secret.setFocus()
            return
        self.opened = opened
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.unsetCursor()
        self.open_button.setEnabled(True)
        if isinstance(exc, DatabaseError):
            self.error.setText(exc.message)
        else:
            raise exc
