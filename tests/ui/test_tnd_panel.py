"""The TND tab of a child's case driven as a user would: the tab shows for a TND case only; a
legal representative and their consent, the PCO referral, school and MDPH, an assessment by a
professional of the directory, the delays shown; bad dates, text too long and markup get a
French message or are kept as typed, and nothing is half-written."""

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from rcp_desktop.models import (
    MdphStatus,
    Pathway,
    SchoolStatus,
    Sex,
    TndConsent,
    TndDiscipline,
    TndRelationship,
    TndStepKind,
)
from rcp_desktop.services.cases import CaseDraft
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.ui.cases.case_view import CaseView
from rcp_desktop.ui.cases.tnd import FollowUpDialog, RepresentativeDialog, StepDialog
from tests.hostile import LONG, MARKUP
from tests.ui.keys import type_text
from tests.workflow_world import D

WAIT = 10_000


def tnd_case(services, world):
    child = services.patients.create(
        PatientDraft(
            birth_name="Lambert", first_names="Noé", birth_date=dt.date(2021, 4, 2), sex=Sex.MALE
        )
    )
    return services.cases.create(
        CaseDraft(
            patient_id=child.id,
            pathway=Pathway.TND,
            opened_on=D - dt.timedelta(days=200),
            referral_reason="Retard de langage",
            question="Orientation vers la PCO ?",
            referrer_id=world.gp.id,
        )
    )


@pytest.fixture
def view(qtbot, services, tasks, world):
    widget = CaseView(services, tasks)
    qtbot.addWidget(widget)
    widget.resize(1024, 720)
    widget.show()
    return widget


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save(qtbot, dialog):
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def set_text(field, text):
    field.clear()
    type_text(field, text)


def paste(field, text):
    """Paste *text* as a user does (Ctrl+V): a long text is not typed key by key."""
    field.setFocus()
    QApplication.clipboard().setText(text)
    field.selectAll()
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(field, event)


def answer_yes(qtbot):
    def handle():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            assert box.textFormat() == Qt.TextFormat.PlainText
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, handle)

    QTimer.singleShot(20, handle)


def test_the_tab_shows_for_a_tnd_case_only(view, services, world):
    view.set_case(world.case_review.id)
    assert not view.tabs.isTabVisible(view.tnd_tab)
    case = tnd_case(services, world)
    view.set_case(case.id)
    assert view.tabs.isTabVisible(view.tnd_tab)
    assert view.tabs.tabText(view.tnd_tab) == "TND"


def test_representatives_pco_assessments_and_delays_through_the_tab(qtbot, view, services, world):
    case = tnd_case(services, world)
    view.set_case(case.id)
    view.tabs.setCurrentIndex(view.tnd_tab)
    panel = view.tnd
    assert panel.state.text() == "Aucun représentant légal noté. Pas encore adressé à la PCO."

    # A legal representative, the name with markup kept as typed; a dated consent.
    click(qtbot, panel.add_rep_button)
    dialog = panel.dialog
    assert isinstance(dialog, RepresentativeDialog)
    type_text(dialog.name, MARKUP)
    dialog.relationship.set_value(TndRelationship.MOTHER)
    dialog.consent.set_value(TndConsent.GIVEN)
    save(qtbot, dialog)
    assert dialog.message("consent_on") == "Datez la réponse du représentant légal."
    assert services.tnd.overview(case.id).representatives == ()
    type_text(dialog.consent_on, "01/09/2025")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    (rep,) = services.tnd.overview(case.id).representatives
    assert rep.name == MARKUP and rep.consent_on == dt.date(2025, 9, 1)
    assert panel.representatives.source.records()[0].name == MARKUP
    assert panel.state.text().startswith("Consentement d'un représentant légal recueilli.")

    # PCO, school, MDPH: a referral before the first concern is refused at the field.
    click(qtbot, panel.edit_follow_up_button)
    dialog = panel.dialog
    assert isinstance(dialog, FollowUpDialog)
    type_text(dialog.first_concern_on, "15/08/2025")
    type_text(dialog.pco_name, "PCO TND 0-6 ans")
    type_text(dialog.pco_referred_on, "01/08/2025")
    save(qtbot, dialog)
    assert dialog.message("pco_referred_on") == (
        "L'adressage à la PCO ne peut pas précéder le repérage (15/08/2025)."
    )
    assert services.tnd.overview(case.id).follow_up is None
    set_text(dialog.pco_referred_on, "04/10/2025")
    type_text(dialog.pco_accepted_on, "18/10/2025")
    dialog.school_status.set_value(SchoolStatus.ORDINARY_WITH_AESH)
    dialog.mdph_status.set_value(MdphStatus.FILED)
    type_text(dialog.mdph_filed_on, "02/11/2025")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    follow_up = services.tnd.overview(case.id).follow_up
    assert follow_up.pco_accepted_on == dt.date(2025, 10, 18)
    assert follow_up.mdph_status is MdphStatus.FILED
    assert "Suivi par la PCO depuis le 18/10/2025." in panel.state.text()
    assert "Classe ordinaire avec AESH" in panel.follow_up.text()
    assert "Déposé, en attente, déposé le 02/11/2025" in panel.follow_up.text()
    assert (
        "Repérage → adressage à la PCO : 50 jour(s) (du 15/08/2025 au 04/10/2025)"
        in panel.delays.text()
    )
    assert "Adressage → validation par la PCO : 14 jour(s)" in panel.delays.text()
    assert "Adressage à la PCO → premier bilan : —" in panel.delays.text()

    # An assessment by a professional of the directory.
    click(qtbot, panel.add_step_button)
    dialog = panel.dialog
    assert isinstance(dialog, StepDialog)
    dialog.kind.set_value(TndStepKind.ASSESSMENT)
    dialog.discipline.set_value(TndDiscipline.PSYCHOMOTRICITY)
    dialog.professional.set_value(world.nurse.id)
    type_text(dialog.prescribed_on, "20/10/2025")
    type_text(dialog.started_on, "03/11/2025")
    type_text(dialog.ended_on, "01/11/2025")
    save(qtbot, dialog)
    assert dialog.message("ended_on") == "La fin ne peut pas précéder le début (03/11/2025)."
    assert services.tnd.overview(case.id).steps == ()
    set_text(dialog.ended_on, "24/11/2025")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, dialog)
    (step,) = panel.steps.source.records()
    assert step.provider == world.nurse.display_name
    model = panel.steps.source
    assert model.index(0, 6).data() == "14"  # waited 14 days from prescription to start
    assert "Adressage à la PCO → premier bilan : 30 jour(s)" in panel.delays.text()

    # Deleted after a confirmation, shown as plain text.
    panel.steps.selectRow(0)
    answer_yes(qtbot)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        click(qtbot, panel.delete_step_button)
    assert services.tnd.overview(case.id).steps == ()


