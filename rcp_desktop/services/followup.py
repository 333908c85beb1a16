"""Follow-up of decisions (the Suivi board): open actions, overdue, due soon, by owner, by
pathway."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from rcp_desktop.models import (
    OPEN_DECISION_STATUSES,
    AgendaItem,
    CaseFile,
    Decision,
    DecisionStatus,
    MeetingStatus,
    Pathway,
    Patient,
    Professional,
    label,
)
from rcp_desktop.models.meeting import Meeting
from rcp_desktop.models.patient import patient_display_name
from rcp_desktop.services.base import ServiceBase

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class DecisionFilter:
    owner_id: int | None = None
    case_id: int | None = None
    overdue_only: bool = False
    due_within_days: int | None = None
    pathway: Pathway | None = None
    without_owner: bool = False


@dataclass(frozen=True)
class GroupCount:
    """One line of a board summary: an owner or a pathway, its open and overdue actions."""

    key: object  # professional id (None: no owner) or Pathway
    label: str
    open: int
    overdue: int
    due_soon: int


# --- the board's rows: what the page shows and its dialogs read, not mapped objects -----------
# (a decade's board holds thousands of open actions: one query of the shown columns, small
# frozen objects with the attribute paths of a Decision the page and dialogs read)


@dataclass(frozen=True, slots=True)
class OwnerName:
    id: int
    first_name: str
    last_name: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class PatientName:
    id: int
    birth_name: str
    first_names: str
    used_name: str | None
    used_first_name: str | None

    @property
    def display_name(self) -> str:
        return patient_display_name(
            self.birth_name, self.first_names, self.used_name, self.used_first_name
        )


@dataclass(frozen=True, slots=True)
class BoardCase:
    id: int
    number: str
    pathway: Pathway
    patient_id: int
    patient: PatientName


@dataclass(frozen=True, slots=True)
class BoardMeeting:
    id: int
    held_on: dt.date
    status: MeetingStatus


@dataclass(frozen=True, slots=True)
class BoardItem:
    id: int
    meeting_id: int
    case_id: int
    meeting: BoardMeeting
    case: BoardCase


@dataclass(frozen=True, slots=True)
class OpenDecision:
    """One open action of the board: the columns of its decision, its owner, and its item's
    session and case (with the patient's name)."""

    id: int
    version: int
    item_id: int
    description: str
    owner_id: int | None
    due_on: dt.date | None
    status: DecisionStatus
    completed_on: dt.date | None
    completion_note: str | None
    differs_from_proposal: bool | None
    difference_reason: str | None
    owner: OwnerName | None
    item: BoardItem

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DECISION_STATUSES


class FollowUpService(ServiceBase):
    def _statement(self, flt: DecisionFilter, *columns):
        """*columns* of the open decisions *flt* keeps; the agenda item and the case are joined
        only when a filter or a column needs them (each join reads their pages)."""
        today = self.ctx.today()
        stmt = select(*columns).select_from(Decision)
        stmt = stmt.where(Decision.status.in_(OPEN_DECISION_STATUSES))
        if flt.owner_id is not None:
            stmt = stmt.where(Decision.owner_id == flt.owner_id)
        if flt.without_owner:
            stmt = stmt.where(Decision.owner_id.is_(None))
        if flt.case_id is not None:
            stmt = stmt.where(AgendaItem.case_id == flt.case_id)
        if flt.pathway is not None:
            stmt = stmt.where(CaseFile.pathway == flt.pathway)
        if flt.overdue_only:
            stmt = stmt.where(Decision.due_on < today)
        if flt.due_within_days is not None:
            stmt = stmt.where(Decision.due_on <= today + dt.timedelta(days=flt.due_within_days))
        return stmt

    @staticmethod
    def _joins(stmt, flt: DecisionFilter, *, case_needed: bool):
        if case_needed or flt.case_id is not None or flt.pathway is not None:
            stmt = stmt.join(AgendaItem, Decision.item_id == AgendaItem.id)
        if case_needed or flt.pathway is not None:
            stmt = stmt.join(CaseFile, AgendaItem.case_id == CaseFile.id)
        return stmt

    def open_decisions(self, flt: DecisionFilter = DecisionFilter()) -> list[OpenDecision]:
        """Open decisions, oldest due date first, with owner, case, patient and meeting: one
        query of the columns the board shows, as :class:`OpenDecision` rows."""
        owner = aliased(Professional)
        stmt = (
            self._statement(
                flt,
                Decision.id,
                Decision.version,
                Decision.item_id,
                Decision.description,
                Decision.owner_id,
                Decision.due_on,
                Decision.status,
                Decision.completed_on,
                Decision.completion_note,
                Decision.differs_from_proposal,
                Decision.difference_reason,
                owner.first_name,
                owner.last_name,
                AgendaItem.meeting_id,
                AgendaItem.case_id,
                Meeting.held_on,
                Meeting.status,
                CaseFile.number,
                CaseFile.pathway,
                CaseFile.patient_id,
                Patient.birth_name,
                Patient.first_names,
                Patient.used_name,
                Patient.used_first_name,
            )
            .join(AgendaItem, Decision.item_id == AgendaItem.id)
            .join(CaseFile, AgendaItem.case_id == CaseFile.id)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .join(Patient, CaseFile.patient_id == Patient.id)
            .outerjoin(owner, Decision.owner_id == owner.id)
            .order_by(Decision.due_on.is_(None), Decision.due_on, Decision.id)
        )
        with self._read() as s:
            rows = s.execute(stmt).all()
        # Shared parts stay shared (one object per owner, session and case), as the ORM did.
        owners: dict[int, OwnerName] = {}
        meetings: dict[int, BoardMeeting] = {}
        cases: dict[int, BoardCase] = {}
        result = []
        for r in rows:
            (id_, version, item_id, description, owner_id, due_on, status, completed_on) = r[:8]
            (note, differs, reason, first_name, last_name, meeting_id, case_id) = r[8:15]
            (held_on, meeting_status, number, pathway, patient_id) = r[15:20]
            person = None
            if owner_id is not None:
                person = owners.get(owner_id)
                if person is None:
                    person = owners[owner_id] = OwnerName(owner_id, first_name, last_name)
            meeting = meetings.get(meeting_id)
            if meeting is None:
                meeting = meetings[meeting_id] = BoardMeeting(meeting_id, held_on, meeting_status)
            case_row = cases.get(case_id)
            if case_row is None:
                patient = PatientName(patient_id, *r[20:24])
                case_row = cases[case_id] = BoardCase(case_id, number, pathway, patient_id, patient)
            result.append(
                OpenDecision(
                    id_,
                    version,
                    item_id,
                    description,
                    owner_id,
                    due_on,
                    status,
                    completed_on,
                    note,
                    differs,
                    reason,
                    person,
                    BoardItem(item_id, meeting_id, case_id, meeting, case_row),
                )
            )
        return result

    def _counts(self, flt: DecisionFilter, key_column, *, case_needed: bool, extra=()) -> list:
        """Per value of *key_column*: open, overdue and due-soon actions, counted in SQL."""
        today = self.ctx.today()
        soon = today + dt.timedelta(days=DUE_SOON_DAYS)
        overdue = func.sum(case((Decision.due_on < today, 1), else_=0))
        due_soon = func.sum(
            case(((Decision.due_on >= today) & (Decision.due_on <= soon), 1), else_=0)
        )
        stmt = self._statement(flt, key_column, *extra, func.count(), overdue, due_soon)
        stmt = self._joins(stmt, flt, case_needed=case_needed).group_by(key_column)
        with self._read() as s:
            return list(s.execute(stmt))

    def by_owner(self, flt: DecisionFilter = DecisionFilter()) -> list[GroupCount]:
        rows = self._counts(
            flt,
            Decision.owner_id,
            case_needed=False,
            extra=(
                select(Professional.first_name)
                .where(Professional.id == Decision.owner_id)
                .scalar_subquery(),
                select(Professional.last_name)
                .where(Professional.id == Decision.owner_id)
                .scalar_subquery(),
            ),
        )
        groups = []
        for key, first_name, last_name, n_open, n_overdue, n_soon in rows:
            name = f"{first_name} {last_name}".strip() if key and first_name is not None else ""
            groups.append(GroupCount(key, name, n_open, int(n_overdue), int(n_soon)))
        return sorted(groups, key=lambda g: (-g.overdue, -g.open, g.label.casefold()))

    def by_pathway(self, flt: DecisionFilter = DecisionFilter()) -> list[GroupCount]:
        rows = self._counts(flt, CaseFile.pathway, case_needed=True)
        groups = [
            GroupCount(key, label(key), n_open, int(n_overdue), int(n_soon))
            for key, n_open, n_overdue, n_soon in rows
        ]
        return sorted(groups, key=lambda g: list(Pathway).index(cast(Pathway, g.key)))

    def overdue_case_ids(self) -> set[int]:
        stmt = (
            select(AgendaItem.case_id)
            .join(Decision)
            .where(Decision.status.in_(OPEN_DECISION_STATUSES), Decision.due_on < self.ctx.today())
            .distinct()
        )
        with self._read() as s:
            return set(s.scalars(stmt))
