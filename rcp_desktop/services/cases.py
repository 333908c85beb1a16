"""Case files (dossiers): open, edit, change status / close, list; each case's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

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
    Pathway,
    Patient,
    Professional,
    UsipaContact,
    UsipaEnrolment,
    label,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator

MAX_CASE_TEXT = 20_000
MAX_CLOSURE_REASON = 5000
CLOSURE_REASON_SUGGESTIONS = [
    _N("core", "Situation stabilisée"),
    _N("core", "Objectifs atteints"),
    _N("core", "Relais pris par le CMP"),
    _N("core", "Relais pris par un autre dispositif"),
    _N("core", "Déménagement hors territoire"),
    _N("core", "Entrée en EHPAD"),
    _N("core", "Refus du patient de poursuivre"),
    _N("core", "Décès"),
]


@dataclass
class CaseDraft:
    patient_id: int | None = None
    referrer_id: int | None = None
    pathway: Pathway | None = None
    opened_on: dt.date | None = None
    referral_reason: str = ""
    question: str = ""
    synthesis_organic: str | None = None
    synthesis_psychic: str | None = None
    synthesis_social: str | None = None
    next_review_on: dt.date | None = None

    @classmethod
    def of(cls, case: CaseFile) -> CaseDraft:
        return cls(**{f.name: getattr(case, f.name) for f in fields(cls)})


def clean_case(draft: CaseDraft, today: dt.date) -> dict:
    v = Validator()
    values = {
        "patient_id": v.required("patient_id", draft.patient_id),
        "referrer_id": draft.referrer_id,
        "pathway": v.required("pathway", draft.pathway),
        "opened_on": v.required("opened_on", draft.opened_on),
        "referral_reason": v.required_text(
            "referral_reason", draft.referral_reason, max_length=MAX_CASE_TEXT
        ),
        "question": v.required_text("question", draft.question, max_length=MAX_CASE_TEXT),
        "synthesis_organic": v.optional_text(
            "synthesis_organic", draft.synthesis_organic, max_length=MAX_CASE_TEXT
        ),
        "synthesis_psychic": v.optional_text(
            "synthesis_psychic", draft.synthesis_psychic, max_length=MAX_CASE_TEXT
        ),
        "synthesis_social": v.optional_text(
            "synthesis_social", draft.synthesis_social, max_length=MAX_CASE_TEXT
        ),
        "next_review_on": draft.next_review_on,
    }
    v.date_not_after(
        "opened_on",
        draft.opened_on,
        today,
        _N("core", "La date d'ouverture ne peut pas être dans le futur."),
    )
    v.date_order(
        "next_review_on",
        draft.opened_on,
        draft.next_review_on,
        _N("core", "La prochaine révision ne peut pas précéder l'ouverture du dossier."),
    )
    v.raise_if_any()
    return values


class CaseService(ServiceBase):
    def list(
        self,
        *,
        patient_id: int | None = None,
        statuses: tuple[CaseStatus, ...] | None = None,
        pathway: Pathway | None = None,
    ) -> list[CaseFile]:
        stmt = (
            select(CaseFile)
            .options(selectinload(CaseFile.patient), selectinload(CaseFile.referrer))
            .order_by(CaseFile.opened_on.desc(), CaseFile.id.desc())
        )
        if patient_id is not None:
            stmt = stmt.where(CaseFile.patient_id == patient_id)
        if statuses:
            stmt = stmt.where(CaseFile.status.in_(statuses))
        if pathway is not None:
            stmt = stmt.where(CaseFile.pathway == pathway)
        with self._read() as s:
            return list(s.scalars(stmt))

    def get(self, case_id: int) -> CaseFile:
        with self._read() as s:
            return self._get(
                s,
                CaseFile,
                case_id,
                options=(selectinload(CaseFile.patient), selectinload(CaseFile.referrer)),
            )

    def next_number(self, session, year: int) -> str:
        prefix = f"{year}-"
        last = session.scalar(
            select(func.max(CaseFile.number)).where(CaseFile.number.like(prefix + "%"))
        )
        seq = int(last.split("-")[1]) + 1 if last else 1
        return f"{prefix}{seq:04d}"

    @staticmethod
    def _check_links(session, values: dict) -> None:
        patient = ServiceBase._get(session, Patient, values["patient_id"])
        v = Validator()
        if values["opened_on"] < patient.birth_date:
            v.add(
                "opened_on",
                _N("core", "La date d'ouverture ne peut pas précéder la naissance du patient."),
            )
        if (
            values["referrer_id"] is not None
            and session.get(Professional, values["referrer_id"]) is None
        ):
            v.add("referrer_id", _N("core", "Ce professionnel n'est plus dans l'annuaire."))
        v.raise_if_any()

    def create(self, draft: CaseDraft) -> CaseFile:
        values = clean_case(draft, self.ctx.today())
        with self._write() as s:
            self._check_links(s, values)
            case = CaseFile(number=self.next_number(s, values["opened_on"].year), **values)
            s.add(case)
        return self.get(case.id)

    def update(
        self, case_id: int, draft: CaseDraft, *, expected_version: int | None = None
    ) -> CaseFile:
        values = clean_case(draft, self.ctx.today())
        with self._write() as s:
            case = self._get(s, CaseFile, case_id, expected_version)
            if values["patient_id"] != case.patient_id:
                raise RefusedError(_N("core", "Un dossier ne change pas de patient."))
            self._check_links(s, values)
            if case.closed_on is not None and values["opened_on"] > case.closed_on:
                v = Validator()
                v.add(
                    "opened_on",
                    _N("core", "La date d'ouverture ne peut pas suivre la clôture du dossier."),
                )
                v.raise_if_any()
            for key, value in values.items():
                setattr(case, key, value)
        return self.get(case_id)

    def set_status(
        self,
        case_id: int,
        status: CaseStatus,
        *,
        reason: str | None = None,
        on: dt.date | None = None,
        expected_version: int | None = None,
    ) -> CaseFile:
        """Move a case to *status* on *on* (today by default). Closing needs a reason and a
        date neither in the future nor before the opening; reopening clears the closure. Each
        change is kept (dated) for the timeline."""
        today = self.ctx.today()
        v = Validator()
        on = on or today
        v.date_not_after(
            "closed_on", on, today, _N("core", "La date ne peut pas être dans le futur.")
        )
        if status is CaseStatus.CLOSED:
            reason = v.required_text("closure_reason", reason, max_length=MAX_CLOSURE_REASON)
        else:
            reason = v.optional_text("closure_reason", reason, max_length=MAX_CLOSURE_REASON)
        v.raise_if_any()
        with self._write() as s:
            case = self._get(s, CaseFile, case_id, expected_version)
            if case.status is status:
                raise RefusedError(_N("core", "Le dossier a déjà ce statut."))
            if on < case.opened_on:
                v.add(
                    "closed_on",
                    _N("core", "La clôture ne peut pas précéder l'ouverture du dossier ({date}).")
                    if status is CaseStatus.CLOSED
                    else _N(
                        "core", "La date ne peut pas précéder l'ouverture du dossier ({date})."
                    ),
                    date=fr_date(case.opened_on),
                )
                v.raise_if_any()
            previous = case.status
            if status is CaseStatus.CLOSED:
                case.closed_on, case.closure_reason = on, reason
                case.next_review_on = None
            else:
                case.closed_on, case.closure_reason = None, None
            case.status = status
            s.add(
                CaseStatusChange(
                    case_id=case.id,
                    status=status,
                    previous_status=previous,
                    changed_on=on,
                    reason=reason,
                    recorded_by=self.ctx.actor.operator,
                    recorded_at=self.ctx.now(),
                )
            )
        return self.get(case_id)

    def presentations(self, case_id: int) -> list[AgendaItem]:
        """Every agenda item of the case, oldest first, with meeting and decisions loaded."""
        stmt = (
            select(AgendaItem)
            .join(Meeting)
            .where(AgendaItem.case_id == case_id)
            .options(selectinload(AgendaItem.meeting), selectinload(AgendaItem.decisions))
            .order_by(Meeting.held_on, Meeting.start_time)
        )
        with self._read() as s:
            return list(s.scalars(stmt))

    # --- timeline -------------------------------------------------------------------------------

    def timeline(
        self,
        case_id: int,
        *,
        newest_first: bool = True,
        kinds: frozenset[TimelineKind] | None = None,
    ) -> list[TimelineEvent]:
        """Every dated event of a case: opening, presentations at sessions, decisions taken
        and done, crisis-plan versions, USIPA inclusion / contacts / exit, status changes and
        closure, attachments added; newest (or oldest) first, optionally only *kinds*."""
        with self._read() as s:
            case = self._get(s, CaseFile, case_id)
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
            changes = list(
                s.scalars(select(CaseStatusChange).where(CaseStatusChange.case_id == case_id))
            )
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
                    .options(
                        selectinload(UsipaEnrolment.contacts).selectinload(
                            UsipaContact.professional
                        )
                    )
                )
            )
            attachments = list(s.scalars(select(Attachment).where(Attachment.case_id == case_id)))
        events = _timeline_events(
            case, items, changes, plans, enrolments, attachments, self.ctx.today()
        )
        if kinds is not None:
            events = [e for e in events if e.kind in kinds]
        events.sort(key=lambda e: (e.on, _RANK[e.kind], e.ref_id or 0), reverse=newest_first)
        return events


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


def _d(day: dt.date | None) -> str:
    return fr_date(day) or "—"


def _t(template: str, **params: object) -> str:
    return translate(template).format(**params)


def _timeline_events(
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
