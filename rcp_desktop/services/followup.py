"""Follow-up of decisions (the Suivi board): open actions, overdue, due soon, by owner, by
pathway."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.models import (
    OPEN_DECISION_STATUSES,
    AgendaItem,
    CaseFile,
    Decision,
    Pathway,
    Professional,
    label,
)
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


class FollowUpService(ServiceBase):
    def _statement(self, flt: DecisionFilter):
        today = self.ctx.today()
        stmt = (
            select(Decision)
            .join(AgendaItem, Decision.item_id == AgendaItem.id)
            .join(CaseFile, AgendaItem.case_id == CaseFile.id)
            .where(Decision.status.in_(OPEN_DECISION_STATUSES))
        )
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

    def open_decisions(self, flt: DecisionFilter = DecisionFilter()) -> list[Decision]:
        """Open decisions, oldest due date first, with owner, case, patient and meeting loaded."""
        stmt = (
            self._statement(flt)
            .options(
                selectinload(Decision.owner),
                selectinload(Decision.item).selectinload(AgendaItem.meeting),
                selectinload(Decision.item)
                .selectinload(AgendaItem.case)
                .selectinload(CaseFile.patient),
            )
            .order_by(Decision.due_on.is_(None), Decision.due_on, Decision.id)
        )
        with self._read() as s:
            return list(s.scalars(stmt))

    def _counts(self, flt: DecisionFilter, key_column) -> dict:
        today = self.ctx.today()
        soon = today + dt.timedelta(days=DUE_SOON_DAYS)
        stmt = self._statement(flt).with_only_columns(key_column, Decision.due_on)
        counts: dict[object, list[int]] = {}
        with self._read() as s:
            for key, due in s.execute(stmt):
                row = counts.setdefault(key, [0, 0, 0])
                row[0] += 1
                if due is not None and due < today:
                    row[1] += 1
                elif due is not None and due <= soon:
                    row[2] += 1
        return counts

    def by_owner(self, flt: DecisionFilter = DecisionFilter()) -> list[GroupCount]:
        counts = self._counts(flt, Decision.owner_id)
        with self._read() as s:
            names = {
                p.id: p.display_name
                for p in s.scalars(
                    select(Professional).where(Professional.id.in_([k for k in counts if k]))
                )
            }
        rows = [
            GroupCount(key, names.get(key, "") if key else "", *values)
            for key, values in counts.items()
        ]
        return sorted(rows, key=lambda g: (-g.overdue, -g.open, g.label.casefold()))

    def by_pathway(self, flt: DecisionFilter = DecisionFilter()) -> list[GroupCount]:
        counts = self._counts(flt, CaseFile.pathway)
        rows = [GroupCount(key, label(key), *values) for key, values in counts.items()]
        return sorted(rows, key=lambda g: list(Pathway).index(cast(Pathway, g.key)))

    def overdue_case_ids(self) -> set[int]:
        stmt = (
            select(AgendaItem.case_id)
            .join(Decision)
            .where(Decision.status.in_(OPEN_DECISION_STATUSES), Decision.due_on < self.ctx.today())
            .distinct()
        )
        with self._read() as s:
            return set(s.scalars(stmt))
