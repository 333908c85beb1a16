"""Follow-up of decisions (the Suivi board): open actions, overdue, due soon."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.models import AgendaItem, CaseFile, Decision, DecisionStatus
from rcp_desktop.services.base import ServiceBase

OPEN_STATUSES = (DecisionStatus.TODO, DecisionStatus.IN_PROGRESS)


@dataclass(frozen=True)
class DecisionFilter:
    owner_id: int | None = None
    case_id: int | None = None
    overdue_only: bool = False
    due_within_days: int | None = None


class FollowUpService(ServiceBase):
    def open_decisions(self, flt: DecisionFilter = DecisionFilter()) -> list[Decision]:
        """Open decisions, oldest due date first, with owner, case, patient and meeting loaded."""
        today = self.ctx.today()
        stmt = (
            select(Decision)
            .join(AgendaItem)
            .where(Decision.status.in_(OPEN_STATUSES))
            .options(
                selectinload(Decision.owner),
                selectinload(Decision.item).selectinload(AgendaItem.meeting),
                selectinload(Decision.item)
                .selectinload(AgendaItem.case)
                .selectinload(CaseFile.patient),
            )
            .order_by(Decision.due_on.is_(None), Decision.due_on, Decision.id)
        )
        if flt.owner_id is not None:
            stmt = stmt.where(Decision.owner_id == flt.owner_id)
        if flt.case_id is not None:
            stmt = stmt.where(AgendaItem.case_id == flt.case_id)
        if flt.overdue_only:
            stmt = stmt.where(Decision.due_on < today)
        if flt.due_within_days is not None:
            stmt = stmt.where(Decision.due_on <= today + dt.timedelta(days=flt.due_within_days))
        with self._read() as s:
            return list(s.scalars(stmt))

    def overdue_case_ids(self) -> set[int]:
        stmt = (
            select(AgendaItem.case_id)
            .join(Decision)
            .where(Decision.status.in_(OPEN_STATUSES), Decision.due_on < self.ctx.today())
            .distinct()
        )
        with self._read() as s:
            return set(s.scalars(stmt))
