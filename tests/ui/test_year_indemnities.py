"""The Année CPTS page's "Indemnisation" tab driven as the coordinator would: the year's
professionals with their time and amounts (known counts of tests/year/indemnity_world.py), the
cap highlighted, a correction typed in its dialog (refused without a reason, nothing stored),
undone, the statements and the accountant's file saved."""

import csv
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.models import ParticipationTime
from rcp_desktop.ui.pages.year import YearPage
from rcp_desktop.ui.year.indemnities import TimeCorrectionDialog
from tests.ui.keys import type_text
from tests.ui.test_usipa_panel import click
from tests.year import indemnity_world

WAIT = 10_000


@pytest.fixture
def page(qtbot, services, tasks):
    indemnity_world.build(services)
    widget = YearPage(services, tasks)
    qtbot.addWidget(widget)
    widget.resize(1100, 750)
    widget.show()
    widget.tabs.setCurrentWidget(widget.indemnities)
    return widget


def cell(table, row, column):
    return table.proxy.index(row, column).data()


def rows(table):
    return [
        [cell(table, r, c) for c in range(table.proxy.columnCount())]
        for r in range(table.proxy.rowCount())
    ]


def test_the_year_shows_each_professional_and_the_cap(page):
    tab = page.indemnities
    assert page.selected_year() == 2025
    assert rows(tab.professionals) == [
        [
            "Claire Dupont",
            "Médecin généraliste",
            "3",
            "6 h 15",
            "250,00\u00a0€",
            "200,00\u00a0€",
            "atteint",
        ],
        ["Sonia Petit", "Infirmier", "2", "3 h 45", "150,00\u00a0€", "150,00\u00a0€", ""],
    ]
    assert "Plafond annuel atteint : Claire Dupont." in tab.warning.text()
    assert "2 professionnel(s), 10 h de RCP, 350,00\u00a0€ dus" in tab.summary.text()
    assert [r[0] for r in rows(tab.sessions)] == ["12/02/2025", "10/06/2025", "04/11/2025"]
    page.set_year(2024)
    assert [r[0] for r in rows(tab.professionals)] == ["Claire Dupont"]
    assert "Plafond" not in tab.warning.text()


def test_a_correction_typed_in_its_dialog_then_undone(qtbot, services, page):
    tab = page.indemnities
    tab.professionals.selectRow(1)  # Sonia Petit
    tab.sessions.selectRow(0)  # 12/02/2025, 1 h 30
    assert not tab.undo_button.isEnabled()
    click(qtbot, tab.correct_button)
    dialog = tab.dialog
    assert isinstance(dialog, TimeCorrectionDialog)
    assert not dialog.departure.isEnabled()
    dialog.fix_departure.setChecked(True)
    dialog.departure.setTime(QTime(21, 30))
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert dialog.message("reason") == "Ce champ est obligatoire."
    with services.db.read() as s:
        assert s.query(ParticipationTime).count() == 0
    type_text(dialog.reason, "Partie à 21 h 30")
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert rows(tab.sessions)[0][2:] == [
        "20:30",
        "21:30",
        "1 h",
        "40,00\u00a0€",
        "Partie à 21 h 30",
    ]
    assert rows(tab.professionals)[1][3:6] == ["3 h 15", "130,00\u00a0€", "130,00\u00a0€"]
    tab.sessions.selectRow(0)
    with qtbot.waitSignal(tab.changed, timeout=WAIT):
        click(qtbot, tab.undo_button)
    assert rows(tab.professionals)[1][3] == "3 h 45"


def test_statements_and_the_accountant_file_are_saved(qtbot, page, tmp_path, monkeypatch):
    tab = page.indemnities
    target = tmp_path / "releve"
    monkeypatch.setattr(tab, "ask_save_path", lambda suggested, filters: str(target))
    click(qtbot, tab.statement_button)
    saved = tmp_path / "releve.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(saved).pages).split())
    assert "Claire Dupont" in text and "Montant dû : 200,00 €" in text
    assert str(saved) in tab.info.text()
    folder = tmp_path / "tous"
    folder.mkdir()
    monkeypatch.setattr(tab, "ask_folder", lambda: str(folder))
    click(qtbot, tab.all_button)
    assert len(list(folder.glob("releve-2025-*.pdf"))) == 2
    monkeypatch.setattr(tab, "ask_save_path", lambda suggested, filters: str(tmp_path / "c.csv"))
    click(qtbot, tab.csv_button)
    lines = list(
        csv.reader(io.StringIO((tmp_path / "c.csv").read_bytes()[3:].decode()), delimiter=";")
    )
    assert [line[0] for line in lines[2:]] == ["Dupont", "Petit", "Total"]
