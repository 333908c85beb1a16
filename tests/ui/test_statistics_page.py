"""The statistics page: a calendar year (what an export prints) or a free period (internal use),
protected tables and charts, exports recorded in the Exports tab, no recomputation when nothing
changed, a layout that holds at 1024×768 and 1280×800."""

import hashlib
import stat

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QStyle, QTableWidget

from rcp_desktop.models import Patient
from rcp_desktop.reports.statistics import writer_for
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.statistics import ExportRequest
from rcp_desktop.ui.pages import statistics as page_mod
from rcp_desktop.ui.pages.statistics import StatisticsPage
from tests.ui.loading import loaded

NAVIGATION = 180  # the main window's page list, beside the page


def make_page(qtbot, services, tasks, size=(1100, 720)):
    page = StatisticsPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    return page


def table_texts(page):
    out = []
    for widget in page.tables.values():
        for r in range(widget.rowCount()):
            for c in range(widget.columnCount()):
                out.append(widget.item(r, c).text())
    return out


def choose(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def save_into(monkeypatch, folder):
    """The save dialog answers with *folder*/<suggested name> (no extension typed)."""
    asked = []

    def save_as(parent, caption, name, filters):
        asked.append((caption, name))
        return str(folder / name.rsplit(".", 1)[0]), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    return asked


def test_last_year_shows_protected_tables_and_charts(qtbot, demo_services, tasks):
    page = make_page(qtbot, demo_services, tasks)
    assert page.period_mode.currentData() == 2025  # "today" is 10/03/2026
    assert not page.start.isVisible()  # a year needs no dates
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    loaded(qtbot, page)  # the charts and tables are built a few per turn of the event loop
    assert int(page.figures["sessions_held"].text()) > 10
    assert page.figures["patients"].text() != "—"
    assert len(page.findChildren(QChartView)) >= 5
    assert {"sessions", "situations", "age_sex", "usipa"} <= set(page.tables)
    texts = table_texts(page)
    assert "s" in texts  # small counts are masked on screen too
    with demo_services.db.read() as s:
        names = {p.birth_name for p in s.query(Patient)}
    assert not names & set(texts)
    assert "seuil de secret statistique : 11" in page.info.text()
    assert "pas encore publiée" in page.edition_info.text()
    assert not page.banner.isVisible()
    assert all(b.isEnabled() for b in page.export_buttons.values())


def test_pathway_picker_shows_that_pathway_and_the_total(qtbot, demo_services, tasks):
    page = make_page(qtbot, demo_services, tasks)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    all_sessions = int(page.figures["sessions_held"].text())
    choose(page.pathway, "usipa")
    loaded(qtbot, page)
    table = page.tables["sessions"]
    assert table.columnCount() == 2
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["USIPA", "Total"]
    assert 0 < int(page.figures["sessions_held"].text()) < all_sessions
    assert "age_sex" not in page.tables  # not broken down by pathway


def test_charts_and_tables_come_a_few_per_turn_and_the_newest_rendering_wins(
    qtbot, demo_services, tasks, monkeypatch
):
    monkeypatch.setattr(page_mod, "RENDER_BUDGET_S", 0.0)  # one widget per turn
    page = make_page(qtbot, demo_services, tasks)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    assert page.figures["sessions_held"].text() != "—"  # the key figures at once
    assert page.loading and len(page.chart_views) == 1 and not page.tables
    with qtbot.waitSignal(page.rendered, timeout=10_000):
        pass
    assert not page.loading
    every = set(page.tables)
    # Another pathway asked for while the first is being drawn, then a third: the last wins,
    # and nothing of the earlier ones is left on the page.
    choose(page.pathway, "usipa")
    assert page.loading
    qtbot.waitUntil(lambda: len(page.tables) >= 1)
    choose(page.pathway, "tnd")
    loaded(qtbot, page)
    view = page.published.for_pathway("tnd")
    specs = page_mod.chart_specs(view, view.pathway)
    assert set(page.tables) == {t.id for t in view.tables} != every
    assert set(page.chart_views) == {spec.id for spec in specs}
    body = page.scroll.widget()
    assert sorted(body.findChildren(QTableWidget), key=id) == sorted(page.tables.values(), key=id)
    assert sorted(body.findChildren(QChartView), key=id) == sorted(
        page.chart_views.values(), key=id
    )
    table = page.tables["sessions"]
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["TND", "Total"]
    for index, table in enumerate(view.tables):  # in the order of the tables
        block = page.tables_box.itemAt(index).widget()
        assert block.findChild(QTableWidget) is page.tables[table.id]
    assert page.tables_box.count() == len(view.tables)


def test_a_free_period_or_a_low_threshold_is_internal_and_never_exported(
    qtbot, demo_services, tasks, tmp_path, monkeypatch
):
    page = make_page(qtbot, demo_services, tasks)
    asked = save_into(monkeypatch, tmp_path)
    choose(page.period_mode, "free")
    assert page.start.isVisible() and page.threshold.isVisible()
    page.start.setDate(QDate(2025, 3, 1))
    page.end.setDate(QDate(2025, 9, 30))
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    assert page.banner.isVisible() and "USAGE INTERNE" in page.banner.text()
    assert page.published.internal
    assert not any(b.isEnabled() for b in page.export_buttons.values())
    assert page.export("csv") is None
    assert "année civile terminée" in page.error.text()
    # A whole year with a threshold under 11 is internal too.
    page.start.setDate(QDate(2025, 1, 1))
    page.end.setDate(QDate(2025, 12, 31))
    page.threshold.setValue(5)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    assert page.published.internal and page.published.threshold == 5
    assert "seuil de secret statistique : 5" in page.info.text()
    assert not asked and not list(tmp_path.glob("statistiques-*"))
    assert demo_services.statistics.exports() == []


def test_inverted_free_period_is_refused(qtbot, demo_services, tasks):
    page = make_page(qtbot, demo_services, tasks)
    choose(page.period_mode, "free")
    page.end.setDate(page.start.date().addDays(-1))
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    assert page.error.text() == "La fin de la période précède son début."


def test_export_buttons_write_each_format_and_the_exports_tab_lists_them(
    qtbot, demo_services, tasks, tmp_path, monkeypatch
):
    page = make_page(qtbot, demo_services, tasks)
    asked = save_into(monkeypatch, tmp_path)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    for fmt in ("csv", "xlsx", "pdf"):
        qtbot.mouseClick(page.export_buttons[fmt], Qt.MouseButton.LeftButton)
        path = tmp_path / f"statistiques-aci-2025.{fmt}"
        assert path.exists(), fmt
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert asked[-1][0] == "Enregistrer sous"
        assert "Fichier enregistré" in page.info.text()
        assert all(b.isEnabled() for b in page.export_buttons.values())
    assert "édition du 10/03/2026" in page.edition_info.text()
    page.tabs.setCurrentIndex(1)  # "Exports"
    assert page.tabs.tabText(1) == "Exports"
    table = page.exports_table
    assert table.rowCount() == 3 and not page.exports_empty.isVisible()
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(3)]
    for r, row in enumerate(rows):
        assert row[1] == "Dr Test" and row[2] == "01/01/2025 – 31/12/2025"
        assert row[3] == "Tous les parcours" and row[4] == "11"
        sha = hashlib.sha256((tmp_path / row[6]).read_bytes()).hexdigest()
        assert row[8] == sha[:12] + "…"
        table.selectRow(r)  # the whole fingerprint, selectable, under the list
        assert page.fingerprint.text().endswith(sha)
    assert [row[5] for row in rows] == ["PDF", "XLSX", "CSV"]
    # An export made elsewhere (the CLI goes through the same service) is listed too.
    elsewhere = tmp_path / "cli.csv"
    demo_services.statistics.export(ExportRequest(2025), elsewhere, writer_for(elsewhere))
    page.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(1)
    assert table.rowCount() == 4 and table.item(0, 6).text() == "cli.csv"


