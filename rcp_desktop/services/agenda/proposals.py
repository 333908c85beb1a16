"""Which cases the agenda of a session proposes, and why.

A case is proposed when its next review date is on or before the session, or when it has open
actions overdue at the session date. Closed cases and cases already on the agenda are left out;
a session with a pathway only proposes that pathway's cases. A case without a consent covering
the session date is still proposed, marked as impossible to put on the agenda.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    OPEN_DECISION_STATUSES,
    AgendaItem,
    CaseFile,
    CaseStatus,
    Consent,
    Decision,
    ItemKind,
    Meeting,
    Pathway,
)


@dataclass(frozen=True)
class Proposal:
    """A case the agenda proposes, and why."""

    case_id: int
    number: str
    patient_name: str
    pathway: Pathway
    next_review_on: dt.date | None
    overdue_actions: tuple[str, ...]
    reasons: tuple[str, ...]
    has_consent: bool
    kind: ItemKind

    @property
    def why(self) -> str:
        return " ; ".join(self.reasons)


def proposals_for(s: Session, meeting: Meeting) -> list[Proposal]:
    """The cases proposed for *meeting* (its items loaded, in the read session *s*), by next
    review date (none last), then by case number."""
    day = meeting.held_on
    on_agenda = {i.case_id for i in meeting.items}
    base = select(CaseFile).where(CaseFile.status != CaseStatus.CLOSED)
    if meeting.pathway is not None:
        base = base.where(CaseFile.pathway == meeting.pathway)
    due = {
        c.id: c
        for c in s.scalars(
            base.where(CaseFile.next_review_on.is_not(None), CaseFile.next_review_on <= day)
        )
    }
    overdue: dict[int, list[Decision]] = {}
    stmt = (
        select(Decision, AgendaItem.case_id)
        .join(AgendaItem, Decision.item_id == AgendaItem.id)
        .join(CaseFile, AgendaItem.case_id == CaseFile.id)
        .where(
            Decision.status.in_(OPEN_DECISION_STATUSES),
            Decision.due_on.is_not(None),
            Decision.due_on < day,
            CaseFile.status != CaseStatus.CLOSED,
        )
        .order_by(Decision.due_on)
    )
    if meeting.pathway is not None:
        stmt = stmt.where(CaseFile.pathway == meeting.pathway)
    for decision, case_id in s.execute(stmt):
        overdue.setdefault(case_id, []).append(decision)
    ids = (set(due) | set(overdue)) - on_agenda
    if not ids:
        return []
    cases = {
        c.id: c
        for c in s.scalars(
            select(CaseFile).where(CaseFile.id.in_(ids)).options(selectinload(CaseFile.patient))
        )
    }
    presented = set(
        s.scalars(
            select(AgendaItem.case_id)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(AgendaItem.case_id.in_(ids), Meeting.held_on < day)
        )
    )
    consents: dict[int, list[Consent]] = {}
    patient_ids = {c.patient_id for c in cases.values()}
    for consent in s.scalars(select(Consent).where(Consent.patient_id.in_(patient_ids))):
        consents.setdefault(consent.patient_id, []).append(consent)
    result = []
    for case_id in ids:
        case = cases[case_id]
        reasons = []
        if case.next_review_on is not None and case.next_review_on <= day:
            reasons.append(
                translate(_N("core", "révision prévue le {date}")).format(
                    date=fr_date(case.next_review_on)
                )
            )
        late = overdue.get(case_id, [])
        if late:
            reasons.append(
                translate(
                    _N("core", "{n} action(s) en retard à la date de la séance : {what}")
                ).format(
                    n=len(late),
                    what=", ".join(f"{d.description} ({fr_date(d.due_on)})" for d in late[:3])
                    + (" …" if len(late) > 3 else ""),
                )
            )
        has_consent = any(c.is_active_on(day) for c in consents.get(case.patient_id, []))
        if not has_consent:
            reasons.append(translate(_N("core", "consentement manquant : inscription impossible")))
        result.append(
            Proposal(
                case_id=case.id,
                number=case.number,
                patient_name=case.patient.display_name,
                pathway=case.pathway,
                next_review_on=case.next_review_on,
                overdue_actions=tuple(d.description for d in late),
                reasons=tuple(reasons),
                has_consent=has_consent,
                kind=ItemKind.FOLLOW_UP if case.id in presented else ItemKind.NEW,
            )
        )
    result.sort(
        key=lambda p: (
            not p.overdue_actions and p.next_review_on is None,
            p.next_review_on or dt.date.max,
            p.number,
        )
    )
    return result
