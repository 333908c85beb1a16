"""The record table sizes its columns from a sample of rows, never from every row of a long
list (thousands of Python calls on the GUI thread otherwise)."""

from types import SimpleNamespace

from PySide6.QtCore import Qt

from rcp_desktop.ui.widgets.common import SIZE_SAMPLE_ROWS, RecordTable
from rcp_desktop.ui.widgets.record_model import Column


def test_columns_are_sized_from_a_sample_of_rows(qtbot, app):
    read: set[int] = set()

    def name(record):
        read.add(record.id)
        return record.name

    table = RecordTable([Column("Nom", name), Column("N°", lambda r: r.id)])
    qtbot.addWidget(table)
    table.resize(600, 300)
    table.show()
    records = [SimpleNamespace(id=i, name=f"Patient {i}") for i in range(5000)]
    records[3].name = "Un nom nettement plus long que tous les autres de la liste"
    table.set_records(records)
    assert 0 < table.model().rowCount() < 5000  # the model hands its rows out in batches
    assert table.source.rowCount() < 5000 and table.source.canFetchMore(table.source.index(-1, -1))
    # Rows read: the sample (and what the view paints), not the 5,000.
    assert 0 < len(read) <= SIZE_SAMPLE_ROWS + 50
    # The long name among the first rows is in the sample: its column is wide enough.
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(records[3].name)


def test_any_record_can_be_selected_by_id_beyond_the_loaded_rows(qtbot, app):
    table = RecordTable([Column("Séance", lambda r: r.name)])
    qtbot.addWidget(table)
    table.set_records([SimpleNamespace(id=i, name=f"Séance {i}") for i in range(1000)])
    assert table.model().rowCount() < 1000  # the oldest are not loaded yet
    assert table.select_id(987)
    assert table.current_record().id == 987
    assert not table.select_id(5000)  # no such record: nothing else gets selected
    assert table.current_record().id == 987
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # sorted: still found by its id
    assert table.select_id(3) and table.current_record().id == 3


def test_columns_sized_from_a_full_sample_keep_their_widths(qtbot, app):
    table = RecordTable([Column("Nom", lambda r: r.name), Column("N°", lambda r: r.id)])
    qtbot.addWidget(table)
    table.set_records([SimpleNamespace(id=1, name="Court")])
    narrow = table.columnWidth(0)
    long_name = "Un nom bien plus long que le premier"
    table.set_records([SimpleNamespace(id=i, name=long_name) for i in range(150)])
    wide = table.columnWidth(0)
    assert wide > narrow  # a short list is sized again: the long names show
    table.setColumnWidth(0, wide + 40)  # the user widens it
    table.set_records([SimpleNamespace(id=1, name="Court")])  # a search narrows the list
    assert table.columnWidth(0) == wide + 40
