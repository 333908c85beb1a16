"""Loaded ORM objects → the data classes of :mod:`.model`: sessions, participants, case sections.

Pure functions over objects already loaded in a read transaction; no query of their own. A
pseudonymised case section goes through a :class:`.redaction.Pseudonymisation`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import overload

from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    AgendaItem,
    Attendance,
    AttendanceMode,
    CaseFile,
    Civility,
    Decision,
    IdentityStatus,
    Meeting,
    MeetingStatus,
    Patient,
    Presence,
    Professional,
    Triage,
    label,
)
from rcp_desktop.services.documents.model import (
    CaseSection,
    DecisionLine,
    Identity,
    MeetingInfo,
    Participant,
    Person,
)
from rcp_desktop.services.documents.redaction import Pseudonymisation, Scrub, keep


def _text(value: str | None) -> str:
    return value or ""


@overload
def person(pro: Professional) -> Person: ...
@overload
def person(pro: Professional | None) -> Person | None: ...
def person(pro: Professional | None) -> Person | None:
    if pro is None:
        return None
    return Person(
        name=pro.display_name,
        profession=pro.profession_label,  # in the feminine for a woman
        detail=_text(pro.profession_detail),
        structure=_text(pro.structure),
        email=_text(pro.email),
    )


def meeting_info(meeting: Meeting, quorum_required: int) -> MeetingInfo:
    professions = {
        a.professional.profession for a in meeting.attendances if a.presence is Presence.PRESENT
    }
    held = meeting.status in HELD_MEETING_STATUSES
    met = meeting.quorum_met
    if met is None and held:
        met = len(professions) >= quorum_required
    return MeetingInfo(
        id=meeting.id,
        held_on=meeting.held_on,
        start_time=meeting.start_time,
        duration_minutes=meeting.duration_minutes,
        place=_text(meeting.place),
        video_link=_text(meeting.video_link),
        pathway=label(meeting.pathway),
        theme=_text(meeting.theme),
        animator=person(meeting.animator),
        status=label(meeting.status),
        validated=meeting.status is MeetingStatus.VALIDATED,
        held=held,
        validated_at=meeting.validated_at,
        validated_by=_text(meeting.validated_by),
        quorum_required=quorum_required,
        professions_present=len(professions),
        quorum_met=met,
        actual_start=meeting.real_start if meeting.status is not MeetingStatus.PLANNED else None,
        actual_end=meeting.real_end if held else None,
    )


def identity(patient: Patient, case: CaseFile, on: dt.date) -> Identity:
    checked = patient.identity_status is IdentityStatus.CHECKED
    gp = patient.gp.display_name if patient.gp is not None else _text(patient.gp_free_text)
    if patient.gp is not None:
        gp = f"{gp} ({patient.gp.profession_label})"
    return Identity(
        label=patient.display_name,
        pseudonymised=False,
        birth_name=patient.birth_name,
        first_names=patient.first_names,
        used_name=_text(patient.used_name),
        birth_date=patient.birth_date,
        age=patient.age_on(on),
        sex=label(patient.sex),
        commune=_text(patient.commune),
        nir=_text(patient.nir) if checked else "",
        identity_checked=checked,
        gp=gp,
        sex_code=patient.sex.value,
        birth_place=_text(patient.birth_place_code),
    )


def decision_line(decision: Decision, clean: Scrub) -> DecisionLine:
    return DecisionLine(
        description=clean(decision.description),
        owner=person(decision.owner),
        due_on=decision.due_on,
        status=label(decision.status),
        open=decision.is_open,
        completed_on=decision.completed_on,
        completion_note=clean(_text(decision.completion_note)),
        differs_from_proposal=decision.differs_from_proposal,
        difference_reason=clean(_text(decision.difference_reason)),
    )


def case_section(
    item: AgendaItem, meeting: Meeting, pseudo: Pseudonymisation | None = None
) -> CaseSection:
    """A case as a document shows it; through *pseudo* in a pseudonymised document."""
    case = item.case
    patient = case.patient
    clean = pseudo.scrub(pseudo.label(case.id)) if pseudo else keep
    return CaseSection(
        position=item.position,
        case_id=case.id,
        case_number="" if pseudo else case.number,
        kind=label(item.kind),
        listed=item.triage is Triage.LISTED,
        pathway=label(case.pathway),
        identity=pseudo.identity(case) if pseudo else identity(patient, case, meeting.held_on),
        presenter=person(item.presenter),
        referrer=person(case.referrer),
        question=clean(_text(item.question) or case.question),
        referral_reason=clean(case.referral_reason),
        synthesis_organic=clean(_text(case.synthesis_organic)),
        synthesis_psychic=clean(_text(case.synthesis_psychic)),
        synthesis_social=clean(_text(case.synthesis_social)),
        discussion=clean(_text(item.discussion_notes)),
        proposal=clean(_text(item.proposal)),
        standard_answer=clean(_text(item.standard_answer)),
        decisions=tuple(decision_line(d, clean) for d in item.decisions),
        next_review_on=item.next_review_on,
        planned_minutes=item.planned_minutes,
    )


def participant(att: Attendance) -> Participant:
    return Participant(
        person=person(att.professional),
        role=_text(att.role),
        presence=label(att.presence, feminine=att.professional.civility is Civility.MADAME),
        present=att.presence is Presence.PRESENT,
        excused=att.presence is Presence.EXCUSED,
        mode=label(att.mode),
        remote=att.mode is AttendanceMode.REMOTE,
        invited=att.invited,
        signed=att.signed,
        absent=att.presence is Presence.ABSENT,
        arrived_at=att.arrived_at,
    )


_PRESENCE_ORDER = {
    Presence.PRESENT: 0,
    Presence.EXPECTED: 1,
    Presence.EXCUSED: 2,
    Presence.ABSENT: 3,
}


def masked_meeting(info: MeetingInfo, clean: Scrub) -> MeetingInfo:
    """The session's own free texts (place, link, theme) masked."""
    return dataclasses.replace(
        info,
        place=clean(info.place),
        video_link=clean(info.video_link),
        theme=clean(info.theme),
    )


def participants(meeting: Meeting) -> tuple[Participant, ...]:
    """Present first, then expected, excused, absent; by name within each."""
    rows = sorted(
        meeting.attendances,
        key=lambda a: (
            _PRESENCE_ORDER[a.presence],
            a.professional.last_name.casefold(),
            a.professional.first_name.casefold(),
        ),
    )
    return tuple(participant(a) for a in rows)
