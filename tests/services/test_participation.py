"""The GP and the patient in the loop: the presenter and the GP invited for their item (with its
time slot), people without an RPPS at a session (not in the quorum), "patient informé de la
proposition"; the fiche RCP says whether the GP attended and how the patient was informed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pypdf
import pytest

from rcp_desktop.models import (
    AttendanceMode,
    GuestRole,
    InformationChannel,
    MeetingStatus,
    Presence,
)
from rcp_desktop.reports.case_sheet import build_case_sheet
from rcp_desktop.services.agenda import ItemDraft
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.services.patients import PatientDraft
from tests.conftest import TODAY

D = TODAY.date()


@pytest.fixture
def session(services, world):
    patient = world.case_review.patient
    draft = dataclasses.replace(
        PatientDraft.of(services.patients.get(patient.id)), gp_id=world.gp.id
    )
    services.patients.update(patient.id, draft)
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(20, 0)),
        [world.psychiatrist.id, world.nurse.id, world.social_worker.id],
    )
    first = services.agenda.add_case(
        meeting.id,
        world.case_overdue.id,
        ItemDraft(presenter_id=world.nurse.id, planned_minutes=20),
    )
    item = services.agenda.add_case(
        meeting.id, world.case_review.id, ItemDraft(presenter_id=world.psychiatrist.id)
    )
    return meeting, first, item


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_presenter_and_gp_are_invited_for_their_item(services, world, session):
    meeting, _first, item = session
    invitees = [
        i for i in services.participation.item_invitees(meeting.id) if i.slot.item_id == item.id
    ]
    assert [(i.name, i.role) for i in invitees] == [
        ("Marc Leroy", "présentateur"),
        ("Claire Dupont", "médecin traitant"),
    ]
    slot = invitees[0].slot
    assert (slot.number, slot.starts, slot.ends) == (2, dt.time(20, 20), dt.time(20, 35))
    gp = invitees[1]
    assert not gp.on_list and invitees[0].on_list
    row = services.participation.invite_for_item(meeting.id, item.id, world.gp.id)
    assert row.role == "médecin traitant — point 2" and row.presence is Presence.EXPECTED
    assert all(i.on_list for i in services.participation.item_invitees(meeting.id))
    with pytest.raises(RefusedError):
        services.participation.invite_for_item(meeting.id, item.id, world.social_worker.id)


def test_people_without_rpps_attend_but_never_count_in_the_quorum(services, world, session):
    meeting, _first, item = session
    before = services.attendance.quorum(meeting.id)
    with pytest.raises(ValidationError) as caught:
        services.participation.add_guest(
            meeting.id, name="<script>x</script>", role=GuestRole.PARTNER_STAFF
        )
    assert set(caught.value.errors) == {"name", "structure"}
    with pytest.raises(ValidationError):
        services.participation.add_guest(meeting.id, name="x" * 10_000, role=GuestRole.RELATIVE)
    assert services.participation.guests(meeting.id) == []
    services.participation.add_guest(
        meeting.id, name="Julie Arnaud", role=GuestRole.PATIENT, item_id=item.id
    )
    services.participation.add_guest(
        meeting.id,
        name="Luc Roy",
        role=GuestRole.PARTNER_STAFF,
        structure="CMP de Juvisy",
        mode=AttendanceMode.REMOTE,
    )
    guests = services.participation.guests(meeting.id)
    assert [(g.name, g.role) for g in guests] == [
        ("Julie Arnaud", GuestRole.PATIENT),
        ("Luc Roy", GuestRole.PARTNER_STAFF),
    ]
    after = services.attendance.quorum(meeting.id)
    assert (after.present, after.professions) == (before.present, before.professions)
    services.participation.remove_guest(guests[1].id)
    assert len(services.participation.guests(meeting.id)) == 1


def test_patient_informed_and_the_fiche_rcp(services, world, session):
    meeting, _first, item = session
    with pytest.raises(ValidationError) as caught:
        services.participation.record_information(
            item.id, informed_on=D + dt.timedelta(days=1), informed_by="", channel=None
        )
    assert set(caught.value.errors) == {"informed_on", "informed_by", "channel"}
    with pytest.raises(ValidationError, match="après la séance"):
        services.participation.record_information(
            item.id,
            informed_on=D - dt.timedelta(days=1),
            informed_by="Dr Leroy",
            channel=InformationChannel.PHONE,
        )
    services.participation.record_information(
        item.id, informed_on=D, informed_by="Dr Marc Leroy", channel=InformationChannel.PHONE
    )
    services.participation.add_guest(
        meeting.id, name="Julie Arnaud", role=GuestRole.PATIENT, item_id=item.id
    )
    documents = DocumentService(services.ctx)
    data = documents.case_sheet(meeting.id, world.case_review.id)
    assert data.gp_attended is False
    assert data.patient_informed == "le 10/03/2026, par Dr Marc Leroy, par téléphone"
    assert data.guests == ("Julie Arnaud (patient)",)
    text = text_of(build_case_sheet(data))
    assert "Le médecin traitant a assisté à la concertation non" in text
    assert (
        "Patient informé de la proposition le 10/03/2026, par Dr Marc Leroy, par téléphone" in text
    )
    assert "Julie Arnaud (patient)" in text
    # The GP comes for the item and is checked in: the fiche says so.
    row = services.participation.invite_for_item(meeting.id, item.id, world.gp.id)
    services.attendance.check_in(row.id, Presence.PRESENT)
    assert documents.case_sheet(meeting.id, world.case_review.id).gp_attended is True
    # A case whose patient has no GP in the directory says so rather than "non".
    other = documents.case_sheet(meeting.id, world.case_overdue.id)
    assert other.gp_attended is None and other.patient_informed == ""
    assert "non identifié dans l'annuaire" in text_of(build_case_sheet(other))


def test_guests_are_locked_with_the_validated_minutes(services, world):
    past = world.past_meeting
    assert past.status is MeetingStatus.VALIDATED
    with pytest.raises(RefusedError):
        services.participation.add_guest(past.id, name="Julie Arnaud", role=GuestRole.RELATIVE)


def test_the_convocation_and_the_ics_say_which_item(services, world, session):
    from icalendar import Calendar

    from rcp_desktop.reports.agenda import build_agenda
    from rcp_desktop.reports.ics import build_invitation

    meeting, _first, item = session
    documents = DocumentService(services.ctx)
    agenda = documents.agenda(meeting.id)
    assert agenda.item_invitees == (
        (1, "20\xa0h – 20\xa0h\xa020", "Sonia Petit (présentateur)"),
        (
            2,
            "20\xa0h\xa020 – 20\xa0h\xa035",
            "Marc Leroy (présentateur) ; Claire Dupont (médecin traitant)",
        ),
    )
    text = text_of(build_agenda(agenda))
    assert "Invités pour un point de l'ordre du jour" in text
    assert "Claire Dupont (médecin traitant)" in text
    data = documents.item_calendar(meeting.id, item.id, world.gp.id)
    event = Calendar.from_ical(build_invitation(data)).walk("VEVENT")[0]
    assert event.decoded("dtstart").time() == dt.time(20, 20)
    assert event.decoded("dtend").time() == dt.time(20, 35)
    assert "point n° 2" in str(event["summary"])
    description = str(event["description"])
    assert "point n° 2 de l'ordre du jour" in description and "médecin traitant" in description
    assert "Arnaud" not in description + str(event["summary"])  # never the patient
    assert str(event["uid"]) != documents.calendar(meeting.id).uid
    with pytest.raises(Exception, match="pas invité"):
        documents.item_calendar(meeting.id, item.id, world.social_worker.id)


def test_the_attendance_sheet_lists_guests_by_role_outside_the_quorum(services, world, session):
    from rcp_desktop.reports.agenda import build_attendance_sheet

    meeting, _first, item = session
    services.participation.add_guest(
        meeting.id, name="Julie Arnaud", role=GuestRole.PATIENT, item_id=item.id
    )
    services.participation.add_guest(
        meeting.id, name="Luc Roy", role=GuestRole.PARTNER_STAFF, structure="CMP de Juvisy"
    )
    data = DocumentService(services.ctx).agenda(meeting.id)
    text = text_of(build_attendance_sheet(data))
    assert "Autres personnes présentes" in text and "Sans RPPS (hors quorum)" in text
    assert "Luc Roy" in text and "CMP de Juvisy" in text
    assert "Patient — Situation " in text
    assert "Arnaud" not in text  # the sheet lies on the table: the patient by role only


def test_the_case_timeline_shows_the_patient_informed(services, world, session):
    from rcp_desktop.services.cases import TimelineKind

    _meeting, _first, item = session
    services.participation.record_information(
        item.id, informed_on=D, informed_by="Dr Marc Leroy", channel=InformationChannel.LETTER
    )
    events = [
        e for e in services.cases.timeline(world.case_review.id) if e.kind is TimelineKind.INFORMED
    ]
    assert [(e.on, e.title, e.detail) for e in events] == [
        (D, "Patient informé de la proposition du 10/03/2026", "Dr Marc Leroy — par courrier")
    ]
