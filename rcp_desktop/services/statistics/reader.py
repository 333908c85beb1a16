"""Reading a period: what the table builders need, aggregated by SQL, in one :class:`PeriodData`.

The whole interface is :func:`read_period` (an open read session, the period, the day of the
export, the quorum) and :class:`PeriodData`. The builders (:mod:`.tables`) never touch the
database.

SQLite does the counting: grouped queries give, per pathway, how many events (presentations,
decisions, contacts) and how many distinct case files or episodes stand behind them — all that
disclosure control needs (:class:`Tally`); presentations and decisions are counted per case
file in SQL, the case files here. Only the sessions' pathways and two lists of *persons* come
back row by row: the patients presented in the period (their pathway of attachment and the few
attributes the tables break down by), the USIPA episodes, the health events, the case files
opened, the USIPA exits and the planned reviews. Nothing of this leaves the
process; no name is read, ids only serve to count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Executable, Select, String, and_, case, distinct, func, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    OPEN_DECISION_STATUSES,
    AgendaItem,
    Attendance,
    CaseFile,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    DocumentKind,
    DocumentRecord,
    ItemKind,
    Meeting,
    OutcomeEvent,
    OutcomeKind,
    Pathway,
    Patient,
    PatientInformation,
    Presence,
    Profession,
    Professional,
    Sex,
    TndFollowUp,
    TndStep,
    TndStepKind,
    Triage,
    UsipaContact,
    UsipaEnrolment,
    UsipaOutcome,
)

PATHWAY_ORDER: tuple[Pathway, ...] = tuple(Pathway)
# A review planned for a day counts as held "at its planned date" within this many days of it.
REVIEW_WINDOW_DAYS = 30


class Tally(NamedTuple):
    """A count of events and the number of distinct case files (one patient each) behind it."""

    events: int = 0
    cases: int = 0


class PatientRow(NamedTuple):
    """A patient with a case presented in the period, attached to the pathway of their first
    presentation of the period (earliest session, then pathway order)."""

    pathway: Pathway
    birth_date: dt.date
    sex: Sex
    commune: str | None
    ald: bool
    c2s: bool


class EpisodeRow(NamedTuple):
    """A USIPA episode active during the period, with its contacts dated in the period."""

    pathway: Pathway  # of the episode's case file
    inclusion_on: dt.date
    exit_on: dt.date | None
    outcome: UsipaOutcome | None
    contacts: int


class OutcomeRow(NamedTuple):
    """A health event (crisis, emergency visit, hospitalisation) of a case file, dated within
    the year before the period up to its end; ``case`` only serves to count distinct files."""

    case: int
    pathway: Pathway  # of the case file
    kind: OutcomeKind
    on: dt.date


class OpeningRow(NamedTuple):
    """A case file opened in the period (its entry in the pathway)."""

    case: int
    pathway: Pathway
    opened_on: dt.date


class ProfessionalRow(NamedTuple):
    """A professional present at a session held in the period (no id, no name)."""

    profession: Profession
    member: bool
    session_pathways: frozenset[str]  # pathway values, or "none" for a session without one


class TndChildRow(NamedTuple):
    """A TND case file (one child) with a step of its pathway dated in the period: the dates the
    delays are counted between (first assessment and intervention: the first started on or
    after the PCO referral). The id only serves to count distinct children."""

    case_id: int
    first_concern_on: dt.date | None
    pco_referred_on: dt.date | None
    pco_accepted_on: dt.date | None
    first_assessment_on: dt.date | None
    first_intervention_on: dt.date | None
    mdph_filed_on: dt.date | None
    mdph_decision_on: dt.date | None


class TndStepRow(NamedTuple):
    """An assessment or intervention of a TND case file started in the period."""

    case_id: int
    prescribed_on: dt.date | None
    started_on: dt.date


PRESENTATION_MEASURES = ("all", "new", "follow_up", "discussed", "listed")
# The same order as the counts of the queries below.
DECISION_MEASURES = ("taken", "done", "on_time", "overdue")


@dataclass
class PeriodData:
    """Everything the table builders read, for one period and one day of export. Keys of the
    per-pathway maps are :class:`Pathway` members; a missing pathway counts zero."""

    # Sessions held, by the session's own pathway (None: a session without one).
    sessions: Counter[Pathway | None] = field(default_factory=Counter)
    presences: Counter[Pathway | None] = field(default_factory=Counter)
    sessions_with_quorum: Counter[Pathway | None] = field(default_factory=Counter)
    professionals: list[ProfessionalRow] = field(default_factory=list)
    # Case-file figures, by the case file's pathway.
    situations: Counter[Pathway] = field(default_factory=Counter)  # distinct cases presented
    presentations: dict[str, dict[Pathway, Tally]] = field(default_factory=dict)
    decisions: dict[str, dict[Pathway, Tally]] = field(default_factory=dict)
    # Days from referral to the first presentation ever, for cases first presented in the period.
    first_delays: dict[Pathway, list[int]] = field(default_factory=dict)
    crisis_created: Counter[Pathway] = field(default_factory=Counter)
    crisis_reviewed: Counter[Pathway] = field(default_factory=Counter)
    patients: list[PatientRow] = field(default_factory=list)
    episodes: list[EpisodeRow] = field(default_factory=list)
    # The TND pathway: children with a step dated in the period, steps started in it.
    tnd_children: list[TndChildRow] = field(default_factory=list)
    tnd_steps: list[TndStepRow] = field(default_factory=list)
    # Health events from a year before the period to its end; the case files opened in it; the
    # USIPA exits of the period with the day of their first hospitalisation afterwards.
    outcomes: list[OutcomeRow] = field(default_factory=list)
    openings: list[OpeningRow] = field(default_factory=list)
    exits: list[tuple[Pathway, dt.date, dt.date | None]] = field(default_factory=list)
    # Self-evaluation: presentations of the period with a fiche RCP produced; the reviews
    # planned for a day of the period (case, pathway, reviewed around that day).
    sheets: dict[Pathway, Tally] = field(default_factory=dict)
    # Presentations of the period whose patient was informed of the proposal.
    informed: dict[Pathway, Tally] = field(default_factory=dict)
    reviews: list[tuple[int, Pathway, bool]] = field(default_factory=list)
    today: dt.date = dt.date.min


def read_period(
    session: Session, start: dt.date, end: dt.date, today: dt.date, quorum: int
) -> PeriodData:
    """Every figure of [start, end] (both included) the statistics need, *today* being the day
    of the export (the state of decisions and of open USIPA episodes)."""
    return _Reader(session, start, end, today, quorum).read()


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def _distinct_if(condition: ColumnElement[bool], column: Any) -> ColumnElement[Any]:
    return func.count(distinct(case((condition, column), else_=None)))


class _Reader:
    def __init__(
        self, session: Session, start: dt.date, end: dt.date, today: dt.date, quorum: int
    ) -> None:
        self.s = session
        self.start = start
        self.end = end
        self.today = today
        self.quorum = quorum
        self.held = and_(
            Meeting.status.in_(HELD_MEETING_STATUSES),
            Meeting.held_on >= start,
            Meeting.held_on <= end,
        )
        # Sessions held in the period, as a subquery: SQLite then walks the sessions by date
        # and their items by the session index.
        self.held_ids = select(Meeting.id).where(self.held)

    def _rows(self, query: Executable) -> list[Any]:
        return list(self.s.execute(query))

    def read(self) -> PeriodData:
        d = PeriodData(today=self.today)
        self._sessions(d)
        self._professionals(d)
        self._presentations(d)
        self._first_presentations(d)
        self._decisions(d)
        self._crisis_plans(d)
        self._patients(d)
        self._episodes(d)
        self._tnd(d)
        self._outcomes(d)
        self._evaluation(d)
        return d

    def _sessions(self, d: PeriodData) -> None:
        present = and_(Attendance.meeting_id == Meeting.id, Attendance.presence == Presence.PRESENT)
        per_meeting = (
            select(
                Meeting.id.label("id"),
                Meeting.pathway.label("pathway"),
                func.count(Attendance.id).label("present"),
                func.count(distinct(Professional.profession)).label("professions"),
            )
            .outerjoin(Attendance, present)
            .outerjoin(Professional, Professional.id == Attendance.professional_id)
            .where(self.held)
            .group_by(Meeting.id)
            .subquery()
        )
        for pathway, held, presences, with_quorum in self._rows(
            select(
                per_meeting.c.pathway,
                func.count(),
                func.sum(per_meeting.c.present),
                _count_if(per_meeting.c.professions >= self.quorum),
            ).group_by(per_meeting.c.pathway)
        ):
            key = Pathway(pathway) if pathway is not None else None
            d.sessions[key] = held
            d.presences[key] = int(presences or 0)
            d.sessions_with_quorum[key] = int(with_quorum or 0)

    def _professionals(self, d: PeriodData) -> None:
        seen: dict[int, tuple[Profession, bool, set[str]]] = {}
        for pro_id, profession, member, pathway in self._rows(
            select(
                Professional.id,
                Professional.profession,
                Professional.cpts_member,
                Meeting.pathway,
            )
            .join(Attendance, Attendance.professional_id == Professional.id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(self.held, Attendance.presence == Presence.PRESENT)
            .distinct()
        ):
            entry = seen.setdefault(pro_id, (profession, bool(member), set()))
            entry[2].add(pathway.value if pathway is not None else "none")
        d.professionals = [
            ProfessionalRow(profession, member, frozenset(pathways))
            for profession, member, pathways in seen.values()
        ]

    def _per_case(
        self, query: Select[Any], measures: Sequence[str]
    ) -> dict[str, dict[Pathway, Tally]]:
        """Tallies by pathway from *query*'s rows — (pathway, one count per measure), one row per
        case file: the events summed, the case files with at least one counted. Counting per
        case in SQL and the cases here is several times faster than COUNT(DISTINCT …)."""
        tallies: dict[str, dict[Pathway, Tally]] = {name: {} for name in measures}
        for pathway, *counts in self._rows(query):
            for name, n in zip(measures, counts, strict=True):
                if n:
                    events, cases = tallies[name].get(pathway, Tally())
                    tallies[name][pathway] = Tally(events + int(n), cases + 1)
        return tallies

    def _presentations(self, d: PeriodData) -> None:
        query = (
            select(
                CaseFile.pathway,
                func.count(),
                _count_if(AgendaItem.kind == ItemKind.NEW),
                _count_if(AgendaItem.kind == ItemKind.FOLLOW_UP),
                _count_if(AgendaItem.triage == Triage.FULL_DISCUSSION),
                _count_if(AgendaItem.triage == Triage.LISTED),
            )
            .select_from(AgendaItem)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .where(AgendaItem.meeting_id.in_(self.held_ids))
            .group_by(AgendaItem.case_id)
        )
        d.presentations = self._per_case(query, PRESENTATION_MEASURES)
        for pathway, tally in d.presentations["all"].items():
            d.situations[pathway] = tally.cases

    def _first_presentations(self, d: PeriodData) -> None:
        first = func.min(Meeting.held_on)
        presented = (
            select(AgendaItem.case_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(self.held)
        )
        for pathway, opened_on, first_on in self._rows(
            select(CaseFile.pathway, CaseFile.opened_on, first.label("first"))
            .select_from(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .where(Meeting.status.in_(HELD_MEETING_STATUSES), AgendaItem.case_id.in_(presented))
            .group_by(AgendaItem.case_id)
            .having(and_(first >= self.start, first <= self.end))
        ):
            first_day = (
                first_on if isinstance(first_on, dt.date) else dt.date.fromisoformat(first_on)
            )
            d.first_delays.setdefault(pathway, []).append((first_day - opened_on).days)

    def _decisions(self, d: PeriodData) -> None:
        done = Decision.status == DecisionStatus.DONE
        query = (
            select(
                CaseFile.pathway,
                func.count(),
                _count_if(done),
                _count_if(
                    and_(
                        done,
                        Decision.due_on.is_not(None),
                        Decision.completed_on.is_not(None),
                        Decision.completed_on <= Decision.due_on,
                    )
                ),
                _count_if(
                    and_(
                        Decision.status.in_(OPEN_DECISION_STATUSES),
                        Decision.due_on.is_not(None),
                        Decision.due_on < self.today,
                    )
                ),
            )
            .select_from(Decision)
            .join(AgendaItem, AgendaItem.id == Decision.item_id)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .where(AgendaItem.meeting_id.in_(self.held_ids))
            .group_by(AgendaItem.case_id)
        )
        d.decisions = self._per_case(query, DECISION_MEASURES)

    def _crisis_plans(self, d: PeriodData) -> None:
        in_period = and_(
            CrisisPlanVersion.drawn_up_on >= self.start, CrisisPlanVersion.drawn_up_on <= self.end
        )
        for pathway, created, reviewed in self._rows(
            select(
                CaseFile.pathway,
                _distinct_if(CrisisPlanVersion.version == 1, CrisisPlanVersion.case_id),
                _distinct_if(CrisisPlanVersion.version >= 2, CrisisPlanVersion.case_id),
            )
            .join(CaseFile, CaseFile.id == CrisisPlanVersion.case_id)
            .where(in_period)
            .group_by(CaseFile.pathway)
        ):
            d.crisis_created[pathway] = int(created)
            d.crisis_reviewed[pathway] = int(reviewed)

    def _patients(self, d: PeriodData) -> None:
        rank = case(*((CaseFile.pathway == p, i) for i, p in enumerate(PATHWAY_ORDER)), else_=9)
        # Earliest session first, then pathway order: "YYYY-MM-DD r" sorts as wanted.
        first = func.min(sql_cast(Meeting.held_on, String) + " " + sql_cast(rank, String))
        for key, birth, sex, commune, ald, c2s in self._rows(
            select(
                first,
                Patient.birth_date,
                Patient.sex,
                Patient.commune,
                Patient.ald,
                Patient.c2s,
            )
            .select_from(AgendaItem)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .join(Patient, Patient.id == CaseFile.patient_id)
            .where(self.held)
            .group_by(Patient.id)
        ):
            pathway = PATHWAY_ORDER[int(key.rsplit(" ", 1)[1])]
            d.patients.append(PatientRow(pathway, birth, sex, commune, bool(ald), bool(c2s)))

    def _episodes(self, d: PeriodData) -> None:
        contacts = (
            select(UsipaContact.enrolment_id, func.count().label("n"))
            .where(UsipaContact.contact_on >= self.start, UsipaContact.contact_on <= self.end)
            .group_by(UsipaContact.enrolment_id)
            .subquery()
        )
        for pathway, inclusion, exit_on, outcome, n in self._rows(
            select(
                CaseFile.pathway,
                UsipaEnrolment.inclusion_on,
                UsipaEnrolment.exit_on,
                UsipaEnrolment.exit_outcome,
                func.coalesce(contacts.c.n, 0),
            )
            .join(CaseFile, CaseFile.id == UsipaEnrolment.case_id)
            .outerjoin(contacts, contacts.c.enrolment_id == UsipaEnrolment.id)
            .where(UsipaEnrolment.inclusion_on <= self.end)
            .where((UsipaEnrolment.exit_on.is_(None)) | (UsipaEnrolment.exit_on >= self.start))
        ):
            d.episodes.append(EpisodeRow(pathway, inclusion, exit_on, outcome, int(n)))

    def _tnd(self, d: PeriodData) -> None:
        def first_after_referral(kind: TndStepKind) -> Any:
            return func.min(
                case(
                    (
                        and_(
                            TndStep.kind == kind,
                            TndStep.started_on >= TndFollowUp.pco_referred_on,
                        ),
                        TndStep.started_on,
                    ),
                    else_=None,
                )
            )

        for row in self._rows(
            select(
                TndFollowUp.case_id,
                TndFollowUp.first_concern_on,
                TndFollowUp.pco_referred_on,
                TndFollowUp.pco_accepted_on,
                first_after_referral(TndStepKind.ASSESSMENT),
                first_after_referral(TndStepKind.INTERVENTION),
                TndFollowUp.mdph_filed_on,
                TndFollowUp.mdph_decision_on,
            )
            .join(CaseFile, CaseFile.id == TndFollowUp.case_id)
            .outerjoin(TndStep, TndStep.case_id == TndFollowUp.case_id)
            .where(CaseFile.pathway == Pathway.TND)
            .group_by(TndFollowUp.id)
        ):
            child = TndChildRow(row[0], *(_as_date(v) for v in row[1:]))
            if any(
                day is not None and self.start <= day <= self.end
                for day in (
                    child.pco_referred_on,
                    child.pco_accepted_on,
                    child.first_assessment_on,
                    child.first_intervention_on,
                    child.mdph_filed_on,
                    child.mdph_decision_on,
                )
            ):
                d.tnd_children.append(child)
        for case_id, prescribed_on, started_on in self._rows(
            select(TndStep.case_id, TndStep.prescribed_on, TndStep.started_on)
            .join(CaseFile, CaseFile.id == TndStep.case_id)
            .where(
                CaseFile.pathway == Pathway.TND,
                TndStep.started_on >= self.start,
                TndStep.started_on <= self.end,
            )
        ):
            d.tnd_steps.append(TndStepRow(case_id, prescribed_on, started_on))

    def _outcomes(self, d: PeriodData) -> None:
        since = self.start - dt.timedelta(days=366)
        for case_id, pathway, kind, on in self._rows(
            select(CaseFile.id, CaseFile.pathway, OutcomeEvent.kind, OutcomeEvent.occurred_on)
            .join(CaseFile, CaseFile.id == OutcomeEvent.case_id)
            .where(OutcomeEvent.occurred_on >= since, OutcomeEvent.occurred_on <= self.end)
        ):
            d.outcomes.append(OutcomeRow(case_id, pathway, kind, on))
        for case_id, pathway, opened_on in self._rows(
            select(CaseFile.id, CaseFile.pathway, CaseFile.opened_on).where(
                CaseFile.opened_on >= self.start, CaseFile.opened_on <= self.end
            )
        ):
            d.openings.append(OpeningRow(case_id, pathway, opened_on))
        later = (
            select(func.min(OutcomeEvent.occurred_on))
            .where(
                OutcomeEvent.case_id == UsipaEnrolment.case_id,
                OutcomeEvent.kind == OutcomeKind.HOSPITALISATION,
                OutcomeEvent.occurred_on > UsipaEnrolment.exit_on,
            )
            .correlate(UsipaEnrolment)
            .scalar_subquery()
        )
        for pathway, exit_on, first in self._rows(
            select(CaseFile.pathway, UsipaEnrolment.exit_on, later)
            .join(CaseFile, CaseFile.id == UsipaEnrolment.case_id)
            .where(UsipaEnrolment.exit_on >= self.start, UsipaEnrolment.exit_on <= self.end)
        ):
            d.exits.append((pathway, exit_on, first))

    def _evaluation(self, d: PeriodData) -> None:
        sheet = (
            select(DocumentRecord.id)
            .where(
                DocumentRecord.kind == DocumentKind.CASE_SHEET,
                DocumentRecord.meeting_id == AgendaItem.meeting_id,
                DocumentRecord.case_id == AgendaItem.case_id,
            )
            .exists()
        )
        for pathway, events, cases in self._rows(
            select(CaseFile.pathway, func.count(), func.count(distinct(AgendaItem.case_id)))
            .select_from(AgendaItem)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .where(AgendaItem.meeting_id.in_(self.held_ids), sheet)
            .group_by(CaseFile.pathway)
        ):
            d.sheets[pathway] = Tally(int(events), int(cases))
        told = select(PatientInformation.id).where(PatientInformation.item_id == AgendaItem.id)
        for pathway, events, cases in self._rows(
            select(CaseFile.pathway, func.count(), func.count(distinct(AgendaItem.case_id)))
            .select_from(AgendaItem)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .where(AgendaItem.meeting_id.in_(self.held_ids), told.exists())
            .group_by(CaseFile.pathway)
        ):
            d.informed[pathway] = Tally(int(events), int(cases))
        window = dt.timedelta(days=REVIEW_WINDOW_DAYS)
        held_any = Meeting.status.in_(HELD_MEETING_STATUSES)
        planned = self._rows(
            select(AgendaItem.case_id, CaseFile.pathway, Meeting.held_on, AgendaItem.next_review_on)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .join(CaseFile, CaseFile.id == AgendaItem.case_id)
            .where(
                held_any,
                AgendaItem.next_review_on >= self.start,
                AgendaItem.next_review_on <= self.end,
                AgendaItem.next_review_on <= self.today - window,
            )
        )
        shown: dict[int, list[dt.date]] = {}
        for case_id, held_on in self._rows(
            select(AgendaItem.case_id, Meeting.held_on)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(
                held_any,
                Meeting.held_on >= self.start - window,
                Meeting.held_on <= self.end + window,
            )
        ):
            shown.setdefault(case_id, []).append(held_on)
        for case_id, pathway, planned_at, due in planned:
            reviewed = any(
                planned_at < day and abs((day - due).days) <= REVIEW_WINDOW_DAYS
                for day in shown.get(case_id, ())
            )
            d.reviews.append((case_id, pathway, reviewed))


def _as_date(value: Any) -> dt.date | None:
    """A date as SQLite hands back an aggregate of dates (text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
