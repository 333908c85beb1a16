"""The "Rapport annuel" tab of the Année page: the year's ACI indicators against their targets
(set in the "Objectifs…" dialog, level socle / optionnel), the previous year, the outcomes by
pathway and the self-evaluation (from the year's statistics edition, protected), the
coordinator's text, and the exports (PDF, XLSX, CSV) recorded in the register."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_datetime
from rcp_desktop.models import TargetLevel
from rcp_desktop.reports.annual_report import (
    evaluation_rows,
    indicator_rows,
    report_writer_for,
    shown,
)
from rcp_desktop.services.annual_report import (
    INDICATORS,
    AnnualReport,
    TargetDraft,
    indicator_label,
)
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.meetings.common import FormDialog, error_label
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.widgets.common import fit_columns, section_title
from rcp_desktop.ui.widgets.fields import EnumCombo

REACHED = QColor("#26a269")
EXPORT_FORMATS = ("pdf", "xlsx", "csv")


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    """Header row then data rows, read-only."""
    table.clear()
    table.setColumnCount(len(rows[0]))
    table.setRowCount(len(rows) - 1)
    table.setHorizontalHeaderLabels(rows[0])
    for r, row in enumerate(rows[1:]):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    fit_columns(table)
    table.resizeRowsToContents()
    # Tall enough for every row: the tab scrolls as a whole, a table never scrolls inside it.
    height = table.horizontalHeader().height() + 2 * table.frameWidth() + 2
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setFixedHeight(height)


class FittingTable(QTableWidget):
    """A read-only table whose columns always fit its width (``widgets.common.fit_columns``)."""

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, lambda: fit_columns(self))
        return super().viewportEvent(event)


def _read_only_table() -> QTableWidget:
    table = FittingTable()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


class TargetsDialog(FormDialog):
    """The targets of a year: for each indicator, a target (or none) and its level."""

    def __init__(self, services, year: int, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.year = year
        self.setWindowTitle(self.tr("Objectifs ACI {year}").format(year=year))
        current = services.annual_report.targets(year)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Indicateur")), 0, 0)
        grid.addWidget(QLabel(self.tr("Objectif")), 0, 1)
        grid.addWidget(QLabel(self.tr("Niveau")), 0, 2)
        self.rows: dict[str, tuple[QCheckBox, QDoubleSpinBox, EnumCombo]] = {}
        for r, ind in enumerate(INDICATORS, start=1):
            box = QCheckBox(indicator_label(ind.code))
            spin = QDoubleSpinBox(decimals=1, minimum=0, maximum=1_000_000)
            level = EnumCombo(TargetLevel)
            target = current.get(ind.code)
            box.setChecked(target is not None)
            spin.setValue(target.target if target else 0)
            level.set_value(target.level if target else ind.default_level)
            spin.setEnabled(box.isChecked())
            level.setEnabled(box.isChecked())
            box.toggled.connect(spin.setEnabled)
            box.toggled.connect(level.setEnabled)
            grid.addWidget(box, r, 0)
            grid.addWidget(self.field(ind.code, spin), r, 1)
            grid.addWidget(level, r, 2)
            self.rows[ind.code] = (box, spin, level)
        self.copy_button = QPushButton(
            self.tr("Reprendre les objectifs de {year}").format(year=year - 1)
        )
        self.copy_button.clicked.connect(self.copy_previous)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.copy_button)
        self.finish_layout(layout)

    def copy_previous(self) -> None:
        previous = self.services.annual_report.targets(self.year - 1)
        for code, target in previous.items():
            if code in self.rows and not self.rows[code][0].isChecked():
                box, spin, level = self.rows[code]
                box.setChecked(True)
                spin.setValue(target.target)
                level.set_value(target.level)

    def drafts(self) -> list[TargetDraft]:
        out = []
        for code, (box, spin, level) in self.rows.items():
            value = level.value()
            out.append(
                TargetDraft(
                    code,
                    TargetLevel(value) if value is not None else TargetLevel.CORE,
                    spin.value() if box.isChecked() else None,
                )
            )
        return out

    def save(self) -> None:
        drafts = self.drafts()
        saved = self.attempt(lambda: self.services.annual_report.set_targets(self.year, drafts))
        if saved is not None:
            self.accept()


class ReportTab(QWidget):
    """``changed`` after targets or text are saved."""

    changed = Signal()

    def __init__(self, services, tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.year: int | None = None
        self.report: AnnualReport | None = None
        self.dialog: TargetsDialog | None = None
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.error = error_label()
        self.indicators = _read_only_table()
        self.evaluation = _read_only_table()
        self.outcomes = _read_only_table()
        self.targets_button = QPushButton(self.tr("Objectifs…"))
        self.targets_button.clicked.connect(self.edit_targets)
        self.export_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(self.targets_button)
        buttons.addStretch(1)
        for fmt in EXPORT_FORMATS:
            button = QPushButton(self.tr("Exporter en {fmt}…").format(fmt=fmt.upper()))
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
            buttons.addWidget(button)
        self.highlights = QPlainTextEdit()
        self.highlights.setPlaceholderText(self.tr("Faits marquants de l'année…"))
        self.difficulties = QPlainTextEdit()
        self.difficulties.setPlaceholderText(self.tr("Difficultés rencontrées…"))
        for edit in (self.highlights, self.difficulties):
            edit.setFixedHeight(90)
        self.save_text_button = QPushButton(self.tr("Enregistrer le texte"))
        self.save_text_button.clicked.connect(self.save_text)
        text_hint = QLabel(
            self.tr(
                "Ce texte figure dans le rapport diffusé : n'y mettez aucun nom de patient ni "
                "détail qui permettrait de reconnaître quelqu'un."
            )
        )
        text_hint.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.state)
        inner.addWidget(self.error)
        inner.addLayout(buttons)
        inner.addWidget(section_title(self.tr("Indicateurs et objectifs ACI")))
        inner.addWidget(self.indicators)
        inner.addWidget(section_title(self.tr("Évaluation de la RCP")))
        inner.addWidget(self.evaluation)
        inner.addWidget(section_title(self.tr("Événements de santé par parcours")))
        inner.addWidget(self.outcomes)
        inner.addWidget(section_title(self.tr("Le mot de la coordination")))
        inner.addWidget(QLabel(self.tr("Faits marquants :")))
        inner.addWidget(self.highlights)
        inner.addWidget(QLabel(self.tr("Difficultés :")))
        inner.addWidget(self.difficulties)
        inner.addWidget(text_hint)
        inner.addWidget(self.save_text_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.info)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # --- showing -------------------------------------------------------------------------------

    def load(self, year: int) -> None:
        self.year = year
        self.error.clear()
        highlights, difficulties = self.services.annual_report.text(year)
        self.highlights.setPlainText(highlights)
        self.difficulties.setPlainText(difficulties)
        report_service = self.services.annual_report
        try:
            self.report = run_with_progress(
                self,
                self.tr("Calcul du rapport…"),
                lambda: report_service.report(year),
                tasks=self.tasks,
            )
        except ServiceError as exc:
            self.report = None
            self.error.setText(exc.message)
        self._render()

    def _render(self) -> None:
        report = self.report
        for button in self.export_buttons.values():
            button.setEnabled(report is not None)
        if report is None:
            self.state.clear()
            for table in (self.indicators, self.evaluation, self.outcomes):
                table.clear()
                table.setRowCount(0)
                table.setColumnCount(0)
            return
        if report.edition_date is not None:
            self.state.setText(
                self.tr(
                    "Effectifs de patients de l'édition des statistiques du {date} (seuil "
                    "{threshold}) ; « s » : secret statistique."
                ).format(
                    date=fr_datetime(report.edition_date), threshold=report.statistics.threshold
                )
            )
        else:
            self.state.setText(
                self.tr(
                    "Année pas encore publiée : le premier export (du rapport ou des statistiques) "
                    "fixera ces chiffres (seuil {threshold}) ; « s » : secret statistique."
                ).format(threshold=report.statistics.threshold)
            )
        _fill(self.indicators, indicator_rows(report))
        for r, line in enumerate(report.lines):
            if line.progress is not None and line.progress >= 100:
                for c in range(self.indicators.columnCount()):
                    item = self.indicators.item(r, c)
                    if item is not None:
                        item.setForeground(REACHED)
        _fill(self.evaluation, evaluation_rows(report))
        if report.statistics.has_table("outcomes"):
            table = report.statistics.table("outcomes")
            _fill(
                self.outcomes,
                [
                    [table.row_header, *table.columns],
                    *([label, *(shown(v) for v in values)] for label, values in table.rows),
                ],
            )

    # --- editing -------------------------------------------------------------------------------

    def edit_targets(self) -> None:
        if self.year is None:
            return
        self.dialog = TargetsDialog(self.services, self.year, self)
        self.dialog.setModal(True)
        self.dialog.accepted.connect(self._targets_saved)
        self.dialog.show()

    def _targets_saved(self) -> None:
        assert self.year is not None
        self.load(self.year)
        self.changed.emit()

    def save_text(self) -> None:
        if self.year is None:
            return
        try:
            self.services.annual_report.set_text(
                self.year, self.highlights.toPlainText(), self.difficulties.toPlainText()
            )
        except ServiceError as exc:
            self.error.setText(exc.message)
            return
        self.info.setText(self.tr("Texte enregistré."))
        self.load(self.year)
        self.changed.emit()

    # --- exports -------------------------------------------------------------------------------

    def ask_save_path(self, suggested: str, fmt: str) -> str:
        name, _selected = QFileDialog.getSaveFileName(
            self,
            self.tr("Enregistrer le rapport"),
            suggested,
            self.tr("Fichier {fmt} (*.{ext})").format(fmt=fmt.upper(), ext=fmt),
        )
        return name

    def export(self, fmt: str) -> Path | None:
        if self.year is None or self.report is None:
            return None
        name = self.ask_save_path(
            self.tr("rapport-annuel-{year}.{ext}").format(year=self.year, ext=fmt), fmt
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        year = self.year
        service = self.services.annual_report
        render = report_writer_for(path)
        try:
            record = run_with_progress(
                self,
                self.tr("Export du rapport…"),
                lambda progress: service.export(year, path, render, progress),
                tasks=self.tasks,
                with_progress=True,
            )
        except (ServiceError, OSError) as exc:
            reason = (
                exc.message
                if isinstance(exc, ServiceError)
                else self.tr("Le fichier n'a pas pu être écrit : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                )
            )
            QMessageBox.warning(self, self.tr("Export impossible"), reason)
            return None
        self.info.setText(
            self.tr("Rapport enregistré : {path} (export n° {n} inscrit au registre).").format(
                path=str(path), n=record.id
            )
        )
        self.load(year)
        return path
