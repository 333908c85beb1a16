"""A case's timeline: every dated event of the case, read in one transaction, as plain data.

Opening, presentations at sessions, decisions taken and done, crisis-plan versions, USIPA
inclusion / contacts / exit, status changes and closure, attachments added, the steps of the
TND pathway (first concern, PCO, MDPH, assessments and interventions, consents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    AgendaItem,
    Attachment,
    CaseFile,
    CaseStatus,
    CaseStatusChange,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    TndConsent,
    TndFollowUp,
    TndRepresentative,
    TndStep,
    UsipaContact,
    UsipaEnrolment,
    label,
)


class TimelineKind(StrEnum):
    OPENED = "opened"
    STATUS = "status"
    CLOSED = "closed"
    PRESENTATION = "presentation"
    DECISION = "decision"
    DECISION_DONE = "decision_done"
    CRISIS_PLAN = "crisis_plan"
    USIPA_INCLUSION = "usipa_inclusion"
    USIPA_CONTACT = "usipa_contact"
    USIPA_EXIT = "usipa_exit"
    ATTACHMENT = "attachment"
    TND = "tnd"


# Same-day order: what happens first in a day comes first when reading oldest first.
_RANK = {
    kind: i
    for i, kind in enumerate(
        [
            TimelineKind.OPENED,
            TimelineKind.USIPA_INCLUSION,
            TimelineKind.PRESENTATION,
            TimelineKind.DECISION,
            TimelineKind.CRISIS_PLAN,
            TimelineKind.USIPA_CONTACT,
            TimelineKind.DECISION_DONE,
            TimelineKind.ATTACHMENT,
            TimelineKind.TND,
            TimelineKind.USIPA_EXIT,
            TimelineKind.STATUS,
            TimelineKind.CLOSED,
        ]
    )
}
_KIND_LABELS = {
    TimelineKind.OPENED: _N("core", "Ouverture"),
    TimelineKind.STATUS: _N("core", "Statut"),
    TimelineKind.CLOSED: _N("core", "Clôture"),
    TimelineKind.PRESENTATION: _N("core", "Séance"),
    TimelineKind.DECISION: _N("core", "Décision"),
    TimelineKind.DECISION_DONE: _N("core", "Action réalisée"),
    TimelineKind.CRISIS_PLAN: _N("core", "Plan de crise"),
    TimelineKind.USIPA_INCLUSION: _N("core", "USIPA"),
    TimelineKind.USIPA_CONTACT: _N("core", "Contact USIPA"),
    TimelineKind.USIPA_EXIT: _N("core", "USIPA"),
    TimelineKind.ATTACHMENT: _N("core", "Pièce jointe"),
    TimelineKind.TND: _N("core", "Parcours TND"),
}

# Filters offered above the timeline: (label, kinds).
TIMELINE_FILTERS: list[tuple[str, frozenset[TimelineKind] | None]] = [
    (_N("core", "Tous les événements"), None),
    (_N("core", "Séances"), frozenset({TimelineKind.PRESENTATION})),
    (_N("core", "Décisions"), frozenset({TimelineKind.DECISION, TimelineKind.DECISION_DONE})),
    (_N("core", "Plan de crise"), frozenset({TimelineKind.CRISIS_PLAN})),
    (
        _N("core", "USIPA"),
        frozenset(
            {TimelineKind.USIPA_INCLUSION, TimelineKind.USIPA_CONTACT, TimelineKind.USIPA_EXIT}
        ),
    ),
    (_N("core", "Pièces jointes"), frozenset({TimelineKind.ATTACHMENT})),
    (_N("core", "Parcours TND"), frozenset({TimelineKind.TND})),
    (
        _N("core", "Ouverture, statut, clôture"),
        frozenset({TimelineKind.OPENED, TimelineKind.STATUS, TimelineKind.CLOSED}),
    ),
]


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event of a case's timeline; ``ref_id`` is the id of the row it comes from
    (agenda item, decision, plan version, enrolment, contact, attachment, status change)."""

    on: dt.date
    kind: TimelineKind
    title: str
    detail: str = ""
    ref_id: int | None = None

    @property
    def kind_label(self) -> str:
        return translate(_KIND_LABELS[self.kind])


