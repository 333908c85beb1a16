"""Statistiques: the anonymised ACI indicators, overall or for one pathway, as tables and
charts; their export (CSV, XLSX, PDF) off the GUI thread; the register of every export.

Two ways to look at the figures:

- *a calendar year that is over* — what an export prints: the year's edition once it has been
  published (every later export reprints it), else the figures the first export would fix;
  the export buttons are enabled;
- *a free period*, or a threshold under 11 — for the coordinator's own work: shown under an
  "internal use" banner, never exported.

What the page shows is always protected (small counts and their complements shown "s"). It
recomputes only when something changed: the audit chain's last entry (every write appends one,
settings included) and the day key what is on screen.

The key figures show at once; the charts and tables (about twenty widgets) are built a few per
turn of the event loop, each replacing the one shown before in its place, so that the window
never stalls on them; a newer rendering (another pathway, a new computation) takes over from
one in progress. :attr:`StatisticsPage.loading` is true until everything is shown.
"""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QMargins, Qt, QTimer, Signal
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
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rcp_desktop.domain.dates import fr_date, fr_datetime
from rcp_desktop.i18n import translate
from rcp_desktop.models import Pathway
from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.reports.statistics.common import (
    KEY_FIGURES,
    ChartSpec,
    chart_specs,
    french_number,
    key_figure,
    number,
)
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.statistics import (
    ALL,
    EXPORT_MIN_THRESHOLD,
    ExportRecord,
    ExportRequest,
    Publication,
    PublishedStatistics,
    PublishedTable,
    pathway_label,
)
from rcp_desktop.services.statistics.periods import calendar_year
from rcp_desktop.ui.pages.base import Page
from rcp_desktop.ui.progress import run_with_progress
from rcp_desktop.ui.widgets.common import ask, section_title

PALETTE = ["#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#1F7F7F"]
EXPORT_FORMATS = ("csv", "xlsx", "pdf")
FREE = "free"  # the period picker's entry for a free period (internal use)
FIGURE_KEYS = ("sessions_held", "situations", "presentations", "professionals", "patients")
CHART_MIN_WIDTH = 300
SHA_COLUMN = 8
ROW_LABEL_CHARS = 32
# GUI-thread time spent building charts and tables per turn of the event loop (at least one
# each turn): the window keeps answering between two turns.
RENDER_BUDGET_S = 0.015


