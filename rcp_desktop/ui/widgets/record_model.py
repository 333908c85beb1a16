"""A table model over a list of records (service results), with typed columns.

Display formats are French (dates dd/mm/yyyy, Oui/Non); a sort role keeps dates and numbers
sorting as such. Rows are exposed in batches (``canFetchMore``/``fetchMore``) so long lists
appear at once and grow as the view scrolls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from rcp_desktop.domain.dates import fr_date, short_datetime, short_time
from rcp_desktop.models import label

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
BATCH = 200
LONG_CELL = 30  # characters: a cell this long may be elided; its tooltip shows it whole


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    sort_key: Callable[[Any], object] | None = None
    align_right: bool = False
    tooltip: Callable[[Any], str | None] | None = None
    optional: bool = False  # hidden when the table is too narrow to show every title


def display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return QCoreApplication.translate("RecordTableModel", "Oui" if value else "Non")
    if isinstance(value, dt.datetime):
        return short_datetime(value)
    if isinstance(value, dt.date):
        return fr_date(value)
    if isinstance(value, dt.time):
        return short_time(value)
    if isinstance(value, StrEnum):
        return label(value)
    return str(value)


def _sortable(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return label(value)
    if isinstance(value, str):
        return value.casefold()
    return value


_ANSWERED = frozenset(
    int(r) if not isinstance(r, int) else r
    for r in (
        Qt.ItemDataRole.DisplayRole,
        RECORD_ROLE,
        SORT_ROLE,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
    )
)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._records: list[Any] = []
        self._visible = 0
        self.highlight: Callable[[Any], QColor | None] | None = None

    # --- data ---------------------------------------------------------------------------------

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._visible = min(BATCH, len(self._records))
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def records(self) -> list[Any]:
        return list(self._records)

    def total(self) -> int:
        return len(self._records)

    def row_of(self, ident: Any) -> int | None:
        """The row of the record whose ``id`` is *ident*, loaded or not yet (None if none)."""
        missing = object()
        return next(
            (i for i, r in enumerate(self._records) if getattr(r, "id", missing) == ident), None
        )

    def load_through(self, row: int) -> None:
        """Hand out the batches up to *row* included (a selection beyond the loaded rows)."""
        while self._visible <= row and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    # --- Qt API -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._visible

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return not parent.isValid() and self._visible < len(self._records)

    def fetchMore(self, parent: QModelIndex) -> None:
        if parent.isValid():
            return
        extra = min(BATCH, len(self._records) - self._visible)
        if extra <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._visible, self._visible + extra - 1)
        self._visible += extra
        self.endInsertRows()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED or not index.isValid() or index.row() >= self._visible:
            return None  # the view asks for many roles per cell (sizing reads thousands)
        record = self._records[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column.value(record))
        if role == RECORD_ROLE:
            return record
        if role == SORT_ROLE:
            key = column.sort_key(record) if column.sort_key else column.value(record)
            return _sortable(key)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip:
                return column.tooltip(record)
            text = display(column.value(record))
            return text if len(text) > LONG_CELL else None  # whole when the column elides it
        if role == Qt.ItemDataRole.ForegroundRole and self.highlight:
            color = self.highlight(record)
            return QBrush(color) if color is not None else None
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None


class RecordProxy(QSortFilterProxyModel):
    """Sorts on :data:`SORT_ROLE`; fetches every batch first when asked to sort."""

    def __init__(self, source: RecordTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def record(self, proxy_row: int) -> Any:
        return self.index(proxy_row, 0).data(RECORD_ROLE)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        while source.canFetchMore(QModelIndex()):
            source.fetchMore(QModelIndex())
        super().sort(column, order)
