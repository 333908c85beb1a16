"""The GP and the patient in the loop on the Séances page, through its action bar: invited per
item (put on the list, their .ics), people without an RPPS (hostile names refused, the quorum
unchanged), the patient informed of the proposal for the selected case."""

from __future__ import annotations

import dataclasses
import datetime as dt

from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from rcp_desktop.models import GuestRole, InformationChannel
from rcp_desktop.services.agenda import ItemDraft
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.ui.meetings.participation import (
    GuestsDialog,
    ItemInviteesDialog,
    PatientInformedDialog,
    install_participation_actions,
)
from rcp_desktop.ui.pages.meetings import MeetingsPage
from tests.conftest import TODAY
from tests.ui.loading import select_meeting

WAIT = 10_000


def choose(combo, value):
    """Pick the entry of *combo* holding *value*, as a user picks it in the list."""
    index = next(i for i in range(combo.count()) if combo.itemData(i) == value)
    combo.setCurrentIndex(index)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def setup(services, world):
    patient = services.patients.get(world.case_review.patient.id)
    services.patients.update(
        patient.id, dataclasses.replace(PatientDraft.of(patient), gp_id=world.gp.id)
    )
    meeting = services.meetings.plan(
        MeetingDraft(held_on=TODAY.date(), start_time=dt.time(20, 0)),
        [world.psychiatrist.id, world.nurse.id, world.social_worker.id],
    )
    item = services.agenda.add_case(
        meeting.id, world.case_review.id, ItemDraft(presenter_id=world.psychiatrist.id)
    )
    return meeting, item


def make_page(qtbot, services, tasks, meeting_id):
    page = MeetingsPage(services, tasks)
    install_participation_actions(page, services)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    select_meeting(qtbot, page, meeting_id)
    return page


def open_from_bar(qtbot, page, action, cls):
    click(qtbot, page.actions_bar.button(action))
    actions = page.participation_actions
    qtbot.waitUntil(
        lambda: isinstance(actions.dialog, cls) and actions.dialog.isVisible(), timeout=WAIT
    )
    return actions.dialog


def test_invite_the_gp_for_the_item_and_save_the_ics(
    qtbot, services, tasks, world, tmp_path, monkeypatch
):
    meeting, item = setup(services, world)
    page = make_page(qtbot, services, tasks, meeting.id)
    dialog = open_from_bar(
        qtbot, page, page.participation_actions.invitees_action, ItemInviteesDialog
    )
    rows = dialog.table.source.records()
    assert [(r.name, r.role, r.on_list) for r in rows] == [
        ("Marc Leroy", "présentateur", True),
        ("Claire Dupont", "médecin traitant", False),
    ]
    dialog.table.select_id((item.id, world.gp.id))
    assert dialog.add_button.isEnabled()
    click(qtbot, dialog.add_button)
    assert "ajouté(e) à la liste pour le point 1" in dialog.message.text()
    assert world.gp.id in {a.professional_id for a in services.attendance.list(meeting.id)}
    out = tmp_path / "invitation.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    click(qtbot, dialog.ics_button)
    assert dialog.last_saved == out
    event = Calendar.from_ical(out.read_bytes()).walk("VEVENT")[0]
    assert "point n° 1" in str(event["summary"])
    assert event.decoded("dtstart").time() == dt.time(20, 0)


def test_people_without_rpps_through_the_dialog(qtbot, services, tasks, world):
    meeting, item = setup(services, world)
    page = make_page(qtbot, services, tasks, meeting.id)
    before = services.attendance.quorum(meeting.id)
    dialog = open_from_bar(qtbot, page, page.participation_actions.guests_action, GuestsDialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.keyClicks(dialog.name, "<b>Luc Roy</b>")
    choose(dialog.role, GuestRole.PARTNER_STAFF)
    click(qtbot, save)
    assert "Caractères refusés" in dialog.message("name")
    assert "structure partenaire" in dialog.message("structure")
    assert services.participation.guests(meeting.id) == []
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Luc Roy")
    qtbot.keyClicks(dialog.structure, "CMP de Juvisy")
    click(qtbot, save)
    assert dialog.table.source.total() == 1 and dialog.name.text() == ""
    qtbot.keyClicks(dialog.name, "Julie Arnaud")
    choose(dialog.role, GuestRole.PATIENT)
    choose(dialog.item, item.id)
    click(qtbot, save)
    assert [g.role for g in services.participation.guests(meeting.id)] == [
        GuestRole.PARTNER_STAFF,
        GuestRole.PATIENT,
    ]
    after = services.attendance.quorum(meeting.id)
    assert (after.present, after.professions) == (before.present, before.professions)
    dialog.table.selectRow(0)
    click(qtbot, dialog.remove_button)
    assert dialog.table.source.total() == 1


def test_patient_informed_for_the_selected_case(qtbot, services, tasks, world):
    meeting, item = setup(services, world)
    page = make_page(qtbot, services, tasks, meeting.id)
    action = page.participation_actions.informed_action
    page.items.clearSelection()
    page.items.setCurrentIndex(page.items.model().index(-1, -1))
    click(qtbot, page.actions_bar.button(action))
    assert "Choisissez d'abord un dossier" in page.message.text()
    assert page.items.select_item(item.id)
    dialog = open_from_bar(qtbot, page, action, PatientInformedDialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    click(qtbot, save)  # nobody, no channel: refused at the fields
    assert dialog.isVisible() and "obligatoire" in dialog.message("informed_by")
    qtbot.keyClicks(dialog.informed_by, "Dr Marc Leroy")
    choose(dialog.channel, InformationChannel.CONSULTATION)
    click(qtbot, save)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    info = services.participation.information(item.id)
    assert (info.informed_on, info.informed_by, info.channel) == (
        TODAY.date(),
        "Dr Marc Leroy",
        InformationChannel.CONSULTATION,
    )
