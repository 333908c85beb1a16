"""The crash dialog of :mod:`rcp_desktop.ui.excepthook`: what went wrong, a report to copy (no
patient data in it). Its own module: the widgets load when an error first shows, not at
start-up."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout


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
