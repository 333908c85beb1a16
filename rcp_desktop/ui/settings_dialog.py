"""Paramètres: per-database settings (CPTS name, quorum, statistics threshold)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout

from rcp_desktop.services import Services
from rcp_desktop.services import settings as settings_mod


class SettingsDialog(QDialog):
    def __init__(self, services: Services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Paramètres"))
        get = services.settings.get
        self.cpts_name = QLineEdit(get(settings_mod.CPTS_NAME))
        self.cpts_name.setMaxLength(200)
        self.quorum = QSpinBox(minimum=2, maximum=10, value=get(settings_mod.QUORUM_PROFESSIONS))
        self.threshold = QSpinBox(minimum=2, maximum=100, value=get(settings_mod.STATS_THRESHOLD))
        self.autolock = QSpinBox(minimum=1, maximum=120, value=get(settings_mod.AUTOLOCK_MINUTES))
        self.autolock.setSuffix(self.tr(" min"))
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.form = QFormLayout()
        self.form.addRow(self.tr("Nom de la CPTS (en-tête des documents) :"), self.cpts_name)
        self.form.addRow(self.tr("Quorum : professions différentes présentes :"), self.quorum)
        self.form.addRow(self.tr("Seuil de secret statistique :"), self.threshold)
        self.form.addRow(self.tr("Verrouillage après inactivité :"), self.autolock)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        name = self.cpts_name.text().strip()
        if not name:
            self.error.setText(self.tr("Indiquez le nom de la CPTS."))
            return
        self.services.settings.set(settings_mod.CPTS_NAME, name)
        self.services.settings.set(settings_mod.QUORUM_PROFESSIONS, self.quorum.value())
        self.services.settings.set(settings_mod.STATS_THRESHOLD, self.threshold.value())
        self.services.settings.set(settings_mod.AUTOLOCK_MINUTES, self.autolock.value())
        self.accept()