def test_a_10000_character_name_gets_a_french_message_and_changes_nothing(
    qtbot, view, services, world
):
    case = tnd_case(services, world)
    view.set_case(case.id)
    panel = view.tnd
    click(qtbot, panel.add_rep_button)
    dialog = panel.dialog
    paste(dialog.name, LONG)
    assert len(dialog.name.text()) == len(LONG)
    dialog.relationship.set_value(TndRelationship.FATHER)
    save(qtbot, dialog)
    assert dialog.message("name") == "200 caractères au plus."
    assert dialog.isVisible()
    assert services.tnd.overview(case.id).representatives == ()
    click(qtbot, panel.edit_follow_up_button)
    dialog = panel.dialog
    paste(dialog.school_note, LONG)
    type_text(dialog.first_concern_on, "31/02/2025")
    save(qtbot, dialog)
    assert dialog.message("first_concern_on")  # not a date: said at the field
    set_text(dialog.first_concern_on, "15/08/2025")
    save(qtbot, dialog)
    assert dialog.message("school_note") == "2000 caractères au plus."
    assert services.tnd.overview(case.id).follow_up is None


def test_the_tnd_tab_of_a_demo_case_fits_a_small_screen(qtbot, demo_services, tasks):
    from sqlalchemy import func, select

    from rcp_desktop.models import TndStep
    from tests.ui.layout_check import SIZES, clipped

    with demo_services.db.read() as s:
        case_id = s.scalar(
            select(TndStep.case_id).group_by(TndStep.case_id).order_by(func.count().desc())
        )
    widget = CaseView(demo_services, tasks)
    qtbot.addWidget(widget)
    widget.set_case(case_id)
    widget.tabs.setCurrentIndex(widget.tnd_tab)
    widget.show()
    assert widget.tnd.steps.source.records()
    problems = []
    for width, height in SIZES:
        widget.resize(width - 200, height - 120)  # the window's navigation and header
        QApplication.processEvents()
        problems += clipped(widget, f"TND tab at {width}×{height}")
    assert problems == []


def test_the_statistics_page_shows_the_tnd_delays_protected(qtbot, services, tasks):
    """On the known base of tests/statistics/test_tnd.py: the Statistiques page, TND pathway,
    prints the TND table as an export would — counts and medians over fewer than 11 children
    masked."""
    from rcp_desktop.ui.pages.statistics import StatisticsPage
    from tests.statistics.test_tnd import EXPECTED_2025, build
    from tests.ui.loading import loaded

    build(services)
    page = StatisticsPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    loaded(qtbot, page)
    assert "tnd" in page.tables
    page.pathway.setCurrentIndex(page.pathway.findData("usipa"))
    loaded(qtbot, page)
    assert "tnd" not in page.tables  # the TND pathway's own table
    page.pathway.setCurrentIndex(page.pathway.findData("tnd"))
    loaded(qtbot, page)
    table = page.tables["tnd"]
    assert table.columnCount() == 1 and table.horizontalHeaderItem(0).text() == "TND"
    shown = [table.item(r, 0).text() for r in range(table.rowCount())]
    expected = [str(v).replace(".", ",") for v in EXPECTED_2025]
    assert shown == expected
