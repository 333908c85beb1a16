"""The list services that return rows of their shown columns (the Suivi board, the sessions
list) give what they gave when they returned mapped objects: each is compared, on the 2-year
demo base and under every filter the board offers, with the previous implementation kept here
as the reference."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rcp_desktop.models import (
    OPEN_DECISION_STATUSES,
    AgendaItem,
    Attendance,
    CaseFile,
    Decision,
    Meeting,
    Pathway,
    Presence,
    Professional,
    label,
)
from rcp_desktop.services.followup import DUE_SOON_DAYS, DecisionFilter, GroupCount
from rcp_desktop.services.meetings import MeetingSummary

# --- the previous implementations (ORM objects, counted in Python) ------------------------------
# Copied from the services as they were: the same lines on purpose.
# pylint: disable=duplicate-code


def _old_statement(services, flt: DecisionFilter):
    today = services.ctx.today()
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


def _shown(d) -> tuple:
    """Everything the board and its dialogs read of an open decision."""
    item = d.item
    return (
        d.id,
        d.version,
        d.item_id,
        d.description,
        d.owner_id,
        d.due_on,
        d.status,
        d.completed_on,
        d.completion_note,
        d.differs_from_proposal,
        d.difference_reason,
        d.is_open,
        d.owner.display_name if d.owner else None,
        item.id,
        item.meeting_id,
        item.case_id,
        item.meeting.held_on,
        item.meeting.status,
        item.case.number,
        item.case.pathway,
        item.case.patient_id,
        item.case.patient.display_name,
        item.case.patient.birth_name,
    )


def old_open_decisions(services, flt: DecisionFilter) -> list[tuple]:
    stmt = (
        _old_statement(services, flt)
        .options(
            selectinload(Decision.owner),
            selectinload(Decision.item).selectinload(AgendaItem.meeting),
            selectinload(Decision.item)
            .selectinload(AgendaItem.case)
            .selectinload(CaseFile.patient),
        )
        .order_by(Decision.due_on.is_(None), Decision.due_on, Decision.id)
    )
    with services.db.read() as s:
        return [_shown(d) for d in s.scalars(stmt)]


def _old_counts(services, flt: DecisionFilter, key_column) -> dict:
    today = services.ctx.today()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    stmt = _old_statement(services, flt).with_only_columns(key_column, Decision.due_on)
    counts: dict[object, list[int]] = {}
    with services.db.read() as s:
        for key, due in s.execute(stmt):
            row = counts.setdefault(key, [0, 0, 0])
            row[0] += 1
            if due is not None and due < today:
                row[1] += 1
            elif due is not None and due <= soon:
                row[2] += 1
    return counts


def old_by_owner(services, flt: DecisionFilter) -> list[GroupCount]:
    counts = _old_counts(services, flt, Decision.owner_id)
    with services.db.read() as s:
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


def old_by_pathway(services, flt: DecisionFilter) -> list[GroupCount]:
    counts = _old_counts(services, flt, CaseFile.pathway)
    rows = [GroupCount(key, label(key), *values) for key, values in counts.items()]
    return sorted(rows, key=lambda g: list(Pathway).index(g.key))


def old_summaries(services, start=None, end=None) -> list[MeetingSummary]:
    cases = (
        select(
            AgendaItem.meeting_id,
            func.count(AgendaItem.id).label("n"),
            func.sum(AgendaItem.planned_minutes).label("minutes"),
        )
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    present = (
        select(Attendance.meeting_id, func.count(Attendance.id).label("n"))
        .where(Attendance.presence == Presence.PRESENT)
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    decisions = (
        select(AgendaItem.meeting_id, func.count(Decision.id).label("n"))
        .join(Decision, Decision.item_id == AgendaItem.id)
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    stmt = (
        select(
            Meeting,
            func.coalesce(cases.c.n, 0),
            func.coalesce(present.c.n, 0),
            func.coalesce(cases.c.minutes, 0),
            func.coalesce(decisions.c.n, 0),
        )
        .outerjoin(cases, cases.c.meeting_id == Meeting.id)
        .outerjoin(present, present.c.meeting_id == Meeting.id)
        .outerjoin(decisions, decisions.c.meeting_id == Meeting.id)
        .order_by(Meeting.held_on.desc(), Meeting.start_time.desc())
    )
    if start is not None:
        stmt = stmt.where(Meeting.held_on >= start)
    if end is not None:
        stmt = stmt.where(Meeting.held_on <= end)
    with services.db.read() as s:
        return [
            MeetingSummary(
                id=m.id,
                held_on=m.held_on,
                start_time=m.start_time,
                duration_minutes=m.duration_minutes,
                pathway=m.pathway,
                theme=m.theme,
                place=m.place,
                status=m.status,
                cases=n_cases,
                present=n_present,
                planned_minutes=int(minutes),
                decisions=n_decisions,
                quorum_met=m.quorum_met,
            )
            for m, n_cases, n_present, minutes, n_decisions in s.execute(stmt)
        ]


# pylint: enable=duplicate-code
# --- the comparisons -----------------------------------------------------------------------------


def board_filters(services) -> list[DecisionFilter]:
    """Every scope of the board, alone and with each pathway; an owner with open actions and
    one with overdue ones; actions without an owner; a case's actions."""
    open_ = services.followup.open_decisions()
    owners = [d.owner_id for d in open_ if d.owner_id is not None]
    late_owner = next(
        d.owner_id for d in open_ if d.owner_id and d.due_on and d.due_on < services.ctx.today()
    )
    scopes = [
        DecisionFilter(),
        DecisionFilter(overdue_only=True),
        DecisionFilter(due_within_days=DUE_SOON_DAYS),
    ]
    filters = list(scopes)
    for scope in scopes:
        filters += [
            DecisionFilter(
                overdue_only=scope.overdue_only,
                due_within_days=scope.due_within_days,
                pathway=pathway,
            )
            for pathway in Pathway
        ]
    filters += [
        DecisionFilter(owner_id=owners[0]),
        DecisionFilter(owner_id=late_owner, overdue_only=True),
        DecisionFilter(without_owner=True),
        DecisionFilter(case_id=open_[0].item.case_id),
        DecisionFilter(case_id=open_[-1].item.case_id, pathway=open_[-1].item.case.pathway),
    ]
    return filters


