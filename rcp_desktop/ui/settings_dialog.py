"""Paramètres: per-database settings (CPTS name and logo, quorum, statistics threshold)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.services import Services
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.errors import ValidationError
from rcp_desktop.services.statistics import EXPORT_MIN_THRESHOLD
from rcp_desktop.ui import machine_settings

_UNCHANGED = object()


class SettingsDialog(QDialog):
    def __init__(self, services: Services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Paramètres"))
        get = services.settings.get
        self.cpts_name = QLineEdit(get(settings_mod.CPTS_NAME))
        self.cpts_name.setMaxLength(200)
        self.quorum = QSpinBox(minimum=2, maximum=10, value=get(settings_mod.QUORUM_PROFESSIONS))
        # The threshold of the exports: never under the floor (a lower one is for the screen).
        self.threshold = QSpinBox(
            minimum=EXPORT_MIN_THRESHOLD, maximum=100, value=get(settings_mod.STATS_THRESHOLD)
        )
        self.autolock = QSpinBox(minimum=1, maximum=120, value=get(settings_mod.AUTOLOCK_MINUTES))
        self.autolock.setSuffix(self.tr(" min"))

        # Logo: chosen here, checked at once, stored on "Enregistrer".
        self.new_logo: object = _UNCHANGED  # bytes, None (remove) or unchanged
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(160, 60)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.choose_logo = QPushButton(self.tr("Choisir un logo…"))
        self.choose_logo.clicked.connect(self._choose_logo)
        self.remove_logo = QPushButton(self.tr("Retirer"))
        self.remove_logo.clicked.connect(self._remove_logo)
        self.logo_error = QLabel()
        self.logo_error.setObjectName("fieldError")
        self.logo_error.setWordWrap(True)
        self.logo_error.setTextFormat(Qt.TextFormat.PlainText)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        logo_row.addStretch(1)
        logo_box = QWidget()
        logo_layout = QVBoxLayout(logo_box)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addLayout(logo_row)
        logo_layout.addWidget(self.logo_error)
        self._show_logo(services.settings.logo())

        # This computer's folder for saved documents (a machine setting, not the base's).
        self.documents_folder = QLineEdit(str(machine_settings.documents_folder()))
        self.documents_folder.setReadOnly(True)
        self.choose_folder = QPushButton(self.tr("Choisir…"))
        self.choose_folder.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.documents_folder, 1)
        folder_row.addWidget(self.choose_folder)

        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.form = QFormLayout()
        self.form.addRow(self.tr("Nom de la CPTS (en-tête des documents) :"), self.cpts_name)
        self.form.addRow(self.tr("Logo (en-tête des documents) :"), logo_box)
        self.form.addRow(self.tr("Quorum : professions différentes présentes :"), self.quorum)
        self.form.addRow(
            self.tr("Seuil de secret statistique des exports (11 au moins) :"), self.threshold
        )
        self.form.addRow(self.tr("Verrouillage après inactivité :"), self.autolock)
        self.form.addRow(self.tr("Dossier des documents enregistrés :"), folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(
            self, self.tr("Dossier des documents enregistrés"), self.documents_folder.text()
        )

    def _choose_folder(self) -> None:
        folder = self.ask_folder()
        if folder:
            self.documents_folder.setText(folder)

    def _show_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    self.logo_preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.remove_logo.setEnabled(True)
        else:
            self.logo_preview.clear()
            self.logo_preview.setText(self.tr("(aucun logo)"))
            self.remove_logo.setEnabled(False)

    def ask_logo_path(self) -> str:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choisir un logo"),
            str(machine_settings.documents_folder()),
            self.tr("Images PNG ou JPEG (*.png *.jpg *.jpeg)"),
        )
        return name

    def _choose_logo(self) -> None:
        name = self.ask_logo_path()
        if name:
            self.load_logo(Path(name))

    def load_logo(self, path: Path) -> bool:
        """Check the image at *path*; show it, or a French message under the field."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.logo_error.setText(
                self.tr("Lecture impossible : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            return False
        try:
            settings_mod.check_logo(data)
        except ValidationError as exc:
            self.logo_error.setText(exc.errors.get("logo", exc.message))
            return False
        self.logo_error.clear()
        self.new_logo = data
        self._show_logo(data)
        return True

    def _remove_logo(self) -> None:
        self.new_logo = None
        self.logo_error.clear()
        self._show_logo(None)

    def save(self) -> None:
        name = self.cpts_name.text().strip()
        if not name:
            self.error.setText(self.tr("Indiquez le nom de la CPTS."))
            return
        self.services.settings.set(settings_mod.CPTS_NAME, name)
        self.services.settings.set(settings_mod.QUORUM_PROFESSIONS, self.quorum.value())
        self.services.settings.set(settings_mod.STATS_THRESHOLD, self.threshold.value())
        self.services.settings.set(settings_mod.AUTOLOCK_MINUTES, self.autolock.value())
        if self.new_logo is not _UNCHANGED:
            self.services.settings.set_logo(self.new_logo)
        folder = Path(self.documents_folder.text())
        if folder.is_dir() and folder != machine_settings.documents_folder():
            machine_settings.DOCUMENTS_FOLDER.set(folder)
        self.accept()
