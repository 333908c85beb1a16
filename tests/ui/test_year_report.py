"""The Année CPTS page's "Rapport annuel" tab driven as the coordinator would, on a base with
known counts (tests/year/indemnity_world.py): targets typed in their dialog, the indicators
against them, the coordinator's text saved, the export recorded in the register; an open year
refused with a French message."""

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.models import TargetLevel
from rcp_desktop.ui.pages.year import YearPage
from rcp_desktop.ui.year.report import TargetsDialog
from tests.ui.keys import type_text
from tests.ui.test_usipa_panel import click
from tests.year import indemnity_world

WAIT = 10_000


@pytest.fixture
def page(qtbot, services, tasks):
    indemnity_world.build(services)
    widget = YearPage(services, tasks)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.refresh()
    return widget


def row_of(table, label):
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == label:
            return [table.item(r, c).text() for c in range(table.columnCount())]
    raise AssertionError(label)


def test_targets_text_and_export(qtbot, services, page, tmp_path, monkeypatch):
    tab = page.report
    assert page.tabs.currentWidget() is tab and page.selected_year() == 2025
    assert row_of(tab.indicators, "Séances tenues") == ["Séances tenues", "—", "—", "3", "—", "1"]
    assert row_of(tab.indicators, "Situations présentées")[3] == "s"
    assert "premier export" in tab.state.text()
    click(qtbot, tab.targets_button)
    dialog = tab.dialog
    assert isinstance(dialog, TargetsDialog)
    box, spin, level = dialog.rows["sessions_held"]
    assert not spin.isEnabled()
    box.setChecked(True)
    spin.setValue(4)
    level.set_value(TargetLevel.OPTIONAL)
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert services.annual_report.targets(2025)["sessions_held"].target == 4
    assert row_of(tab.indicators, "Séances tenues") == [
        "Séances tenues",
        "Optionnel",
        "4",
        "3",
        "75,0 %",
        "1",
    ]
    type_text(tab.highlights, "Ouverture du parcours TND")
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        click(qtbot, tab.save_text_button)
    assert services.annual_report.text(2025)[0] == "Ouverture du parcours TND"
    target = tmp_path / "rapport"
    monkeypatch.setattr(tab, "ask_save_path", lambda suggested, fmt: str(target))
    click(qtbot, tab.export_buttons["pdf"])
    saved = tmp_path / "rapport.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(saved).pages).split())
    assert "Ouverture du parcours TND" in text and "Séances tenues Optionnel 4 3 75,0 %" in text
    assert [r.file_name for r in services.statistics.exports()] == ["rapport.pdf"]
    assert "inscrit au registre" in tab.info.text()
    assert "édition des statistiques du" in tab.state.text()  # the export fixed the edition


def test_an_open_year_is_refused_in_french(page):
    page.set_year(2026)
    tab = page.report
    assert "2026" in tab.error.text()
    assert tab.indicators.rowCount() == 0
    assert not tab.export_buttons["pdf"].isEnabled()