def test_the_board_gives_what_the_mapped_objects_gave(demo_services, actor):
    followup = demo_services.followup
    # Due dates on each boundary of the counts: today (due soon, not overdue), yesterday, the
    # last day of "soon" and the day after, none.
    today = demo_services.ctx.today()
    edges = [today, today - dt.timedelta(days=1), today + dt.timedelta(days=DUE_SOON_DAYS)]
    edges += [today + dt.timedelta(days=DUE_SOON_DAYS + 1), None]
    with demo_services.db.write(actor) as s:
        for decision, due in zip(followup.open_decisions()[5::7], edges, strict=False):
            s.get(Decision, decision.id).due_on = due
    filters = board_filters(demo_services)
    assert len(followup.open_decisions()) > 50  # a board worth comparing
    nonempty = 0
    for flt in filters:
        new = [_shown(d) for d in followup.open_decisions(flt)]
        assert new == old_open_decisions(demo_services, flt), flt
        assert followup.by_owner(flt) == old_by_owner(demo_services, flt), flt
        assert followup.by_pathway(flt) == old_by_pathway(demo_services, flt), flt
        nonempty += bool(new)
    assert nonempty > len(filters) // 2


def test_the_board_shares_each_owner_session_and_case_once(demo_services):
    board = demo_services.followup.open_decisions()
    by_case: dict[int, object] = {}
    for d in board:
        assert by_case.setdefault(d.item.case_id, d.item.case) is d.item.case
        if d.owner is not None:
            assert d.owner.id == d.owner_id


@pytest.mark.parametrize(
    "period",
    [(None, None), (dt.date(2025, 1, 1), None), (None, dt.date(2025, 6, 30))],
    ids=["all", "from 2025", "until mid-2025"],
)
def test_the_sessions_list_gives_what_the_mapped_sessions_gave(demo_services, period):
    start, end = period
    new = demo_services.meetings.summaries(start=start, end=end)
    assert new == old_summaries(demo_services, start, end)
    assert any(m.cases for m in new) and any(m.present for m in new)
