"""Small shared widgets: record tables, section titles, the demo banner, field errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from rcp_desktop.services.errors import ServiceError
from rcp_desktop.ui.widgets.record_model import Column, RecordProxy, RecordTableModel

# Rows read to size a column to its contents: the visible ones, then their neighbours.
SIZE_SAMPLE_ROWS = 100


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
            # Sized while the lists are short (cheap), then kept: a search that narrows a
            # long list does not resize it at each keystroke, nor undo the user's widths.
            self.resizeColumnsToContents()
            self._sized_from_sample = self.source.rowCount() >= SIZE_SAMPLE_ROWS
        if keep is not None:
            self.select_id(getattr(keep, "id", None))

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