def case_timeline(
    s: Session,
    case: CaseFile,
    today: dt.date,
    *,
    newest_first: bool = True,
    kinds: frozenset[TimelineKind] | None = None,
) -> list[TimelineEvent]:
    """The events of *case* (loaded in the read session *s*), newest (or oldest) first,
    optionally only *kinds*."""
    case_id = case.id
    items = list(
        s.scalars(
            select(AgendaItem)
            .where(AgendaItem.case_id == case_id)
            .options(
                selectinload(AgendaItem.meeting),
                selectinload(AgendaItem.presenter),
                selectinload(AgendaItem.decisions).selectinload(Decision.owner),
            )
        )
    )
    changes = list(s.scalars(select(CaseStatusChange).where(CaseStatusChange.case_id == case_id)))
    plans = list(
        s.execute(
            select(CrisisPlanVersion, Meeting.held_on)
            .outerjoin(Meeting, Meeting.id == CrisisPlanVersion.reviewed_meeting_id)
            .where(CrisisPlanVersion.case_id == case_id)
        )
    )
    enrolments = list(
        s.scalars(
            select(UsipaEnrolment)
            .where(UsipaEnrolment.case_id == case_id)
            .options(selectinload(UsipaEnrolment.contacts).selectinload(UsipaContact.professional))
        )
    )
    attachments = list(s.scalars(select(Attachment).where(Attachment.case_id == case_id)))
    events = timeline_events(case, items, changes, plans, enrolments, attachments, today)
    events += tnd_events(s, case_id)
    if kinds is not None:
        events = [e for e in events if e.kind in kinds]
    events.sort(key=lambda e: (e.on, _RANK[e.kind], e.ref_id or 0), reverse=newest_first)
    return events


def _d(day: dt.date | None) -> str:
    return fr_date(day) or "—"


def _t(template: str, **params: object) -> str:
    return translate(template).format(**params)


def timeline_events(
    case, items, changes, plans, enrolments, attachments, today
) -> list[TimelineEvent]:
    events = [
        TimelineEvent(
            case.opened_on,
            TimelineKind.OPENED,
            _t(
                _N("core", "Dossier {number} ouvert — {pathway}"),
                number=case.number,
                pathway=label(case.pathway),
            ),
            _t(_N("core", "Motif : {reason}"), reason=case.referral_reason),
            case.id,
        )
    ]
    for item in items:
        meeting = item.meeting
        upcoming = meeting.status is MeetingStatus.PLANNED or meeting.held_on > today
        where = meeting.theme or label(meeting.pathway) or translate(_N("core", "séance"))
        title = _t(_N("core", "{theme} (séance à venir)"), theme=where) if upcoming else where
        parts = [label(item.kind), label(item.triage)]
        if item.presenter is not None:
            parts.append(_t(_N("core", "présenté par {name}"), name=item.presenter.display_name))
        if item.proposal:
            parts.append(_t(_N("core", "proposition : {text}"), text=item.proposal))
        elif item.standard_answer:
            parts.append(_t(_N("core", "réponse : {text}"), text=item.standard_answer))
        events.append(
            TimelineEvent(
                meeting.held_on, TimelineKind.PRESENTATION, title, " — ".join(parts), item.id
            )
        )
        for decision in item.decisions:
            owner = decision.owner.display_name if decision.owner else "—"
            events.append(
                TimelineEvent(
                    meeting.held_on,
                    TimelineKind.DECISION,
                    decision.description,
                    _t(
                        _N("core", "responsable : {owner} — échéance : {due} — statut : {status}"),
                        owner=owner,
                        due=_d(decision.due_on),
                        status=label(decision.status),
                    ),
                    decision.id,
                )
            )
            if decision.status is DecisionStatus.DONE and decision.completed_on is not None:
                events.append(
                    TimelineEvent(
                        decision.completed_on,
                        TimelineKind.DECISION_DONE,
                        decision.description,
                        " — ".join(
                            filter(
                                None,
                                [
                                    decision.completion_note,
                                    decision.difference_reason
                                    and _t(
                                        _N("core", "écart à la proposition : {text}"),
                                        text=decision.difference_reason,
                                    ),
                                ],
                            )
                        ),
                        decision.id,
                    )
                )
    for plan, reviewed_on in plans:
        detail = (
            [_t(_N("core", "revu en séance du {date}"), date=_d(reviewed_on))]
            if reviewed_on
            else []
        )
        if plan.next_review_on:
            detail.append(
                _t(_N("core", "prochaine révision : {date}"), date=_d(plan.next_review_on))
            )
        events.append(
            TimelineEvent(
                plan.drawn_up_on,
                TimelineKind.CRISIS_PLAN,
                _t(_N("core", "Version {n}"), n=plan.version),
                " — ".join(detail),
                plan.id,
            )
        )
    for enrolment in enrolments:
        events.append(
            TimelineEvent(
                enrolment.inclusion_on,
                TimelineKind.USIPA_INCLUSION,
                translate(_N("core", "Inclusion")),
                " — ".join(
                    filter(
                        None,
                        [
                            _t(
                                _N("core", "{n} contact(s) prévu(s) par semaine"),
                                n=enrolment.planned_contacts_per_week,
                            ),
                            enrolment.inclusion_criteria,
                        ],
                    )
                ),
                enrolment.id,
            )
        )
        for contact in enrolment.contacts:
            events.append(
                TimelineEvent(
                    contact.contact_on,
                    TimelineKind.USIPA_CONTACT,
                    label(contact.kind),
                    " — ".join(
                        filter(
                            None,
                            [
                                contact.professional.display_name if contact.professional else None,
                                contact.note,
                            ],
                        )
                    ),
                    contact.id,
                )
            )
        if enrolment.exit_on is not None:
            events.append(
                TimelineEvent(
                    enrolment.exit_on,
                    TimelineKind.USIPA_EXIT,
                    _t(_N("core", "Sortie : {outcome}"), outcome=label(enrolment.exit_outcome)),
                    enrolment.exit_note or "",
                    enrolment.id,
                )
            )
    closures = set()
    for change in changes:
        if change.status is CaseStatus.CLOSED:
            closures.add(change.changed_on)
            events.append(
                TimelineEvent(
                    change.changed_on,
                    TimelineKind.CLOSED,
                    translate(_N("core", "Dossier clos")),
                    _t(_N("core", "Motif : {reason}"), reason=change.reason or ""),
                    change.id,
                )
            )
        else:
            events.append(
                TimelineEvent(
                    change.changed_on,
                    TimelineKind.STATUS,
                    _t(
                        _N("core", "{before} → {after}"),
                        before=label(change.previous_status) or "—",
                        after=label(change.status),
                    ),
                    change.reason or "",
                    change.id,
                )
            )
    if case.status is CaseStatus.CLOSED and case.closed_on not in closures:
        # A case closed before the status history existed (or by the demo generator).
        events.append(
            TimelineEvent(
                case.closed_on,
                TimelineKind.CLOSED,
                translate(_N("core", "Dossier clos")),
                _t(_N("core", "Motif : {reason}"), reason=case.closure_reason or ""),
                None,
            )
        )
    for attachment in attachments:
        events.append(
            TimelineEvent(
                attachment.added_at.date(),
                TimelineKind.ATTACHMENT,
                attachment.filename,
                " — ".join(filter(None, [attachment.description, attachment.added_by])),
                attachment.id,
            )
        )
    return events


