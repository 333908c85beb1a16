"""Reading a period: every row the table builders need, in one :class:`PeriodData`.

The whole interface is :func:`read_period` (an open read session, the period, the day of the
export) and :class:`PeriodData`, whose fields are lists and maps of the rows below. The
builders (:mod:`.tables`) never touch the database; a faster reader only has to return the
same :class:`PeriodData`.

Rows rather than totals (only USIPA contacts come as a count per episode): the builders need
the ids behind every figure — who is counted — for disclosure control. Ids stay in memory;
nothing of this leaves the process.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    AgendaItem,
    Attendance,
    CaseFile,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    ItemKind,
    Meeting,
    Pathway,
    Patient,
    Presence,
    Profession,
    Professional,
    Sex,
    Triage,
    UsipaContact,
    UsipaEnrolment,
    UsipaOutcome,
)

# The rows: plain tuples in this field order (named tuples cost ~5 % of a decade's statistics).
MeetingRow = tuple[int, Pathway | None]
"""A session held in the period: (id, pathway or None)."""
PresenceRow = tuple[int, int, Profession, bool]
"""A professional marked present at a session held in the period: (meeting id, professional
id, profession, CPTS member)."""
ItemRow = tuple[int, int, dt.date, int, ItemKind, Triage | None]
"""An agenda item of a session held in the period: (item id, meeting id, held on, case id,
kind, triage)."""
CaseRow = tuple[Pathway, dt.date, int]
"""A case file touched by the period — presented, crisis plan, USIPA episode: (pathway, opened
on, patient id)."""
PatientRow = tuple[dt.date, Sex, str | None, bool, bool]
"""A patient with a case presented in the period: (birth date, sex, commune, ALD, C2S)."""
DecisionRow = tuple[int, DecisionStatus, dt.date | None, dt.date | None]
"""A decision recorded at a session held in the period, in its state of today: (case id,
status, due on, completed on)."""
PlanRow = tuple[int, Pathway, int]
"""A crisis-plan version dated in the period: (case id, case pathway, version)."""
EnrolmentRow = tuple[int, Pathway, int, dt.date, dt.date | None, UsipaOutcome | None]
"""A USIPA episode active during the period: (id, case pathway, case id, inclusion on, exit
on, exit outcome)."""


@dataclass
class PeriodData:
    """Everything the table builders read, for one period and one day of export."""

    meetings: list[MeetingRow] = field(default_factory=list)
    presences: list[PresenceRow] = field(default_factory=list)
    items: list[ItemRow] = field(default_factory=list)
    cases: dict[int, CaseRow] = field(default_factory=dict)  # by case id
    first_presented: dict[int, dt.date] = field(default_factory=dict)  # case -> 1st held ever
    patients: dict[int, PatientRow] = field(default_factory=dict)  # by patient id
    decisions: list[DecisionRow] = field(default_factory=list)
    plans: list[PlanRow] = field(default_factory=list)
    enrolments: list[EnrolmentRow] = field(default_factory=list)
    contacts: Counter = field(default_factory=Counter)  # enrolment id -> contacts in period
    today: dt.date = dt.date.min


def read_period(session: Session, start: dt.date, end: dt.date, today: dt.date) -> PeriodData:
    """Every row of [start, end] (both included) the statistics need, *today* being the day of
    the export (the state of decisions and of open USIPA episodes)."""
    return _Reader(session, start, end, today).read()


class _Reader:
    """One pass over the period; ids are read in chunks (SQLite's bound-parameter limit)."""

    def __init__(self, session: Session, start: dt.date, end: dt.date, today: dt.date) -> None:
        self.s = session
        self.start = start
        self.end = end
        self.today = today

    def read(self) -> PeriodData:
        s, start, end = self.s, self.start, self.end
        d = PeriodData(today=self.today)
        held = select(Meeting.id).where(
            Meeting.status.in_(HELD_MEETING_STATUSES),
            Meeting.held_on >= start,
            Meeting.held_on <= end,
        )
        d.meetings = [
            tuple(r)
            for r in s.execute(select(Meeting.id, Meeting.pathway).where(Meeting.id.in_(held)))
        ]
        d.presences = [
            tuple(r)
            for r in s.execute(
                select(
                    Attendance.meeting_id,
                    Attendance.professional_id,
                    Professional.profession,
                    Professional.cpts_member,
                )
                .join(Professional, Professional.id == Attendance.professional_id)
                .where(Attendance.meeting_id.in_(held), Attendance.presence == Presence.PRESENT)
            )
        ]
        d.items = [
            tuple(r)
            for r in s.execute(
                select(
                    AgendaItem.id,
                    AgendaItem.meeting_id,
                    Meeting.held_on,
                    AgendaItem.case_id,
                    AgendaItem.kind,
                    AgendaItem.triage,
                )
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(AgendaItem.meeting_id.in_(held))
            )
        ]
        case_ids = {row[3] for row in d.items}
        # Cases touched by the period in any way (presentations, plans, USIPA).
        plan_rows = [
            tuple(r)
            for r in s.execute(
                select(CrisisPlanVersion.case_id, CrisisPlanVersion.version).where(
                    CrisisPlanVersion.drawn_up_on >= start, CrisisPlanVersion.drawn_up_on <= end
                )
            )
        ]
        enrol_rows = [
            tuple(r)
            for r in s.execute(
                select(
                    UsipaEnrolment.id,
                    UsipaEnrolment.case_id,
                    UsipaEnrolment.inclusion_on,
                    UsipaEnrolment.exit_on,
                    UsipaEnrolment.exit_outcome,
                )
                .where(UsipaEnrolment.inclusion_on <= end)
                .where((UsipaEnrolment.exit_on.is_(None)) | (UsipaEnrolment.exit_on >= start))
            )
        ]
        all_case_ids = case_ids | {r[0] for r in plan_rows} | {r[1] for r in enrol_rows}
        for cid, pathway, opened, patient_id in self._chunked(
            lambda chunk: select(
                CaseFile.id, CaseFile.pathway, CaseFile.opened_on, CaseFile.patient_id
            ).where(CaseFile.id.in_(chunk)),
            all_case_ids,
        ):
            d.cases[cid] = (pathway, opened, patient_id)
        # First presentation ever of the cases presented in the period.
        for cid, first in self._chunked(
            lambda chunk: (
                select(AgendaItem.case_id, Meeting.held_on)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(Meeting.status.in_(HELD_MEETING_STATUSES), AgendaItem.case_id.in_(chunk))
            ),
            case_ids,
        ):
            if cid not in d.first_presented or first < d.first_presented[cid]:
                d.first_presented[cid] = first
        patient_ids = {d.cases[c][2] for c in case_ids}
        for pid, birth, sex, commune, ald, c2s in self._chunked(
            lambda chunk: select(
                Patient.id,
                Patient.birth_date,
                Patient.sex,
                Patient.commune,
                Patient.ald,
                Patient.c2s,
            ).where(Patient.id.in_(chunk)),
            patient_ids,
        ):
            d.patients[pid] = (birth, sex, commune, ald, c2s)
        item_case = {row[0]: row[3] for row in d.items}
        d.decisions = [
            (item_case[item_id], status, due, completed)
            for item_id, status, due, completed in s.execute(
                select(Decision.item_id, Decision.status, Decision.due_on, Decision.completed_on)
                .join(AgendaItem, AgendaItem.id == Decision.item_id)
                .where(AgendaItem.meeting_id.in_(held))
            )
        ]
        d.plans = [(cid, d.cases[cid][0], version) for cid, version in plan_rows]
        d.enrolments = [
            (eid, d.cases[cid][0], cid, inclusion, exit_on, outcome)
            for eid, cid, inclusion, exit_on, outcome in enrol_rows
        ]
        enrol_ids = [r[0] for r in enrol_rows]
        for eid, _day in self._chunked(
            lambda chunk: select(UsipaContact.enrolment_id, UsipaContact.contact_on).where(
                UsipaContact.enrolment_id.in_(chunk),
                UsipaContact.contact_on >= start,
                UsipaContact.contact_on <= end,
            ),
            enrol_ids,
        ):
            d.contacts[eid] += 1
        return d

    def _chunked(self, make_query, ids, size: int = 900):
        ids = sorted(ids)
        for i in range(0, len(ids), size):
            yield from (tuple(r) for r in self.s.execute(make_query(ids[i : i + size])))
