"""Small shared widgets: record tables, section titles, the demo banner, field errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QStyle,
    QTableView,
    QWidget,
)

from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.widgets.record_model import Column, RecordProxy, RecordTableModel

# Rows read to size a column to its contents: the visible ones, then their neighbours.
SIZE_SAMPLE_ROWS = 50
READABLE_CELL = 96  # pixels: a date or a short name, not cut


def title_width(header: QHeaderView, column: int) -> int:
    """The width the title of *column* needs to show whole (with the sort arrow when the view
    is sorted on it)."""
    model = header.model()
    text = str(model.headerData(column, header.orientation()) or "") if model else ""
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    width = header.fontMetrics().horizontalAdvance(text) + 2 * margin + 4
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == column:
        width += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
    return width


def fit_columns(view: QTableView, optional: Sequence[int] = ()) -> None:
    """Columns sized to their contents, then, if they do not all fit the view's width, each
    narrowed in proportion to what it can give (its text elided, whole in its tooltip) down to
    the width of its title or a readable minimum (a date, a short name): never a column hidden behind a horizontal scroll bar while the
    others have room to give. If even the titles do not fit, the *optional* columns (the last
    first) are hidden until they do, and shown again when the view widens."""
    header = view.horizontalHeader()
    available = view.viewport().width()
    scroll = view.verticalScrollBar()
    if not scroll.isVisible() and view.verticalHeader().length() > view.viewport().height():
        available -= scroll.sizeHint().width()  # it is about to show: leave it its room
    if available <= 0 or header.count() == 0:
        return
    for column in optional:
        header.setSectionHidden(column, False)
    view.resizeColumnsToContents()
    columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    widths = {c: header.sectionSize(c) for c in columns}
    if sum(widths.values()) <= available:
        return
    # A column's floor: its title, or its contents up to a readable width. Its width now is
    # the larger of its contents and of its header's hint (just sized to them): wider than the
    # header, it is the contents' width; otherwise the contents are about the title's width.
    # (No second reading of the sample of rows.)
    floors = {}
    for c in columns:
        title = title_width(header, c)
        content = widths[c] if widths[c] > header.sectionSizeHint(c) else title
        floors[c] = min(widths[c], max(title, min(content, READABLE_CELL)))
    for column in reversed(optional):
        if sum(floors.values()) <= available or column not in floors:
            break
        header.setSectionHidden(column, True)
        del floors[column], widths[column]
    spare = sum(widths.values()) - sum(floors.values())
    room = max(0, available - sum(floors.values()))
    share = min(1.0, room / spare) if spare else 1.0
    for c in widths:
        header.resizeSection(c, floors[c] + int((widths[c] - floors[c]) * share))


class RecordTable(QTableView):
    """A sortable, row-selecting table over a :class:`RecordTableModel`. Its columns are sized
    from a sample of rows (:data:`SIZE_SAMPLE_ROWS`), not from all of them: on a list of
    thousands, reading every cell through Python would stall the window."""

    current_record_changed = Signal(object)

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = RecordTableModel(columns, self)
        self.proxy = RecordProxy(self.source, self)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        self._sized_from_sample = False
        # Resizes come in bursts (a page shown, a splitter dragged): one fit after the burst.
        self._refit = QTimer(self, singleShot=True, interval=0)
        self._refit.timeout.connect(self.fit_columns)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.current_record_changed.emit(
                self.proxy.record(current.row()) if current.isValid() else None
            )
        )

    def set_records(self, records: Sequence[Any], *, keep: Any = None) -> None:
        """Replace the rows; reselect the record equal to *keep* (by ``id``) if present."""
        self.source.set_records(records)
        if not self._sized_from_sample:
            # Fitted while the lists are short (cheap), then kept (until the view's width
            # changes): a search that narrows a long list does not refit it at each keystroke.
            self.fit_columns()
            self._sized_from_sample = self.source.rowCount() >= SIZE_SAMPLE_ROWS
        if keep is not None:
            self.select_id(getattr(keep, "id", None))

    def viewportEvent(self, event: QEvent) -> bool:
        # The room for the columns changes with the view, and with its vertical scroll bar.
        if event.type() == QEvent.Type.Resize and event.size().width() != event.oldSize().width():
            # Once the header has its new width too (it follows the viewport).
            self._refit.start()
        return super().viewportEvent(event)

    def fit_columns(self) -> None:
        fit_columns(self, [i for i, c in enumerate(self.source.columns) if c.optional])

    def select_id(self, ident: Any) -> bool:
        """Select the record whose ``id`` is *ident*, among all the records (its batch is
        loaded if it was not yet) and scroll to it; False if the list has no such record."""
        row = self.source.row_of(ident)
        if row is None:
            return False
        self.source.load_through(row)
        index = self.proxy.mapFromSource(self.source.index(row, 0))
        if not index.isValid():
            return False
        self.selectRow(index.row())
        self.scrollTo(index)
        return True

    def current_record(self) -> Any:
        index = self.currentIndex()
        return self.proxy.record(index.row()) if index.isValid() else None


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def ask(parent: QWidget, title: str, text: str, yes: str, no: str | None = None) -> bool:
    """A question with explicit French buttons (never a bare Yes/No); True if *yes* was chosen.
    *text* is shown as plain text."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    box.addButton(
        no or QCoreApplication.translate("common", "Annuler"), QMessageBox.ButtonRole.NoRole
    )
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def show_service_error(parent: QWidget, exc: ServiceError, title: str | None = None) -> None:
    """A French message box for a refused operation or invalid input."""
    QMessageBox.warning(
        parent, title or QCoreApplication.translate("common", "Opération impossible"), exc.message
    )
