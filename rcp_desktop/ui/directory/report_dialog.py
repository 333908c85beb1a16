"""The import report: what was (or would be) added, updated, left out and why; exportable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from rcp_desktop.files import atomic_write_bytes
from rcp_desktop.reports.directory_import import import_report_csv
from rcp_desktop.services.directory_import import MAX_EXAMPLES, ImportReport, Outcome
from rcp_desktop.ui.machine_settings import save_location
from rcp_desktop.ui.meetings.common import error_label
from rcp_desktop.ui.widgets.common import RecordTable
from rcp_desktop.ui.widgets.record_model import Column


class ImportReportDialog(QDialog):
    def __init__(self, report: ImportReport, parent=None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(
            self.tr("Rapport d'import") if report.committed else self.tr("Aperçu de l'import")
        )
        self.resize(980, 640)
        head = QLabel(
            self.tr("Import enregistré dans l'annuaire.")
            if report.committed
            else self.tr("Aperçu : rien n'est encore enregistré.")
        )
        head.setObjectName("sectionTitle")
        self.summary = QLabel(report.summary())
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        reasons = report.reasons()
        self.reasons = QTableWidget(len(reasons), 2)
        self.reasons.setHorizontalHeaderLabels([self.tr("Motif d'écart"), self.tr("Lignes")])
        self.reasons.verticalHeader().setVisible(False)
        self.reasons.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.reasons.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.reasons.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        for row, (text, count) in enumerate(reasons):
            self.reasons.setItem(row, 0, QTableWidgetItem(text))
            number = QTableWidgetItem(f"{count:,}".replace(",", "\u202f"))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.reasons.setItem(row, 1, number)
        self.reasons.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.reasons.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reasons.verticalHeader().setDefaultSectionSize(24)
        shown = min(len(reasons), 8)
        self.reasons.setFixedHeight(
            self.reasons.horizontalHeader().sizeHint().height()
            + 24 * shown
            + 2 * self.reasons.frameWidth()
        )
        self.reasons.setVisible(bool(reasons))

        self.filter = QComboBox()
        self.filter.addItem(self.tr("Toutes les lignes"), None)
        for outcome, text in (
            (Outcome.ADDED, self.tr("Ajoutés")),
            (Outcome.UPDATED, self.tr("Mis à jour")),
            (Outcome.SKIPPED, self.tr("Écartés")),
        ):
            self.filter.addItem(f"{text} ({len(report.examples(outcome))})", outcome.value)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.table = RecordTable(
            [
                Column(self.tr("Résultat"), lambda line: line.outcome_label),
                Column(self.tr("Ligne"), lambda line: line.line, align_right=True),
                Column(self.tr("Nom"), lambda line: line.name),
                Column(self.tr("Identifiant"), lambda line: line.identifier),
                Column(
                    self.tr("Détail"),
                    lambda line: line.detail,
                    tooltip=lambda line: line.detail or None,
                ),
            ]
        )
        self.table.setSortingEnabled(True)
        note = QLabel(
            self.tr(
                "Exemples : au plus {n} lignes par motif d'écart ; les totaux sont exacts."
            ).format(n=MAX_EXAMPLES)
        )
        note.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Exporter en CSV…"))
        self.export_button.clicked.connect(self.export)
        self.message = error_label()
        self.saved = QLabel()
        self.saved.setTextFormat(Qt.TextFormat.PlainText)
        self.saved.setWordWrap(True)
        self.message.hide()
        self.saved.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Afficher :")))
        top.addWidget(self.filter)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.reasons)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.saved)
        layout.addWidget(self.buttons)
        self._apply_filter()

    def _apply_filter(self) -> None:
        value = self.filter.currentData()
        lines = self.report.examples(Outcome(value) if value else None)
        self.table.set_records(lines)
        self.table.setColumnWidth(4, max(self.table.columnWidth(4), 320))

    def suggested_name(self) -> str:
        stem = Path(self.report.file_name or "import").stem[:60]
        return f"rapport-import-annuaire-{stem}.csv"

    def export(self) -> Path | None:
        path_text, _selected = QFileDialog.getSaveFileName(
            self,
            self.tr("Enregistrer le rapport"),
            save_location(self.suggested_name()),
            self.tr("CSV (point-virgule) (*.csv)"),
        )
        if not path_text:
            return None
        path = Path(path_text)
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        self.message.hide()
        self.saved.hide()
        try:
            atomic_write_bytes(path, import_report_csv(self.report))
        except OSError as exc:
            self.message.setText(
                self.tr("Le fichier n'a pas pu être écrit : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            self.message.show()
            return None
        self.saved.setText(self.tr("Rapport enregistré : {path}").format(path=str(path)))
        self.saved.show()
        return path