def test_a_pathway_export_and_a_new_edition_from_the_page(
    qtbot, demo_services, tasks, tmp_path, monkeypatch
):
    page = make_page(qtbot, demo_services, tasks)
    save_into(monkeypatch, tmp_path)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    choose(page.pathway, "tnd")
    qtbot.mouseClick(page.export_buttons["csv"], Qt.MouseButton.LeftButton)
    text = (tmp_path / "statistiques-aci-2025-tnd.csv").read_bytes().decode("utf-8-sig")
    assert "Parcours;TND" in text and "Santé mentale" not in text
    first = demo_services.statistics.exports()[0]
    assert first.pathway == "tnd"
    assert page.new_edition.isVisible()
    monkeypatch.setattr(page_mod, "ask", lambda *args: True)
    qtbot.mouseClick(page.new_edition, Qt.MouseButton.LeftButton)
    assert "nouvelle édition" in page.edition_info.text()
    choose(page.pathway, "*")
    qtbot.mouseClick(page.export_buttons["pdf"], Qt.MouseButton.LeftButton)
    latest = demo_services.statistics.exports()[0]
    assert latest.edition_id != first.edition_id and latest.pathway == "*"
    assert not page.new_edition_pending


def test_a_second_visit_recomputes_nothing_unless_the_data_changed(
    qtbot, demo_services, tasks, monkeypatch
):
    page = make_page(qtbot, demo_services, tasks)
    statistics = demo_services.statistics
    calls = []
    real = statistics.compute
    monkeypatch.setattr(statistics, "compute", lambda *a, **k: calls.append(a) or real(*a, **k))
    page.refresh()
    loaded(qtbot, page)
    assert len(calls) == 1
    charts = dict(page.chart_views)
    page.refresh()  # the page shown again: same figures, same widgets
    assert len(calls) == 1 and page.chart_views == charts
    demo_services.settings.set(settings_mod.QUORUM_PROFESSIONS, 2)  # a change in the base
    page.refresh()
    loaded(qtbot, page)
    assert len(calls) == 2 and page.chart_views != charts


@pytest.mark.parametrize("screen", [(1024, 768), (1280, 800)])
def test_the_layout_holds_on_small_screens(qtbot, demo_services, tasks, screen):
    width, height = screen
    page = make_page(qtbot, demo_services, tasks, (width - NAVIGATION, height - 80))
    assert page.minimumSizeHint().width() <= width - NAVIGATION
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    loaded(qtbot, page)
    body = page.scroll.widget()

    def laid_out():
        tables = {t.width() for t in page.tables.values()}
        box = page.tables_box.geometry().width()
        return tables == {box} and 0 < box < body.width() <= page.scroll.viewport().width()

    qtbot.waitUntil(laid_out)
    widths = {v.width() for v in page.chart_views.values()}
    # Two columns of equal width, each wide enough to read.
    assert len(widths) == 1 and min(widths) >= 300, widths
    for table in page.tables.values():
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
        for c in range(table.columnCount()):
            lines = table.horizontalHeaderItem(c).text().split("\n")
            needed = max(metrics.horizontalAdvance(line) for line in lines) + margin
            assert header.sectionSize(c) >= needed, (lines, header.sectionSize(c), needed)
        rows = table.verticalHeader()
        for r in range(table.rowCount()):
            lines = table.verticalHeaderItem(r).text().split("\n")
            needed = max(metrics.horizontalAdvance(line) for line in lines)
            assert rows.width() >= needed, lines
        assert table.width() <= body.width()
