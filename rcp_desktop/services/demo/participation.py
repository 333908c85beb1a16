"""Demo: the patient and the people around them at the sessions held — the patient or a
relative present for their item now and then, a partner structure's staff for a whole
session, and the patient informed of the proposal after most presentations. Drawn from the
extras' generator after every other step."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    AgendaItem,
    AttendanceMode,
    CaseFile,
    GuestAttendance,
    GuestRole,
    InformationChannel,
    Meeting,
    PatientInformation,
    Presence,
    Sex,
)
from rcp_desktop.services.demo.data import FEMALE_NAMES, MALE_NAMES, SURNAMES
from rcp_desktop.services.demo.state import DemoRun

PARTNERS = ["DAC Essonne Nord", "CMP de Juvisy-sur-Orge", "PMI d'Athis-Mons", "CCAS de Morangis"]
RELATIVES = ["fille", "fils", "conjoint", "mère", "sœur"]


def make_participation(run: DemoRun, session: Session) -> None:
    rng = run.extra_rng
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.status.in_(HELD_MEETING_STATUSES))
        .options(
            selectinload(Meeting.items)
            .selectinload(AgendaItem.case)
            .selectinload(CaseFile.patient),
            selectinload(Meeting.items).selectinload(AgendaItem.presenter),
            selectinload(Meeting.animator),
        )
        .order_by(Meeting.held_on)
    )
    for meeting in meetings:
        recorded = dt.datetime.combine(meeting.held_on, meeting.start_time)
        if rng.random() < 0.3:
            sex = rng.choice([Sex.FEMALE, Sex.MALE])
            first = rng.choice(FEMALE_NAMES if sex is Sex.FEMALE else MALE_NAMES)
            session.add(
                GuestAttendance(
                    meeting_id=meeting.id,
                    name=f"{first} {rng.choice(SURNAMES).capitalize()}",
                    role=GuestRole.PARTNER_STAFF,
                    structure=rng.choice(PARTNERS),
                    presence=Presence.PRESENT,
                    mode=rng.choice(list(AttendanceMode)),
                    signed=True,
                    recorded_by=run.operator,
                    recorded_at=recorded,
                )
            )
        for item in meeting.items:
            patient = item.case.patient
            if rng.random() < 0.12:
                patient_comes = rng.random() < 0.5
                name = (
                    f"{patient.first_names.split(' ')[0]} {patient.birth_name.capitalize()}"
                    if patient_comes
                    else f"{rng.choice(FEMALE_NAMES)} {patient.birth_name.capitalize()}"
                )
                session.add(
                    GuestAttendance(
                        meeting_id=meeting.id,
                        item_id=item.id,
                        name=name,
                        role=GuestRole.PATIENT if patient_comes else GuestRole.RELATIVE,
                        structure=None if patient_comes else rng.choice(RELATIVES),
                        presence=Presence.PRESENT,
                        mode=AttendanceMode.ON_SITE,
                        signed=True,
                        recorded_by=run.operator,
                        recorded_at=recorded,
                    )
                )
            if rng.random() < 0.7:
                informed = min(meeting.held_on + dt.timedelta(days=rng.randint(1, 12)), run.today)
                who = item.presenter or meeting.animator
                session.add(
                    PatientInformation(
                        item_id=item.id,
                        informed_on=informed,
                        informed_by=who.display_name if who else run.operator,
                        channel=rng.choice(
                            [
                                InformationChannel.CONSULTATION,
                                InformationChannel.CONSULTATION,
                                InformationChannel.PHONE,
                                InformationChannel.LETTER,
                            ]
                        ),
                        recorded_by=run.operator,
                        recorded_at=dt.datetime.combine(informed, dt.time(18, 0)),
                    )
                )
                run.report.counts["patients_informed"] = (
                    run.report.counts.get("patients_informed", 0) + 1
                )
