"""What the documents of a session say of the meeting as it was held: the real hours, who came
(on the attendance sheet, after the roll call), the full identity of each patient."""

from __future__ import annotations

import datetime as dt

from rcp_desktop.models import AttendanceMode, Presence
from rcp_desktop.reports.agenda import build_agenda, build_attendance_sheet
from rcp_desktop.reports.case_sheet import build_case_sheet
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.meetings import MeetingDraft
from tests.reports.factory import Pdf
from tests.workflow_world import D


def held_early(services, world):
    """Planned at 19:30, started at 19:12, closed at 21:05, validated."""
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=D,
            start_time=dt.time(19, 30),
            duration_minutes=90,
            place="Salle du conseil",
            animator_id=world.gp.id,
        ),
        [world.psychiatrist.id, world.nurse.id, world.social_worker.id],
    )
    services.agenda.add_cases(meeting.id, [world.case_review.id])
    services.meetings.start(meeting.id)
    services.meetings.set_times(meeting.id, dt.time(19, 12), None)
    return meeting


def check_in(services, meeting, professional_id, presence, *, remote=False, at=None):
    row = next(
        a for a in services.attendance.list(meeting.id) if a.professional_id == professional_id
    )
    services.attendance.check_in(
        row.id,
        presence,
        mode=AttendanceMode.REMOTE if remote else AttendanceMode.ON_SITE,
        arrived_at=at,
    )


def test_every_document_prints_the_real_hours(services, world):
    meeting = held_early(services, world)
    documents = DocumentService(services.ctx)
    running = Pdf(build_minutes(documents.minutes(meeting.id)))
    assert "séance ouverte à 19 h 12 (prévue à 19 h 30)" in running.flat
    services.meetings.set_times(meeting.id, dt.time(19, 12), dt.time(21, 5))
    services.meetings.close(meeting.id)
    services.meetings.validate(meeting.id)
    expected = "mardi 10 mars 2026, de 19 h 12 à 21 h 05 (prévue à 19 h 30)"
    minutes = Pdf(build_minutes(documents.minutes(meeting.id)))
    assert expected in minutes.flat and "de 19 h 30 à 21 h" not in minutes.flat
    pseudonymised = Pdf(build_minutes(documents.minutes(meeting.id, pseudonymise=True)))
    assert expected in pseudonymised.flat
    sheet = Pdf(build_case_sheet(documents.case_sheet(meeting.id, world.case_review.id)))
    assert expected in sheet.flat
    attendance = Pdf(build_attendance_sheet(documents.agenda(meeting.id)))
    assert expected in attendance.flat
    # Before the meeting, the convocation says when it is planned.
    later = services.meetings.plan(
        MeetingDraft(held_on=D + dt.timedelta(days=7), start_time=dt.time(19, 30)), []
    )
    agenda = Pdf(build_agenda(documents.agenda(later.id)))
    assert "mardi 17 mars 2026, de 19 h 30 à 21 h 30" in agenda.flat


def test_the_attendance_sheet_shows_who_came_once_the_roll_call_is_made(services, world):
    meeting = held_early(services, world)
    documents = DocumentService(services.ctx)
    blank = Pdf(build_attendance_sheet(documents.agenda(meeting.id)))
    assert "☐ sur place ☐ à distance" in blank.flat and "Présents :" not in blank.flat
    assert "Nombre de professions différentes présentes : ______" in blank.flat
    check_in(services, meeting, world.gp.id, Presence.PRESENT, at=dt.time(19, 10))
    check_in(
        services, meeting, world.psychiatrist.id, Presence.PRESENT, remote=True, at=dt.time(19, 20)
    )
    check_in(services, meeting, world.social_worker.id, Presence.EXCUSED)
    services.attendance.walk_in(meeting.id, world.psychologist.id)  # not invited, came
    services.meetings.close(meeting.id)
    sheet = Pdf(build_attendance_sheet(documents.agenda(meeting.id)))
    text = sheet.flat
    assert "Claire Dupont" in text and "☒ sur place 19 h 10" in text
    assert "Marc Leroy" in text and "☒ à distance 19 h 20" in text
    assert "Paul Garnier" in text and "Excusé" in text
    assert "Inès Moreau" in text  # the walk-in has her line to sign
    assert "Présents : 3 ; professions différentes présentes : 3 (quorum : 3)." in text
    assert "Signature" in text  # the column to sign stays
    assert "______ (quorum" not in text