def _to_date(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


def _discard(widget: QWidget | None) -> None:
    """Take *widget* off the page now (hidden at once, freed later)."""
    if widget is not None:
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()


def _two_lines(text: str, separator: str) -> str:
    """*text* broken at the space nearest its middle (a narrow column's header, an axis
    label), so that it fits in half the width."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return text[:cut] + separator + text[cut + 1 :]


def _shown_text(value: object, decimals: int = 1) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return french_number(value, decimals)
    return str(value)


class StatisticsPage(Page):
    rendered = Signal()  # every chart and table of the last rendering is shown

    def __init__(self, services, tasks, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(services, tasks, parent)
        self._render_steps: list[Callable[[], None]] = []
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self._render_some)
        self.title = self.tr("Statistiques")
        self.published: PublishedStatistics | None = None
        self.publication: Publication | None = None
        self._shown_key: tuple[object, ...] | None = None
        self._years_loaded = False
        self.new_edition_pending = False
        today = services.ctx.today()

        # --- what to show -----------------------------------------------------------------
        self.period_mode = QComboBox()
        for year in range(today.year - 1, today.year - 11, -1):
            self.period_mode.addItem(self.tr("Année {year}").format(year=year), year)
        self.period_mode.addItem(self.tr("Période libre (usage interne)"), FREE)
        self.period_mode.currentIndexChanged.connect(self._mode_changed)
        last_year = today.year - 1
        self.start = QDateEdit(QDate(last_year, 1, 1))
        self.end = QDateEdit(QDate(last_year, 12, 31))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.threshold = QSpinBox(minimum=2, maximum=1000, value=EXPORT_MIN_THRESHOLD)
        self.threshold.setToolTip(
            self.tr("Sous {floor}, les chiffres restent à l'écran, pour usage interne.").format(
                floor=EXPORT_MIN_THRESHOLD
            )
        )
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
        self.new_edition = QPushButton(self.tr("Nouvelle édition…"))
        self.new_edition.setToolTip(
            self.tr("Remplacer les chiffres publiés de l'année après une correction des données")
        )
        self.new_edition.clicked.connect(self.ask_new_edition)

        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("internalBanner")
        self.banner.setWordWrap(True)
        self.edition_info = QLabel()
        self.edition_info.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)

        self.free_widgets: list[QWidget] = []
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Période :")))
        top.addWidget(self.period_mode)
        for widget in (QLabel(self.tr("du")), self.start, QLabel(self.tr("au")), self.end):
            top.addWidget(widget)
            self.free_widgets.append(widget)
        threshold_label = QLabel(self.tr("Seuil :"))
        top.addWidget(threshold_label)
        top.addWidget(self.threshold)
        self.free_widgets += [threshold_label, self.threshold]
        top.addWidget(QLabel(self.tr("Parcours :")))
        top.addWidget(self.pathway)
        top.addWidget(self.compute)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.edition_info, 1)
        actions.addWidget(self.new_edition)
        for button in self.export_buttons.values():
            actions.addWidget(button)

        # --- key figures, charts, tables ----------------------------------------------------
        self.figures: dict[str, QLabel] = {}
        figures_box = QHBoxLayout()
        for key, (caption, _table, _row) in zip(FIGURE_KEYS, KEY_FIGURES, strict=True):
            card = QFrame()
            card.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(card)
            value = QLabel("—")
            font = QFont(value.font())
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            value.setFont(font)
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label = QLabel(translate(caption))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            inner.addWidget(value)
            inner.addWidget(label)
            self.figures[key] = value
            figures_box.addWidget(card)

        self.charts_grid = QGridLayout()
        # Two columns of equal width whatever a chart asks for (long labels once squeezed the
        # right-hand column into a strip).
        self.charts_grid.setColumnStretch(0, 1)
        self.charts_grid.setColumnStretch(1, 1)
        self.chart_views: dict[str, QChartView] = {}
        # One block per table (its title, the table, its note), in the order of the tables.
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
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.scroll = scroll

        # --- the register -------------------------------------------------------------------
        self.exports_table = QTableWidget(0, 9)
        self.exports_table.setHorizontalHeaderLabels(
            [
                self.tr("Exporté le"),
                self.tr("Par"),
                self.tr("Période"),
                self.tr("Parcours"),
                self.tr("Seuil"),
                self.tr("Format"),
                self.tr("Fichier"),
                self.tr("Édition du"),
                self.tr("SHA-256 du fichier"),
            ]
        )
        self.exports_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.exports_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.exports_table.verticalHeader().setVisible(False)
        self.exports_table.horizontalHeader().setStretchLastSection(True)
        self.exports_empty = QLabel(self.tr("Aucun export de statistiques pour l'instant."))
        self.exports_table.itemSelectionChanged.connect(self._show_fingerprint)
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setWordWrap(True)
        register = QWidget()
        register_layout = QVBoxLayout(register)
        explanation = QLabel(
            self.tr(
                "Chaque export est inscrit ici et dans le journal d'audit : qui, quand, quelle "
                "période, quel parcours, quel seuil, quel format, et l'empreinte SHA-256 du "
                "fichier, qui permet de reconnaître un fichier diffusé."
            )
        )
        explanation.setWordWrap(True)
        register_layout.addWidget(explanation)
        register_layout.addWidget(self.exports_empty)
        register_layout.addWidget(self.exports_table, 1)
        register_layout.addWidget(self.fingerprint)

        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, self.tr("Indicateurs"))
        self.tabs.addTab(register, self.tr("Exports"))
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.banner)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        self._mode_changed()

    # --- what is asked -------------------------------------------------------------------------

    def selected_year(self) -> int | None:
        data = self.period_mode.currentData()
        return data if isinstance(data, int) else None

    def select_year(self, year: int | None) -> None:
        """Pick a calendar year, or the free period (None)."""
        index = self.period_mode.findData(year if year is not None else FREE)
        self.period_mode.setCurrentIndex(index)

    def period(self) -> tuple[dt.date, dt.date]:
        year = self.selected_year()
        if year is not None:
            return calendar_year(year)
        return _to_date(self.start.date()), _to_date(self.end.date())

    def current_pathway(self) -> str:
        return str(self.pathway.currentData())

    def _mode_changed(self) -> None:
        free = self.selected_year() is None
        for widget in self.free_widgets:
            widget.setVisible(free)
        self._update_actions()

    def _load_years(self) -> None:
        """Add the years before the last ten that hold sessions (once, on the first show)."""
        if self._years_loaded:
            return
        self._years_loaded = True
        statistics = self.services.statistics
        self.threshold.setValue(statistics.default_threshold())
        free_index = self.period_mode.findData(FREE)
        for year in statistics.exportable_years():
            if self.period_mode.findData(year) < 0:
                self.period_mode.insertItem(
                    free_index, self.tr("Année {year}").format(year=year), year
                )
                free_index += 1

    # --- computing -----------------------------------------------------------------------------

    def _request_key(self) -> tuple[object, ...]:
        year = self.selected_year()
        if year is not None:
            return ("year", year)
        start, end = self.period()
        return ("free", start, end, self.threshold.value())

    def refresh(self) -> None:
        """Show the figures asked for; nothing is recomputed when nothing changed."""
        self._load_years()
        start, end = self.period()
        if end < start:
            self.error.setText(self.tr("La fin de la période précède son début."))
            return
        self.error.clear()
        statistics = self.services.statistics
        key = (*self._request_key(), statistics.data_version(), self.services.ctx.today())
        if key == self._shown_key:
            return
        year = self.selected_year()
        threshold = self.threshold.value()
        try:
            if year is not None:
                publication = run_with_progress(
                    self,
                    self.tr("Calcul des statistiques…"),
                    lambda progress: statistics.publication(year, progress),
                    tasks=self.tasks,
                    with_progress=True,
                )
                published = publication.published
            else:
                publication = None
                published = statistics.cached_report(start, end, threshold)
                if published is None:
                    published = run_with_progress(
                        self,
                        self.tr("Calcul des statistiques…"),
                        lambda progress: statistics.report(start, end, threshold, progress),
                        tasks=self.tasks,
                        with_progress=True,
                    )
        except ServiceError as exc:
            self.error.setText(exc.message)
            return
        self.publication = publication
        self.published = published
        self._shown_key = key
        self._render()

    # --- showing -------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        year = self.selected_year()
        internal = self.published is not None and self.published.internal
        exportable = year is not None
        for button in self.export_buttons.values():
            button.setEnabled(exportable)
            button.setToolTip(
                ""
                if exportable
                else self.tr("Un export porte sur une année civile terminée : choisissez-la.")
            )
        edition = self.publication.edition if self.publication is not None else None
        self.new_edition.setVisible(exportable and edition is not None)
        self.banner.setVisible(not exportable or internal)
        self.banner.setText(
            self.tr(
                "USAGE INTERNE — période libre ou seuil inférieur à {floor} : ces chiffres sont "
                "pour votre travail, ils ne s'exportent pas et ne se diffusent pas. Les exports "
                "portent sur une année civile terminée."
            ).format(floor=EXPORT_MIN_THRESHOLD)
        )
        if not exportable or self.published is None:
            self.edition_info.clear()
        elif edition is not None:
            pending = (
                self.tr(" La prochaine exportation créera une nouvelle édition.")
                if self.new_edition_pending
                else ""
            )
            self.edition_info.setText(
                self.tr(
                    "{year} : édition du {date}, seuil {threshold} — chaque export de l'année "
                    "reprend ces chiffres.{pending}"
                ).format(
                    year=year,
                    date=fr_datetime(edition.created_at),
                    threshold=edition.threshold,
                    pending=pending,
                )
            )
        else:
            self.edition_info.setText(
                self.tr(
                    "{year} : pas encore publiée — le premier export fixera ces chiffres "
                    "(seuil {threshold}) ; les exports suivants les reprendront."
                ).format(year=year, threshold=self.published.threshold)
            )

    def _render(self) -> None:
        self._update_actions()
        published = self.published
        if published is None:
            return
        pathway = self.current_pathway()
        view = published.for_pathway(pathway)
        for key, (_caption, table_id, row) in zip(FIGURE_KEYS, KEY_FIGURES, strict=True):
            self.figures[key].setText(_shown_text(key_figure(view, table_id, row), 0))
        self.info.setText(
            self.tr(
                "Période {period} — seuil de secret statistique : {threshold}. {legend}"
            ).format(
                period=published.period_label,
                threshold=published.threshold,
                legend=published.legend,
            )
        )
        # The charts then the tables, a few per turn of the event loop (a newer rendering
        # replaces what is left of this one).
        specs = chart_specs(view, view.pathway)
        self.chart_views = {}
        self.tables = {}
        steps: list[Callable[[], None]] = [
            partial(self._place_chart, index, spec) for index, spec in enumerate(specs)
        ]
        steps += [partial(self._place_table, index, t) for index, t in enumerate(view.tables)]
        steps.append(partial(self._drop_rest, len(specs), len(view.tables)))
        self._render_steps = steps
        self._render_some()

    @property
    def loading(self) -> bool:
        """True until every chart and table of the last rendering is shown."""
        return bool(self._render_steps)

    def _render_some(self) -> None:
        started = time.perf_counter()
        while self._render_steps:
            self._render_steps.pop(0)()
            if time.perf_counter() - started >= RENDER_BUDGET_S:
                break
        if self._render_steps:
            self._render_timer.start()
        else:
            self.rendered.emit()

    def _place_chart(self, index: int, spec: ChartSpec) -> None:
        """Show the chart *spec* in the place of the *index*-th chart (two per row)."""
        row, column = divmod(index, 2)
        chart_view = self._chart_view(spec)
        old = self.charts_grid.itemAtPosition(row, column)
        if old is not None:
            widget = old.widget()
            self.charts_grid.removeWidget(widget)
            _discard(widget)
        self.chart_views[spec.id] = chart_view
        self.charts_grid.addWidget(chart_view, row, column)
        chart_view.show()  # now, in this turn's budget (not on the next turn)

    def _place_table(self, index: int, table: PublishedTable) -> None:
        """Show *table* (its title, the table, its note) in the place of the *index*-th."""
        widget = self._table_widget(table)
        block = QWidget()
        block_layout = QVBoxLayout(block)
        block_layout.setContentsMargins(0, 0, 0, 0)
        block_layout.addWidget(section_title(table.title))
        block_layout.addWidget(widget)
        if table.note:
            note = QLabel(table.note)
            note.setWordWrap(True)
            block_layout.addWidget(note)
        old = self.tables_box.itemAt(index)
        old_block = old.widget() if old is not None else None
        self.tables_box.insertWidget(index, block)
        if old_block is not None:
            self.tables_box.removeWidget(old_block)
            _discard(old_block)
        block.show()
        self.tables[table.id] = widget

    def _drop_rest(self, charts: int, tables: int) -> None:
        """Remove what the rendering before had beyond *charts* charts and *tables* tables."""
        for index in reversed(range(self.charts_grid.count())):
            row, column, _rows, _columns = self.charts_grid.getItemPosition(index)
            if row * 2 + column >= charts:
                _discard(self.charts_grid.takeAt(index).widget())
        while self.tables_box.count() > tables:
            _discard(self.tables_box.takeAt(tables).widget())

    def _chart_view(self, spec: ChartSpec) -> QChartView:
        chart = QChart()
        chart.setTitle(spec.title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setVisible(len(spec.series) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        hbar = spec.kind == "hbar"
        chart_view = QChartView(chart)
        chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart_view.setMinimumWidth(CHART_MIN_WIDTH)
        chart_view.setMinimumHeight(300 if not hbar else 380)
        chart_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if not spec.drawable:  # a title and why there is nothing to draw, no empty axes
            note = self.tr("effectifs nuls ou masqués : rien à représenter")
            chart.setTitle(
                f"{html.escape(spec.title)}<br><small><i>{html.escape(note)}</i></small>"
            )
            chart_view.setMinimumHeight(90)
            return chart_view
        series = QHorizontalBarSeries() if hbar else QBarSeries()
        top = 1.0
        for i, (name, values) in enumerate(spec.series):
            bar_set = QBarSet(name or spec.title)
            bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
            for value in values:
                bar_set.append(number(value))
            series.append(bar_set)
            top = max([top, *(number(v) for v in values)])
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(
            list(spec.categories)
            if hbar
            else [_two_lines(html.escape(c), "<br>") for c in spec.categories]
        )
        small = QFont(categories.labelsFont())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        categories.setLabelsFont(small)
        values_axis = QValueAxis()
        values_axis.setRange(0, top * 1.15)
        values_axis.setLabelFormat("%d")
        if hbar:
            chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
            categories.setReverse(True)
        else:
            chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values_axis)
        if spec.masked:
            note = self.tr("{n} valeur(s) masquée(s) « s », sans barre").format(n=spec.masked)
            chart.setTitle(
                f"{html.escape(spec.title)}<br><small><i>{html.escape(note)}</i></small>"
            )
        return chart_view

    def _table_widget(self, table: PublishedTable) -> QTableWidget:
        widget = QTableWidget(len(table.rows), len(table.columns))
        # Many narrow columns: their headers on two lines, never clipped.
        wrap = len(table.columns) > 3
        widget.setHorizontalHeaderLabels(
            [_two_lines(c, "\n") if wrap else c for c in table.columns]
        )
        # Long row labels on two lines too, so that the figures keep room on a small screen.
        widget.setVerticalHeaderLabels(
            [
                _two_lines(label, "\n") if wrap and len(label) > ROW_LABEL_CHARS else label
                for label, _v in table.rows
            ]
        )
        widget.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        widget.setWordWrap(True)
        widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        widget.setAlternatingRowColors(True)
        for r, (_label, values) in enumerate(table.rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(_shown_text(value, table.decimals))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if isinstance(value, str):
                    item.setForeground(QColor("#7F7F7F"))
                    item.setToolTip(self.tr("Valeur masquée ou sans objet (secret statistique)"))
                widget.setItem(r, c, item)
        header = widget.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.resizeRowsToContents()
        height = widget.horizontalHeader().sizeHint().height() + 4
        height += sum(widget.rowHeight(r) for r in range(widget.rowCount()))
        widget.setFixedHeight(height)
        return widget

    # --- the register --------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is not self.scroll:
            self.refresh_exports()

    def refresh_exports(self) -> None:
        records = self.services.statistics.exports()
        self.exports_empty.setVisible(not records)
        self.exports_table.setRowCount(len(records))
        for r, record in enumerate(records):
            for c, text in enumerate(self._register_row(record)):
                item = QTableWidgetItem(text)
                if c == SHA_COLUMN:  # the beginning shown; all of it below, selectable
                    item.setText(record.sha256[:12] + "…")
                    item.setData(Qt.ItemDataRole.UserRole, record.sha256)
                    item.setToolTip(record.sha256)
                self.exports_table.setItem(r, c, item)
        self.exports_table.resizeColumnsToContents()
        self._show_fingerprint()

    def selected_fingerprint(self) -> str | None:
        row = self.exports_table.currentRow()
        item = self.exports_table.item(row, SHA_COLUMN) if row >= 0 else None
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _show_fingerprint(self) -> None:
        sha = self.selected_fingerprint()
        self.fingerprint.setText(
            self.tr("SHA-256 du fichier sélectionné : {sha}").format(sha=sha)
            if sha
            else self.tr("Sélectionnez un export pour afficher l'empreinte complète du fichier.")
        )

    def _register_row(self, record: ExportRecord) -> list[str]:
        pathway = (
            self.tr("Tous les parcours") if record.pathway == ALL else pathway_label(record.pathway)
        )
        return [
            fr_datetime(record.exported_at),
            record.operator,
            self.tr("{start} – {end}").format(start=fr_date(record.start), end=fr_date(record.end)),
            pathway,
            str(record.threshold),
            record.format.upper(),
            record.file_name,
            fr_datetime(record.edition_created_at),
            record.sha256,
        ]

    # --- exporting -----------------------------------------------------------------------------

    def _set_exports_enabled(self, enabled: bool) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(enabled)

    def suggested_name(self, fmt: str) -> str:
        start, _end = self.period()
        pathway = self.current_pathway()
        scope = "" if pathway == ALL else f"-{pathway}"
        return f"statistiques-aci-{start.year}{scope}.{fmt}"

    def ask_new_edition(self) -> None:
        year = self.selected_year()
        if year is None:
            return
        if ask(
            self,
            self.tr("Nouvelle édition"),
            self.tr(
                "Les chiffres de {year} ont déjà été publiés. Une nouvelle édition reprend les "
                "données d'aujourd'hui (corrections comprises) ; mais quiconque détient les "
                "deux éditions peut les comparer, et une correction portant sur peu de "
                "patients peut alors se voir. Ne créez une nouvelle édition que pour corriger "
                "une erreur, et ne diffusez plus l'ancienne.\n\nLa prochaine exportation "
                "créera la nouvelle édition."
            ).format(year=year),
            self.tr("Préparer une nouvelle édition"),
            self.tr("Annuler"),
        ):
            self.new_edition_pending = True
            self._update_actions()

    def export(self, fmt: str) -> Path | None:
        """Ask where to save, then write the export of the selected year off the GUI thread,
        recorded in the register."""
        year = self.selected_year()
        if year is None:
            self.error.setText(
                self.tr("Un export porte sur une année civile terminée : choisissez-la.")
            )
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
        request = ExportRequest(year, self.current_pathway(), new_edition=self.new_edition_pending)
        render = writer_for(path)

        def work(progress):  # type: ignore[no-untyped-def]
            record = statistics.export(request, path, render, progress)
            return record, statistics.publication(year)

        self._set_exports_enabled(False)
        try:
            _record, publication = run_with_progress(
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
        self.new_edition_pending = False
        self.publication = publication
        self.published = publication.published
        self._shown_key = (
            *self._request_key(),
            statistics.data_version(),
            self.services.ctx.today(),
        )
        self._render()
        self.refresh_exports()
        self.info.setText(
            self.tr("Fichier enregistré : {path}").format(path=str(path)) + "\n" + self.info.text()
        )
        return path