def tnd_events(s: Session, case_id: int) -> list[TimelineEvent]:
    """The dated steps of a TND case's pathway."""
    events: list[TimelineEvent] = []

    def add(day: dt.date | None, title: str, detail: str, ref: int) -> None:
        if day is not None:
            events.append(TimelineEvent(day, TimelineKind.TND, title, detail, ref))

    follow_up = s.scalar(select(TndFollowUp).where(TndFollowUp.case_id == case_id))
    if follow_up is not None:
        f, ref = follow_up, follow_up.id
        add(f.first_concern_on, translate(_N("core", "Premier repérage")), "", ref)
        add(f.pco_referred_on, translate(_N("core", "Adressage à la PCO")), f.pco_name or "", ref)
        add(f.pco_accepted_on, translate(_N("core", "Validation par la PCO")), "", ref)
        add(f.pco_ended_on, translate(_N("core", "Fin du forfait PCO")), "", ref)
        add(f.mdph_filed_on, translate(_N("core", "Dossier MDPH déposé")), "", ref)
        add(
            f.mdph_decision_on,
            _t(_N("core", "Décision MDPH : {status}"), status=label(f.mdph_status)),
            f.mdph_note or "",
            ref,
        )
    for rep in s.scalars(select(TndRepresentative).where(TndRepresentative.case_id == case_id)):
        if rep.consent is not TndConsent.PENDING:
            add(
                rep.consent_on,
                _t(_N("core", "Consentement : {answer}"), answer=label(rep.consent)),
                _t(
                    _N("core", "{name} ({relationship})"),
                    name=rep.name,
                    relationship=label(rep.relationship_to_child),
                ),
                rep.id,
            )
    steps = s.scalars(
        select(TndStep)
        .where(TndStep.case_id == case_id)
        .options(selectinload(TndStep.professional))
    )
    for step in steps:
        what = _t(
            _N("core", "{kind} — {discipline}"),
            kind=label(step.kind),
            discipline=label(step.discipline),
        )
        for day, moment in (
            (step.prescribed_on, _N("core", "prescription")),
            (step.started_on, _N("core", "début")),
            (step.ended_on, _N("core", "fin")),
        ):
            detail = " — ".join(filter(None, [translate(moment), step.provider, step.note]))
            add(day, what, detail, step.id)
    return events
