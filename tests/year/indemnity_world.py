"""A base with known attendance for the indemnisation tests: three professionals, five sessions
(four of them in 2025), rate 40 € an hour, cap 200 € a year.

Expected in 2025 (before any correction):
    Dupont Claire (GP): 12/02 120 min (arrived early: counted from the start), 10/06 135 min
        (the real start 20:10 to the real end 22:25), 04/11 120 min → 375 min, 250 € computed,
        200 € due, cap reached. Her 2024 session and the planned session do not count.
    Petit Sonia (nurse): 12/02 90 min (arrived 20:30), 10/06 135 min (arrived 20:05, before
        the real start) → 225 min, 150 € computed and due.
    Moreau Inès (psychologist): excused on 12/02 → not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rcp_desktop.models import Attendance, Meeting, MeetingStatus, Pathway, Presence, Profession
from rcp_desktop.services.directory import ProfessionalDraft

T = dt.time


@dataclass
class IndemnityWorld:
    gp: object
    nurse: object
    psychologist: object
    february: int
    june: int
    november: int
    attendance: dict  # (professional key, meeting key) -> attendance id


def build(services) -> IndemnityWorld:
    services.indemnities.set_rates(4_000, 20_000)
    pros = {}
    for key, last, first, profession, rpps in (
        ("gp", "Dupont", "Claire", Profession.GENERAL_PRACTITIONER, "10003456789"),
        ("nurse", "Petit", "Sonia", Profession.NURSE, None),
        ("psychologist", "Moreau", "Inès", Profession.PSYCHOLOGIST, None),
    ):
        pros[key], _ = services.directory.create(
            ProfessionalDraft(last_name=last, first_name=first, profession=profession, rpps=rpps)
        )
    meetings = {}
    attendance = {}
    with services.db.write(services.ctx.actor) as s:

        def meeting(key, day, start, minutes, status, started=None, ended=None, people=()):
            m = Meeting(
                held_on=day,
                start_time=start,
                duration_minutes=minutes,
                pathway=Pathway.MENTAL_HEALTH,
                theme="RCPT santé mentale",
                status=status,
                quorum_met=True,
                started_at=dt.datetime.combine(day, started) if started else None,
                ended_at=dt.datetime.combine(day, ended) if ended else None,
                validated_at=(
                    dt.datetime.combine(day, T(23, 0))
                    if status is MeetingStatus.VALIDATED
                    else None
                ),
                validated_by="Dr Test" if status is MeetingStatus.VALIDATED else None,
            )
            s.add(m)
            s.flush()
            meetings[key] = m.id
            for who, presence, arrived in people:
                a = Attendance(
                    meeting_id=m.id,
                    professional_id=pros[who].id,
                    presence=presence,
                    arrived_at=arrived,
                )
                s.add(a)
                s.flush()
                attendance[(who, key)] = a.id

        present = Presence.PRESENT
        meeting(
            "february",
            dt.date(2025, 2, 12),
            T(20, 0),
            120,
            MeetingStatus.VALIDATED,
            people=[
                ("gp", present, T(19, 50)),
                ("nurse", present, T(20, 30)),
                ("psychologist", Presence.EXCUSED, None),
            ],
        )
        meeting(
            "june",
            dt.date(2025, 6, 10),
            T(20, 0),
            90,
            MeetingStatus.VALIDATED,
            started=T(20, 10),
            ended=T(22, 25),
            people=[("gp", present, None), ("nurse", present, T(20, 5))],
        )
        meeting(
            "november",
            dt.date(2025, 11, 4),
            T(20, 0),
            120,
            MeetingStatus.HELD,
            people=[("gp", present, T(20, 0))],
        )
        meeting(
            "planned",
            dt.date(2025, 12, 16),
            T(20, 0),
            120,
            MeetingStatus.PLANNED,
            people=[("gp", present, T(20, 0))],
        )
        meeting(
            "last_year",
            dt.date(2024, 12, 10),
            T(20, 0),
            120,
            MeetingStatus.VALIDATED,
            people=[("gp", present, T(20, 0))],
        )
    return IndemnityWorld(
        pros["gp"],
        pros["nurse"],
        pros["psychologist"],
        meetings["february"],
        meetings["june"],
        meetings["november"],
        attendance,
    )
