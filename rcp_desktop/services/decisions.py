"""Decisions / actions of the PPS: taken at an agenda item (what, owner, due date), followed
until done or cancelled, with — HAS practice — whether what was done differs from the
proposal, and why.

While a session's minutes are not validated, everything about its decisions can change. Once
they are validated, what was decided is locked; only the follow-up (status, completion date and
note, difference from the proposal) goes on being recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy.orm import Session, selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import AgendaItem, Decision, DecisionStatus, Meeting, MeetingStatus
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import ConflictError, RefusedError
from rcp_desktop.services.meetings import LOCKED_MESSAGE, active_professional
from rcp_desktop.services.validation import Validator

DECIDED_FIELDS = ("description", "owner_id", "due_on")
FOLLOW_UP_FIELDS = (
    "status",
    "completed_on",
    "completion_note",
    "differs_from_proposal",
    "difference_reason",
)
FIELD_CONFLICT = _N(
    "core",
    "Cette décision a été modifiée entre-temps dans une autre fenêtre. Rien n'a été écrasé : "
    "rechargez-la.",
)


@dataclass
class DecisionDraft:
    description: str = ""
    owner_id: int | None = None
    due_on: dt.date | None = None
    status: DecisionStatus = DecisionStatus.TODO
    completed_on: dt.date | None = None
    completion_note: str | None = None
    differs_from_proposal: bool | None = None
    difference_reason: str | None = None

    @classmethod
    def of(cls, decision: Decision) -> DecisionDraft:
        return cls(**{f.name: getattr(decision, f.name) for f in fields(cls)})


def _check_due(v: Validator, due_on: dt.date | None, meeting: Meeting) -> None:
    if due_on is not None and due_on < meeting.held_on:
        v.add(
            "due_on",
            _N("core", "L'échéance ne peut pas précéder la séance ({date})."),
            date=fr_date(meeting.held_on),
        )


def clean_decision(
    s: Session, draft: DecisionDraft, meeting: Meeting, today: dt.date, current: Decision | None
) -> dict:
    v = Validator()
    values = {
        "description": v.required_text("description", draft.description, max_length=5000),
        "owner_id": draft.owner_id,
        "due_on": draft.due_on,
        "status": DecisionStatus(draft.status or DecisionStatus.TODO),
        "completed_on": draft.completed_on,
        "completion_note": v.optional_text(
            "completion_note", draft.completion_note, max_length=20_000
        ),
        "differs_from_proposal": draft.differs_from_proposal,
        "difference_reason": v.optional_text(
            "difference_reason", draft.difference_reason, max_length=20_000
        ),
    }
    if current is None or current.owner_id != draft.owner_id:
        active_professional(s, v, "owner_id", draft.owner_id)
    if current is None or current.due_on != draft.due_on:
        _check_due(v, draft.due_on, meeting)
    _check_follow_up(v, values, meeting, today)
    v.raise_if_any()
    return values


def _check_follow_up(v: Validator, values: dict, meeting: Meeting, today: dt.date) -> None:
    if values["status"] is DecisionStatus.DONE:
        if values["completed_on"] is None:
            v.add("completed_on", _N("core", "Indiquez la date de réalisation."))
    else:
        values["completed_on"] = None
    if values["status"] is DecisionStatus.CANCELLED and not values["completion_note"]:
        v.add("completion_note", _N("core", "Indiquez pourquoi l'action est annulée."))
    done = values["completed_on"]
    if done is not None:
        if done > today:
            v.add(
                "completed_on", _N("core", "La date de réalisation ne peut pas être dans le futur.")
            )
        elif done < meeting.held_on:
            v.add(
                "completed_on",
                _N("core", "La date de réalisation ne peut pas précéder la séance ({date})."),
                date=fr_date(meeting.held_on),
            )
    if values["differs_from_proposal"] and not values["difference_reason"]:
        v.add(
            "difference_reason",
            _N(
                "core", "Expliquez en quoi et pourquoi ce qui a été fait diffère de la proposition."
            ),
        )
    if not values["differs_from_proposal"]:
        values["difference_reason"] = None


class DecisionService(ServiceBase):
    def get(self, decision_id: int) -> Decision:
        with self._read() as s:
            return self._get(
                s,
                Decision,
                decision_id,
                options=(
                    selectinload(Decision.owner),
                    selectinload(Decision.item).selectinload(AgendaItem.meeting),
                    selectinload(Decision.item).selectinload(AgendaItem.case),
                ),
            )

    def _item_meeting(self, s: Session, item_id: int) -> tuple[AgendaItem, Meeting]:
        item = self._get(s, AgendaItem, item_id)
        return item, self._get(s, Meeting, item.meeting_id)

    @staticmethod
    def _ensure_decidable(meeting: Meeting) -> None:
        if meeting.status is MeetingStatus.VALIDATED:
            raise RefusedError(LOCKED_MESSAGE)
        if meeting.status is MeetingStatus.PLANNED:
            raise RefusedError(
                _N("core", "Les décisions se prennent pendant la séance : démarrez-la d'abord.")
            )

    def create(self, item_id: int, draft: DecisionDraft) -> Decision:
        with self._write() as s:
            item, meeting = self._item_meeting(s, item_id)
            self._ensure_decidable(meeting)
            values = clean_decision(s, draft, meeting, self.ctx.today(), None)
            decision = Decision(item_id=item.id, **values)
            s.add(decision)
        return decision

    def update(
        self, decision_id: int, draft: DecisionDraft, *, expected_version: int | None = None
    ) -> Decision:
        """Change a decision. After validation, only its follow-up may change."""
        with self._write() as s:
            decision = self._get(s, Decision, decision_id, expected_version)
            _item, meeting = self._item_meeting(s, decision.item_id)
            values = clean_decision(s, draft, meeting, self.ctx.today(), decision)
            if meeting.status is MeetingStatus.VALIDATED and any(
                values[name] != getattr(decision, name) for name in DECIDED_FIELDS
            ):
                raise RefusedError(LOCKED_MESSAGE)
            for key, value in values.items():
                if getattr(decision, key) != value:
                    setattr(decision, key, value)
        return decision

    def set_field(
        self, decision_id: int, name: str, value, *, expected_version: int | None, previous
    ) -> Decision:
        """Autosave of one decided field (description, owner, due date) as it is typed.
        Optimistic like :meth:`AgendaService.save_text`: a newer version is accepted only if
        this field still holds *previous*."""
        if name not in DECIDED_FIELDS:
            raise ValueError(name)
        with self._write() as s:
            decision = self._get(s, Decision, decision_id)
            _item, meeting = self._item_meeting(s, decision.item_id)
            self._ensure_decidable(meeting)
            if expected_version is not None and decision.version != expected_version:
                if getattr(decision, name) != previous:
                    raise ConflictError(FIELD_CONFLICT)
            v = Validator()
            if name == "description":
                value = v.required_text("description", value, max_length=5000)
            elif name == "owner_id":
                active_professional(s, v, "owner_id", value)
            else:
                _check_due(v, value, meeting)
            v.raise_if_any()
            if getattr(decision, name) != value:
                setattr(decision, name, value)
        return decision

    def set_deviation(
        self,
        decision_id: int,
        reason: str | None,
        *,
        expected_version: int | None = None,
        previous: str | None = None,
    ) -> Decision:
        """Autosave of the difference from the proposal (HAS practice: what was done differs
        from what the conference proposed, and why): a reason marks the decision as
        differing, no reason (None or blank) clears it. Follow-up, so still recorded once the
        minutes are validated. Optimistic like :meth:`set_field` (*previous*: the reason last
        read)."""
        v = Validator()
        clean = v.optional_text("difference_reason", reason, max_length=20_000)
        v.raise_if_any()
        with self._write() as s:
            decision = self._get(s, Decision, decision_id)
            if expected_version is not None and decision.version != expected_version:
                if (decision.difference_reason or None) != ((previous or "").strip() or None):
                    raise ConflictError(FIELD_CONFLICT)
            differs = True if clean else None
            if decision.differs_from_proposal != differs:
                decision.differs_from_proposal = differs
            if decision.difference_reason != clean:
                decision.difference_reason = clean
        return decision

    def delete(self, decision_id: int, *, expected_version: int | None = None) -> None:
        with self._write() as s:
            decision = self._get(s, Decision, decision_id, expected_version)
            _item, meeting = self._item_meeting(s, decision.item_id)
            self._ensure_decidable(meeting)
            s.delete(decision)

    def set_status(
        self,
        decision_id: int,
        status: DecisionStatus,
        *,
        completed_on: dt.date | None = None,
        note: str | None = None,
        differs_from_proposal: bool | None = None,
        difference_reason: str | None = None,
        expected_version: int | None = None,
    ) -> Decision:
        """Follow-up: mark done (with its date), in progress, cancelled, or to do again."""
        with self._write() as s:
            decision = self._get(s, Decision, decision_id, expected_version)
            _item, meeting = self._item_meeting(s, decision.item_id)
            v = Validator()
            values = {
                "status": DecisionStatus(status),
                "completed_on": completed_on,
                "completion_note": v.optional_text("completion_note", note, max_length=20_000)
                if note is not None
                else decision.completion_note,
                "differs_from_proposal": differs_from_proposal,
                "difference_reason": v.optional_text(
                    "difference_reason", difference_reason, max_length=20_000
                ),
            }
            _check_follow_up(v, values, meeting, self.ctx.today())
            v.raise_if_any()
            for key, value in values.items():
                if getattr(decision, key) != value:
                    setattr(decision, key, value)
        return decision

    def mark_done(
        self,
        decision_id: int,
        *,
        completed_on: dt.date | None,
        note: str | None = None,
        differs_from_proposal: bool = False,
        difference_reason: str | None = None,
        expected_version: int | None = None,
    ) -> Decision:
        return self.set_status(
            decision_id,
            DecisionStatus.DONE,
            completed_on=completed_on,
            note=note,
            differs_from_proposal=differs_from_proposal,
            difference_reason=difference_reason,
            expected_version=expected_version,
        )
