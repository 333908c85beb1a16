"""The statistics page: period and pathway pickers, protected tables, charts, exports."""

import stat

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from rcp_desktop.models import Patient
from rcp_desktop.ui.pages.statistics import StatisticsPage


def make_page(qtbot, services, tasks):
    page = StatisticsPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def table_texts(page):
    out = []
    for widget in page.tables.values():
        for r in range(widget.rowCount()):
            for c in range(widget.columnCount()):
                out.append(widget.item(r, c).text())
    return out


def test_page_shows_protected_tables_and_charts_for_last_year(qtbot, demo_services, tasks):
    page = make_page(qtbot, demo_services, tasks)
    assert page.start.date() == QDate(2025, 1, 1) and page.end.date() == QDate(2025, 12, 31)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
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


def test_pathway_picker_shows_that_pathway_and_the_total(qtbot, demo_services, tasks):
    page = make_page(qtbot, demo_services, tasks)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    all_sessions = int(page.figures["sessions_held"].text())
    page.pathway.setCurrentIndex(page.pathway.findData("usipa"))
    table = page.tables["sessions"]
    assert table.columnCount() == 2
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["USIPA", "Total"]
    assert 0 < int(page.figures["sessions_held"].text()) < all_sessions
    assert "age_sex" not in page.tables  # not broken down by pathway


def test_inverted_period_is_refused_and_exports_nothing(
    qtbot, demo_services, tasks, tmp_path, monkeypatch
):
    page = make_page(qtbot, demo_services, tasks)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    page.end.setDate(page.start.date().addDays(-1))
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    assert page.error.text() == "La fin de la période précède son début."
    assert page.export("csv") is None
    assert not asked and not list(tmp_path.glob("statistiques-*"))


def test_export_buttons_write_each_format_off_the_gui_thread(
    qtbot, demo_services, tasks, tmp_path, monkeypatch
):
    page = make_page(qtbot, demo_services, tasks)
    suggested = {}

    def save_as(parent, caption, name, filters):
        suggested["name"], suggested["caption"] = name, caption
        return str(tmp_path / name.rsplit(".", 1)[0]), filters  # no extension typed

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    for fmt in ("csv", "xlsx", "pdf"):
        qtbot.mouseClick(page.export_buttons[fmt], Qt.MouseButton.LeftButton)
        path = tmp_path / f"statistiques-aci-2025-01-01-2025-12-31.{fmt}"
        assert path.exists(), fmt
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert suggested["caption"] == "Enregistrer sous"
        assert "Fichier enregistré" in page.info.text()
        assert all(b.isEnabled() for b in page.export_buttons.values())
    assert (
        (tmp_path / "statistiques-aci-2025-01-01-2025-12-31.pdf").read_bytes().startswith(b"%PDF")
    )