def identify(services, world):
    """Julie ARNAUD uses the name MARTIN and was born in Athis-Mons; Sonia Petit is a nurse
    (Madame), Paul Garnier a social worker (Monsieur)."""
    from dataclasses import replace

    from rcp_desktop.models import Civility
    from rcp_desktop.services.directory import ProfessionalDraft
    from rcp_desktop.services.patients import PatientDraft

    patient = services.patients.get(world.case_review.patient_id)
    services.patients.update(
        patient.id,
        replace(PatientDraft.of(patient), used_name="Martin", birth_place_code="91027"),
        expected_version=patient.version,
    )
    for pro, civility in ((world.nurse, Civility.MADAME), (world.social_worker, Civility.MONSIEUR)):
        fresh = services.directory.get(pro.id)
        services.directory.update(
            pro.id,
            replace(ProfessionalDraft.of(fresh), civility=civility),
            expected_updated_at=fresh.updated_at,
        )


def test_the_documents_name_a_patient_by_every_identity_trait(services, world):
    identify(services, world)
    meeting = held_early(services, world)
    services.meetings.close(meeting.id)
    documents = DocumentService(services.ctx)
    minutes = Pdf(build_minutes(documents.minutes(meeting.id)))
    # The birth name (the reference trait) and the first names, then the used name.
    assert "1. ARNAUD Julie (nom d'usage : MARTIN) — nouveau" in minutes.flat
    assert "née le 04/05/1970 (55 ans), sexe féminin" in minutes.flat
    assert "né(e)" not in minutes.flat
    sheet = Pdf(build_case_sheet(documents.case_sheet(meeting.id, world.case_review.id)))
    for expected in (
        "Nom de naissance ARNAUD",
        "Prénom(s) Julie",
        "Nom d'usage MARTIN",
        "Date de naissance 04/05/1970 (55 ans le jour de la séance)",
        "Sexe Féminin",
        "Lieu de naissance 91027 (code INSEE)",
    ):
        assert expected in sheet.flat, expected
    # Pseudonymised, none of it.
    pseudonymised = Pdf(build_minutes(documents.minutes(meeting.id, pseudonymise=True)))
    for trait in ("ARNAUD", "MARTIN", "04/05/1970", "91027", "née le"):
        assert trait not in pseudonymised.flat


def test_profession_and_presence_agree_with_a_womans_civility(services, world):
    from rcp_desktop.services.decisions import DecisionDraft

    identify(services, world)
    meeting = held_early(services, world)
    check_in(services, meeting, world.nurse.id, Presence.PRESENT)
    check_in(services, meeting, world.social_worker.id, Presence.PRESENT)
    (item,) = services.agenda.items(meeting.id)
    services.decisions.create(
        item.id, DecisionDraft(description="Passage infirmier", owner_id=world.nurse.id)
    )
    services.meetings.close(meeting.id)
    documents = DocumentService(services.ctx)
    minutes = Pdf(build_minutes(documents.minutes(meeting.id)))
    assert "Sonia Petit Infirmière Présente" in minutes.flat
    assert "Paul Garnier Assistant de service social Présent" in minutes.flat
    assert "Sonia Petit (Infirmière)" in minutes.flat  # the decision's owner
    assert "Marc Leroy Psychiatre" in minutes.flat  # the same in both genders
    sheet = Pdf(build_attendance_sheet(documents.agenda(meeting.id)))
    assert "Sonia Petit Infirmière" in sheet.flat
