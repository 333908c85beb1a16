"""Statistiques: the anonymised ACI indicators of a period, overall or for one pathway, as
tables and charts, and their export (CSV, XLSX, PDF) off the GUI thread.

What the page shows is exactly what an export holds: the protected figures (small counts and their
complements shown "s"), never a raw count.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.models import Pathway
from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.reports.statistics.common import ChartSpec, chart_specs, french_number, number
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.statistics import (
    ALL,
    ExportRequest,
    PublishedStatistics,
    PublishedTable,
    pathway_label,
)
from rcp_desktop.services.statistics.periods import year_of
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.widgets.common import section_title

PALETTE = ["#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#1F7F7F"]
EXPORT_FORMATS = ("csv", "xlsx", "pdf")


def _to_date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


def _clear(layout) -> None:
    """Remove and delete every widget of *layout* now (hidden at once, freed later)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


def _shown_text(value, decimals: int = 1) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return french_number(value, decimals)
    return str(value)


class StatisticsPage(Page):
    def __init__(self, services, tasks, parent=None) -> None:
        super().__init__(services, tasks, parent)
        self.title = self.tr("Statistiques")
        self.published: PublishedStatistics | None = None
        today = services.ctx.today()
        last_year = today.year - 1
        self.start = QDateEdit(QDate(last_year, 1, 1))
        self.end = QDateEdit(QDate(last_year, 12, 31))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.pathway = QComboBox()
        self.pathway.addItem(self.tr("Tous les parcours"), ALL)
        for p in Pathway:
            self.pathway.addItem(pathway_label(p.value), p.value)
        self.pathway.currentIndexChanged.connect(lambda _i: self._render())
        self.compute = QPushButton(self.tr("Calculer"))
        self.compute.setDefault(True)
        self.compute.clicked.connect(self.refresh)
        self.export_buttons: dict[str, QPushButton] = {}
        self.file_filters = {
            "csv": self.tr("CSV pour Excel, séparateur point-virgule (*.csv)"),
            "xlsx": self.tr("Classeur Excel (*.xlsx)"),
            "pdf": self.tr("Rapport PDF (*.pdf)"),
        }
        for fmt in EXPORT_FORMATS:
            button = QPushButton(self.tr("Exporter en {fmt}…").format(fmt=fmt.upper()))
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Du")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("au")))
        top.addWidget(self.end)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Parcours :")))
        top.addWidget(self.pathway)
        top.addWidget(self.compute)
        top.addStretch(1)
        for button in self.export_buttons.values():
            top.addWidget(button)

        # Key figures.
        self.figures: dict[str, QLabel] = {}
        figures_box = QHBoxLayout()
        for key, caption in (
            ("sessions_held", self.tr("Séances tenues")),
            ("situations", self.tr("Situations présentées")),
            ("presentations", self.tr("Présentations")),
            ("professionals", self.tr("Professionnels mobilisés")),
            ("patients", self.tr("Patients")),
        ):
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(card)
            value = QLabel("—")
            font = QFont(value.font())
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            value.setFont(font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLabel(caption)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            inner.addWidget(value)
            inner.addWidget(label)
            self.figures[key] = value
            figures_box.addWidget(card)

        self.charts_grid = QGridLayout()
        self.chart_views: dict[str, QChartView] = {}
        self.tables_box = QVBoxLayout()
        self.tables: dict[str, QTableWidget] = {}

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(figures_box)
        body_layout.addWidget(self.info)
        body_layout.addLayout(self.charts_grid)
        body_layout.addLayout(self.tables_box)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.scroll = scroll

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        self._set_exports_enabled(True)

    # --- computing -------------------------------------------------------------------------

    def period(self) -> tuple[dt.date, dt.date]:
        return _to_date(self.start.date()), _to_date(self.end.date())

    def refresh(self) -> None:
        start, end = self.period()
        if end < start:
            self.error.setText(self.tr("La fin de la période précède son début."))
            return
        self.error.clear()
        statistics = self.services.statistics
        try:
            self.published = run_with_progress(
                self,
                self.tr("Calcul des statistiques…"),
                lambda progress: statistics.report(start, end, progress=progress),
                tasks=self.tasks,
                with_progress=True,
            )
        except ServiceError as exc:
            self.error.setText(exc.message)
            return
        self._render()

    def current_pathway(self) -> str:
        return self.pathway.currentData()

    # --- showing -----------------------------------------------------------------------------

    def _render(self) -> None:
        published = self.published
        if published is None:
            return
        pathway = self.current_pathway()
        self._render_figures(published, pathway)
        self.info.setText(
            self.tr(
                "Période {period} — seuil de secret statistique : {threshold}. {legend}"
            ).format(
                period=published.period_label,
                threshold=published.threshold,
                legend=published.legend,
            )
        )
        self._render_charts(published, pathway)
        self._render_tables(published, pathway)

    def _render_figures(self, published: PublishedStatistics, pathway: str) -> None:
        def at(table_id: str, row: int, code: str):
            table = published.table(table_id)
            col = table.column_for(code)
            return table.rows[row][1][col] if col is not None else "—"

        values = {
            "sessions_held": at("sessions", 0, pathway),
            "situations": at("situations", 0, pathway),
            "presentations": at("situations", 1, pathway),
            "professionals": at("professionals", 2, pathway),
            "patients": at("fragility", 0, pathway),
        }
        for key, value in values.items():
            self.figures[key].setText(_shown_text(value, 0))

    def _render_charts(self, published: PublishedStatistics, pathway: str) -> None:
        _clear(self.charts_grid)
        self.chart_views = {}
        for index, spec in enumerate(chart_specs(published, pathway)):
            view = self._chart_view(spec)
            self.chart_views[spec.id] = view
            self.charts_grid.addWidget(view, index // 2, index % 2)

    def _chart_view(self, spec: ChartSpec) -> QChartView:
        chart = QChart()
        chart.setTitle(spec.title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setVisible(len(spec.series) > 1 or spec.kind == "pie")
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        if spec.kind == "pie":
            series = QPieSeries()
            for i, (category, value) in enumerate(
                zip(spec.categories, spec.series[0][1], strict=True)
            ):
                if number(value):
                    piece = series.append(f"{category} : {_shown_text(value)}", number(value))
                    piece.setColor(QColor(PALETTE[i % len(PALETTE)]))
                    piece.setLabelVisible(False)
            chart.addSeries(series)
        else:
            series = QHorizontalStackedBarSeries() if spec.kind == "hbar" else QBarSeries()
            top = 1.0
            for i, (name, values) in enumerate(spec.series):
                bar_set = QBarSet(name or spec.title)
                bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
                for value in values:
                    bar_set.append(number(value))
                series.append(bar_set)
            for values in zip(*(v for _n, v in spec.series), strict=True):
                nums = [number(v) for v in values]
                top = max(top, sum(nums) if spec.kind == "hbar" else max(nums))
            if spec.kind != "hbar":
                series.setLabelsVisible(True)
                series.setLabelsFormat("@value")
            chart.addSeries(series)
            categories = QBarCategoryAxis()
            categories.append(list(spec.categories))
            small = QFont(categories.labelsFont())
            small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
            categories.setLabelsFont(small)
            values_axis = QValueAxis()
            values_axis.setRange(0, top * 1.15)
            values_axis.setLabelFormat("%d")
            if spec.kind == "hbar":
                chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
                chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
                categories.setReverse(True)
            else:
                chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
                chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
            series.attachAxis(categories)
            series.attachAxis(values_axis)
        note = ""
        if not spec.drawable:
            note = self.tr("effectifs nuls ou masqués : rien à représenter")
        elif spec.masked:
            note = self.tr(
                "{n} valeur(s) masquée(s) (secret statistique), non représentée(s)"
            ).format(n=spec.masked)
        if note:
            chart.setTitle(
                f"{html.escape(spec.title)}<br><small><i>{html.escape(note)}</i></small>"
            )
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(300 if spec.kind != "hbar" else 380)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return view

    def _render_tables(self, published: PublishedStatistics, pathway: str) -> None:
        _clear(self.tables_box)
        self.tables = {}
        for table in published.tables:
            columns = list(range(len(table.columns)))
            if pathway != ALL:
                col = table.column_for(pathway)
                if col is None:
                    continue  # a table without a pathway breakdown (e.g. age × sex)
                columns = [col]
                total = table.column_for(ALL)
                if total is not None and total != col:
                    columns.append(total)
            widget = self._table_widget(table, columns)
            self.tables[table.id] = widget
            self.tables_box.addWidget(section_title(table.title))
            self.tables_box.addWidget(widget)
            if table.note:
                note = QLabel(table.note)
                note.setWordWrap(True)
                self.tables_box.addWidget(note)

    def _table_widget(self, table: PublishedTable, columns: list[int]) -> QTableWidget:
        widget = QTableWidget(len(table.rows), len(columns))
        widget.setHorizontalHeaderLabels([table.columns[c] for c in columns])
        widget.setVerticalHeaderLabels([label for label, _v in table.rows])
        widget.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        widget.setAlternatingRowColors(True)
        for r, (_label, values) in enumerate(table.rows):
            for i, c in enumerate(columns):
                item = QTableWidgetItem(_shown_text(values[c], table.decimals))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if isinstance(values[c], str):
                    item.setForeground(QColor("#7F7F7F"))
                    item.setToolTip(self.tr("Valeur masquée ou sans objet (secret statistique)"))
                widget.setItem(r, i, item)
        header = widget.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.resizeRowsToContents()
        height = widget.horizontalHeader().height() + 4
        height += sum(widget.rowHeight(r) for r in range(widget.rowCount()))
        widget.setFixedHeight(height)
        return widget

    # --- exporting ---------------------------------------------------------------------------

    def _set_exports_enabled(self, enabled: bool) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(enabled)

    def suggested_name(self, fmt: str) -> str:
        start, end = self.period()
        return f"statistiques-aci-{start.isoformat()}-{end.isoformat()}.{fmt}"

    def export(self, fmt: str) -> Path | None:
        """Ask where to save, then compute and write the export off the GUI thread."""
        start, end = self.period()
        if end < start:
            self.error.setText(self.tr("La fin de la période précède son début."))
            return None
        self.error.clear()
        path_text, _selected = QFileDialog.getSaveFileName(
            self, self.tr("Enregistrer sous"), self.suggested_name(fmt), self.file_filters[fmt]
        )
        if not path_text:
            return None
        path = Path(path_text)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        statistics = self.services.statistics
        year = year_of(start, end)
        request = ExportRequest(year or start.year, self.current_pathway())
        render = writer_for(path)

        def work(progress):
            statistics.export(request, path, render, progress)
            return statistics.publication(request.year).published

        self._set_exports_enabled(False)
        try:
            self.published = run_with_progress(
                self,
                self.tr("Export des statistiques…"),
                work,
                tasks=self.tasks,
                with_progress=True,
            )
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("Export impossible"), exc.message)
            return None
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Export impossible"),
                self.tr("Le fichier n'a pas pu être écrit : {reason}").format(
                    reason=exc.strerror or type(exc).__name__
                ),
            )
            return None
        finally:
            self._set_exports_enabled(True)
        self._render()
        self.info.setText(
            self.tr("Fichier enregistré : {path}").format(path=str(path)) + "\n" + self.info.text()
        )
        return path
