"""AgendaService: the agenda of a session — reading it (items, timing, an item's context), the
cases it proposes (:mod:`.proposals`), adding cases (consent required), triage, order, and what
the live meeting writes on an item (notes, proposal, next review date, start / end, quorum)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

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
    CrisisPlanContact,
    CrisisPlanVersion,
    Decision,
    ItemKind,
    Meeting,
    MeetingStatus,
    Triage,
)
from rcp_desktop.services.agenda.proposals import Proposal, proposals_for
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import ConflictError, RefusedError
from rcp_desktop.services.meetings import active_professional, ensure_unlocked
from rcp_desktop.services.quorum import quorum_in_session
from rcp_desktop.services.validation import Validator

DEFAULT_MINUTES = 15
NO_CONSENT_MESSAGE = _N(
    "core",
    "Dossier {number} : inscription refusée. Règle : un dossier ne peut être présenté en RCP "
    "qu'avec le consentement du patient au partage d'informations, en cours à la date de la "
    "séance, ou une exception motivée enregistrée (art. L1110-4 du code de la santé publique). "
    "Enregistrez le consentement dans le dossier du patient.",
)
TEXT_CONFLICT = _N(
    "core",
    "Ce texte a été modifié entre-temps dans une autre fenêtre. Rien n'a été écrasé : "
    "rechargez le dossier, votre saisie reste affichée pour être recopiée.",
)
_UNSET = object()
EDITABLE_TEXTS = ("discussion_notes", "proposal", "standard_answer", "question")


@dataclass
class ItemDraft:
    kind: ItemKind | None = None  # None: follow-up if already presented, else new
    presenter_id: int | None = None
    planned_minutes: int = DEFAULT_MINUTES
    question: str | None = None  # None: the case's question
    triage: Triage = Triage.FULL_DISCUSSION
    standard_answer: str | None = None

    @classmethod
    def of(cls, item: AgendaItem) -> ItemDraft:
        return cls(**{f.name: getattr(item, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class AgendaTiming:
    planned_minutes: int
    session_minutes: int

    @property
    def overrun(self) -> int:
        return max(0, self.planned_minutes - self.session_minutes)

    @property
    def message(self) -> str:
        text = translate(
            _N("core", "Temps prévu : {planned} min sur {session} min de séance.")
        ).format(planned=self.planned_minutes, session=self.session_minutes)
        if self.overrun:
            text += " " + translate(
                _N(
                    "core",
                    "L'ordre du jour dépasse la séance de {n} min : triez ou reportez des dossiers.",
                )
            ).format(n=self.overrun)
        return text


@dataclass(frozen=True)
class ItemContext:
    """What the live meeting shows for one item."""

    item: AgendaItem
    meeting: Meeting
    open_actions: list[Decision] = field(default_factory=list)  # from earlier presentations
    crisis_plan: CrisisPlanVersion | None = None
    previous_presentations: int = 0


def consent_covers(session: Session, patient_id: int, day: dt.date) -> bool:
    consents = session.scalars(select(Consent).where(Consent.patient_id == patient_id))
    return any(c.is_active_on(day) for c in consents)


def timing_of(meeting: Meeting) -> AgendaTiming:
    return AgendaTiming(sum(i.planned_minutes for i in meeting.items), meeting.duration_minutes)


class AgendaService(ServiceBase):
    # --- reading -------------------------------------------------------------------------------

    def items(self, meeting_id: int) -> list[AgendaItem]:
        with self._read() as s:
            return list(
                s.scalars(
                    select(AgendaItem)
                    .where(AgendaItem.meeting_id == meeting_id)
                    .options(*self._item_options())
                    .order_by(AgendaItem.position, AgendaItem.id)
                )
            )

    def get_item(self, item_id: int) -> AgendaItem:
        with self._read() as s:
            return self._get(s, AgendaItem, item_id, options=self._item_options())

    @staticmethod
    def _item_options() -> tuple:
        return (
            selectinload(AgendaItem.case).selectinload(CaseFile.patient),
            selectinload(AgendaItem.presenter),
            selectinload(AgendaItem.meeting),
            selectinload(AgendaItem.decisions).selectinload(Decision.owner),
        )

    def timing(self, meeting_id: int) -> AgendaTiming:
        with self._read() as s:
            meeting = self._get(s, Meeting, meeting_id, options=(selectinload(Meeting.items),))
            return timing_of(meeting)

    def context(self, item_id: int) -> ItemContext:
        """The item with its case, the case's open actions from earlier presentations and its
        latest crisis-anticipation plan."""
        with self._read() as s:
            item = self._get(s, AgendaItem, item_id, options=self._item_options())
            meeting = item.meeting
            actions = list(
                s.scalars(
                    select(Decision)
                    .join(AgendaItem, Decision.item_id == AgendaItem.id)
                    .where(
                        AgendaItem.case_id == item.case_id,
                        AgendaItem.id != item.id,
                        Decision.status.in_(OPEN_DECISION_STATUSES),
                    )
                    .options(
                        selectinload(Decision.owner),
                        selectinload(Decision.item).selectinload(AgendaItem.meeting),
                    )
                    .order_by(Decision.due_on.is_(None), Decision.due_on, Decision.id)
                )
            )
            plan = s.scalar(
                select(CrisisPlanVersion)
                .where(CrisisPlanVersion.case_id == item.case_id)
                .options(
                    selectinload(CrisisPlanVersion.contacts).selectinload(
                        CrisisPlanContact.professional
                    )
                )
                .order_by(CrisisPlanVersion.version.desc())
                .limit(1)
            )
            previous = len(
                s.scalars(
                    select(AgendaItem.id)
                    .join(Meeting, AgendaItem.meeting_id == Meeting.id)
                    .where(AgendaItem.case_id == item.case_id, Meeting.held_on < meeting.held_on)
                ).all()
            )
            return ItemContext(item, meeting, actions, plan, previous)

    def propose(self, meeting_id: int) -> list[Proposal]:
        """Cases the agenda proposes: next review date on or before the session, or open
        actions overdue at the session date. Closed cases and cases already on the agenda are
        left out; a session with a pathway only proposes that pathway's cases."""
        with self._read() as s:
            meeting = self._get(s, Meeting, meeting_id, options=(selectinload(Meeting.items),))
            return proposals_for(s, meeting)

    # --- agenda changes ----------------------------------------------------------------------

    def _meeting_for_change(self, s: Session, meeting_id: int) -> Meeting:
        meeting = self._get(s, Meeting, meeting_id, options=(selectinload(Meeting.items),))
        ensure_unlocked(meeting)
        return meeting

    def add_case(self, meeting_id: int, case_id: int, draft: ItemDraft | None = None) -> AgendaItem:
        (item,) = self.add_cases(meeting_id, [case_id], draft)
        return item

    def add_cases(
        self, meeting_id: int, case_ids: Sequence[int], draft: ItemDraft | None = None
    ) -> list[AgendaItem]:
        """Put cases on the agenda, at the end, all or none. Refused without an active consent
        (or a recorded exception) on the session date, for a closed case, or twice."""
        draft = draft or ItemDraft()
        added: list[AgendaItem] = []
        with self._write() as s:
            meeting = self._meeting_for_change(s, meeting_id)
            position = max((i.position for i in meeting.items), default=0)
            present = {i.case_id for i in meeting.items}
            for case_id in dict.fromkeys(case_ids):
                case = self._get(s, CaseFile, case_id)
                if case_id in present:
                    raise RefusedError(
                        _N(
                            "core",
                            "Le dossier {number} est déjà à l'ordre du jour de cette séance.",
                        ),
                        number=case.number,
                    )
                if case.status is CaseStatus.CLOSED:
                    raise RefusedError(
                        _N(
                            "core", "Le dossier {number} est clos : rouvrez-le avant de l'inscrire."
                        ),
                        number=case.number,
                    )
                if not consent_covers(s, case.patient_id, meeting.held_on):
                    raise RefusedError(NO_CONSENT_MESSAGE, number=case.number)
                kind = ItemKind(draft.kind) if draft.kind else None
                if kind is None:
                    earlier = s.scalar(
                        select(AgendaItem.id)
                        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
                        .where(AgendaItem.case_id == case_id, Meeting.held_on <= meeting.held_on)
                        .limit(1)
                    )
                    kind = ItemKind.FOLLOW_UP if earlier is not None else ItemKind.NEW
                values = self._clean_item(s, draft, None)
                if values["question"] is None:
                    values["question"] = case.question
                values["kind"] = kind
                position += 1
                item = AgendaItem(case_id=case_id, position=position, **values)
                meeting.items.append(item)
                present.add(case_id)
                added.append(item)
        return added

    @staticmethod
    def _clean_item(s: Session, draft: ItemDraft, current: AgendaItem | None) -> dict:
        v = Validator()
        values = {
            "presenter_id": draft.presenter_id,
            "planned_minutes": draft.planned_minutes,
            "question": v.optional_text("question", draft.question, max_length=20_000),
            "triage": Triage(draft.triage or Triage.FULL_DISCUSSION),
            "standard_answer": v.optional_text(
                "standard_answer", draft.standard_answer, max_length=20_000
            ),
        }
        if draft.kind is not None:
            values["kind"] = ItemKind(draft.kind)
        v.int_range("planned_minutes", draft.planned_minutes, 1, 240)
        if values["triage"] is Triage.LISTED and not values["standard_answer"]:
            v.add(
                "standard_answer",
                _N(
                    "core",
                    "Un dossier listé, non discuté, garde une trace : indiquez la réponse standard.",
                ),
            )
        if current is None or current.presenter_id != draft.presenter_id:
            active_professional(s, v, "presenter_id", draft.presenter_id)
        v.raise_if_any()
        return values

    def update_item(
        self, item_id: int, draft: ItemDraft, *, expected_version: int | None = None
    ) -> AgendaItem:
        with self._write() as s:
            item = self._get(s, AgendaItem, item_id, expected_version)
            ensure_unlocked(self._get(s, Meeting, item.meeting_id))
            values = self._clean_item(s, draft, item)
            for key, value in values.items():
                if getattr(item, key) != value:
                    setattr(item, key, value)
        return item

    def remove_item(self, item_id: int, *, expected_version: int | None = None) -> None:
        with self._write() as s:
            item = self._get(s, AgendaItem, item_id, expected_version)
            meeting = self._meeting_for_change(s, item.meeting_id)
            if item.decisions:
                raise RefusedError(
                    _N(
                        "core",
                        "Ce dossier porte des décisions : il ne peut plus être retiré de l'ordre du jour.",
                    )
                )
            meeting.items.remove(item)
            for position, other in enumerate(sorted(meeting.items, key=lambda i: i.position), 1):
                if other.position != position:
                    other.position = position

    def reorder(self, meeting_id: int, item_ids: Sequence[int]) -> list[AgendaItem]:
        """Set the agenda order to *item_ids* (every item of the session, once)."""
        with self._write() as s:
            meeting = self._meeting_for_change(s, meeting_id)
            by_id = {i.id: i for i in meeting.items}
            if sorted(item_ids) != sorted(by_id):
                raise ConflictError(
                    _N(
                        "core",
                        "L'ordre du jour a changé entre-temps (autre fenêtre ?) : rechargez-le.",
                    )
                )
            for position, item_id in enumerate(item_ids, 1):
                if by_id[item_id].position != position:
                    by_id[item_id].position = position
            return [by_id[i] for i in item_ids]

    # --- the live meeting --------------------------------------------------------------------

    def save_text(
        self,
        item_id: int,
        name: str,
        text: str | None,
        *,
        expected_version: int | None,
        previous: str | None,
    ) -> AgendaItem:
        """Store a text of the item as typed (autosave). Optimistic: if the item changed since
        *expected_version*, the save goes on only when this text itself is still *previous*
        (someone changed something else, e.g. the order); otherwise ConflictError, nothing
        overwritten."""
        if name not in EDITABLE_TEXTS:
            raise ValueError(name)
        v = Validator()
        clean = v.optional_text(name, text)
        v.raise_if_any()
        with self._write() as s:
            item = self._get(s, AgendaItem, item_id)
            ensure_unlocked(self._get(s, Meeting, item.meeting_id))
            if expected_version is not None and item.version != expected_version:
                if (getattr(item, name) or None) != ((previous or "").strip() or None):
                    raise ConflictError(TEXT_CONFLICT)
            if getattr(item, name) != clean:
                setattr(item, name, clean)
        return item

    def set_next_review(
        self,
        item_id: int,
        day: dt.date | None,
        *,
        expected_version: int | None = None,
        previous: object = _UNSET,
    ) -> AgendaItem:
        """The case's next review date, decided at this item; it updates the case file.
        Optimistic on *expected_version*; with *previous*, a newer version is accepted if the
        date itself is still *previous* (as :meth:`save_text`)."""
        with self._write() as s:
            item = self._get(s, AgendaItem, item_id)
            if expected_version is not None and item.version != expected_version:
                if previous is _UNSET or item.next_review_on != previous:
                    self._get(s, AgendaItem, item_id, expected_version)  # raises ConflictError
            meeting = self._get(s, Meeting, item.meeting_id)
            ensure_unlocked(meeting)
            if day is not None and day <= meeting.held_on:
                v = Validator()
                v.add(
                    "next_review_on",
                    _N("core", "La prochaine révision doit être postérieure à la séance ({date})."),
                    date=fr_date(meeting.held_on),
                )
                v.raise_if_any()
            case = self._get(s, CaseFile, item.case_id)
            previous = item.next_review_on
            item.next_review_on = day
            if day is not None:
                if case.next_review_on != day:
                    case.next_review_on = day
            elif case.next_review_on == previous:
                case.next_review_on = None
        return item

    def enter_item(self, item_id: int) -> AgendaItem:
        """The live meeting reaches this item: its start time and the quorum are recorded."""
        with self._write() as s:
            item = self._get(s, AgendaItem, item_id)
            meeting = self._get(s, Meeting, item.meeting_id)
            ensure_unlocked(meeting)
            if meeting.status is not MeetingStatus.IN_PROGRESS:
                raise RefusedError(
                    _N("core", "Démarrez la séance pour passer les dossiers en revue.")
                )
            quorum = quorum_in_session(s, meeting.id).met
            if item.started_at is None:
                item.started_at = self.ctx.now()
                item.quorum_met = quorum
            elif not quorum and item.quorum_met:
                item.quorum_met = False
            if item.ended_at is not None:
                item.ended_at = None
        return item

    def leave_item(self, item_id: int) -> AgendaItem:
        """The live meeting leaves this item: its end time and quorum are recorded."""
        with self._write() as s:
            item = self._get(s, AgendaItem, item_id)
            meeting = self._get(s, Meeting, item.meeting_id)
            ensure_unlocked(meeting)
            if item.started_at is None or meeting.status is not MeetingStatus.IN_PROGRESS:
                return item
            quorum = quorum_in_session(s, meeting.id).met
            item.ended_at = self.ctx.now()
            met = bool(item.quorum_met) and quorum
            if item.quorum_met != met:
                item.quorum_met = met
        return item
