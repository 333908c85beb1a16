"""Crisis-anticipation plans (plans de crise conjoints): versions, contacts, comparison.

A case's plan is a series of dated versions. A version, once written, is history: it is never
edited. A new version starts from a copy of the latest one (:meth:`CrisisPlanService.new_draft`)
and is written whole by :meth:`CrisisPlanService.create_version`. Contacts (trusted persons,
professionals to call) are kept in the order in which they are to be called.

:meth:`CrisisPlanService.compare` tells, field by field and contact by contact, what changed
between two versions of the same plan; free texts come with a word-level difference.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field, fields

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    AgendaItem,
    CaseFile,
    CaseStatus,
    CrisisContactKind,
    CrisisPlanContact,
    CrisisPlanVersion,
    Meeting,
    Professional,
    label,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator

MAX_PLAN_TEXT = 20_000
MAX_WHEN_TO_CALL = 20_000

# The plan's free-text fields, in reading order, with their French labels.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("early_warning_signs", _N("core", "Signes d'alerte précoces")),
    ("triggers", _N("core", "Facteurs déclenchants")),
    ("protective_factors", _N("core", "Facteurs de protection")),
    ("what_helps", _N("core", "Ce qui aide")),
    ("what_to_avoid", _N("core", "Ce qu'il faut éviter")),
    ("treatment_preferences", _N("core", "Préférences de traitement")),
    ("treatments_to_avoid", _N("core", "Traitements à éviter (et pourquoi)")),
    ("practical_arrangements", _N("core", "Dispositions pratiques")),
)
TEXT_FIELD_NAMES = tuple(name for name, _label in TEXT_FIELDS)
# The labels by field name: the one home of the plan's labels (case panel, live screen, documents).
FIELD_LABELS: dict[str, str] = dict(TEXT_FIELDS)
NEXT_REVIEW_LABEL = _N("core", "Prochaine révision")

CONTACT_FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", _N("core", "Type")),
    ("role", _N("core", "Rôle / lien")),
    ("phone", _N("core", "Téléphone")),
    ("when_to_call", _N("core", "Quand appeler")),
)
CONTACT_LABELS: dict[str, str] = dict(CONTACT_FIELDS)

# --- phone numbers -----------------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"^\+?[0-9 .\-()/]+$")


def phone_is_plausible(phone: str) -> bool:
    """A French number (10 digits from 0, or +33 and 9 digits), a short number (15, 112, 3114,
    116 117…) or an international number (+ and 8 to 15 digits)."""
    text = phone.strip()
    if not _PHONE_CHARS.match(text):
        return False
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        if digits.startswith("33"):
            rest = digits[2:]
            return len(rest) == 9 or (len(rest) == 10 and rest.startswith("0"))
        return 8 <= len(digits) <= 15
    if "(" in text or ")" in text:
        return False
    if digits.startswith("0"):
        return len(digits) == 10
    return 2 <= len(digits) <= 6


# --- drafts ------------------------------------------------------------------------------------


@dataclass
class ContactDraft:
    """One trusted person or professional to call; its place in the list is its order."""

    kind: CrisisContactKind = CrisisContactKind.TRUSTED_PERSON
    professional_id: int | None = None
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    when_to_call: str | None = None

    @classmethod
    def of(cls, contact: CrisisPlanContact) -> ContactDraft:
        return cls(**{f.name: getattr(contact, f.name) for f in fields(cls)})


@dataclass
class PlanDraft:
    drawn_up_on: dt.date | None = None
    reviewed_meeting_id: int | None = None
    early_warning_signs: str | None = None
    triggers: str | None = None
    protective_factors: str | None = None
    what_helps: str | None = None
    what_to_avoid: str | None = None
    treatment_preferences: str | None = None
    treatments_to_avoid: str | None = None
    practical_arrangements: str | None = None
    next_review_on: dt.date | None = None
    contacts: list[ContactDraft] = field(default_factory=list)


def contact_field(index: int, name: str) -> str:
    """The field name of a contact's attribute in a plan's ValidationError."""
    return f"contacts.{index}.{name}"


def clean_contact(draft: ContactDraft, v: Validator, prefix: str = "") -> dict:
    """Validate one contact into *v* (field names prefixed with *prefix*); the cleaned values."""
    name = v.optional_text(prefix + "name", draft.name, max_length=200)
    if draft.professional_id is None and not name:
        v.add(
            prefix + "name",
            _N("core", "Indiquez un nom ou choisissez un professionnel de l'annuaire."),
        )
    phone = v.optional_text(prefix + "phone", draft.phone, max_length=40)
    if phone is not None and not phone_is_plausible(phone):
        v.add(
            prefix + "phone",
            _N(
                "core",
                "Numéro de téléphone invalide : 10 chiffres (06 12 34 56 78), +33…, "
                "ou un numéro court (15, 112, 3114).",
            ),
        )
    kind = draft.kind
    if kind is None:
        v.add(prefix + "kind", _N("core", "Ce champ est obligatoire."))
    return {
        "kind": kind,
        "professional_id": draft.professional_id,
        "name": name,
        "role": v.optional_text(prefix + "role", draft.role, max_length=200),
        "phone": phone,
        "when_to_call": v.optional_text(
            prefix + "when_to_call", draft.when_to_call, max_length=MAX_WHEN_TO_CALL
        ),
    }


# --- comparison --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of a word-level difference: ``op`` is 'equal', 'delete' or 'insert'."""

    op: str
    text: str


def word_diff(before: str | None, after: str | None) -> tuple[Segment, ...]:
    """The difference from *before* to *after*, word by word (spaces kept)."""
    old = re.findall(r"\s+|\S+", before or "")
    new = re.findall(r"\s+|\S+", after or "")
    segments: list[Segment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            push("equal", "".join(old[i1:i2]))
        else:
            push("delete", "".join(old[i1:i2]))
            push("insert", "".join(new[j1:j2]))
    return tuple(segments)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str | None
    after: str | None
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class ContactChange:
    """``change`` is 'added', 'removed' or 'changed'; positions are 1-based (None if absent)."""

    change: str
    label: str
    before_position: int | None
    after_position: int | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PlanComparison:
    before: CrisisPlanVersion
    after: CrisisPlanVersion
    changes: tuple[FieldChange, ...]
    contacts: tuple[ContactChange, ...]
    order_changed: bool
    before_order: tuple[str, ...]
    after_order: tuple[str, ...]

    @property
    def changed_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.changes)

    @property
    def identical(self) -> bool:
        return not self.changes and not self.contacts and not self.order_changed


def contact_label(contact: CrisisPlanContact) -> str:
    if contact.professional is not None:
        text = contact.professional.display_name
        if contact.name:
            text += f" ({contact.name})"
        return text
    return contact.name or ""


def _contact_key(contact: CrisisPlanContact) -> tuple:
    if contact.professional_id is not None:
        return ("pro", contact.professional_id)
    return ("name", (contact.name or "").strip().casefold())


def _contact_value(contact: CrisisPlanContact, name: str) -> str | None:
    value = getattr(contact, name)
    if isinstance(value, CrisisContactKind):
        return label(value)
    return value


def compare_versions(before: CrisisPlanVersion, after: CrisisPlanVersion) -> PlanComparison:
    changes: list[FieldChange] = []
    for name, text in TEXT_FIELDS:
        old, new = getattr(before, name), getattr(after, name)
        if (old or None) != (new or None):
            changes.append(FieldChange(name, translate(text), old, new, word_diff(old, new)))
    if before.next_review_on != after.next_review_on:
        changes.append(
            FieldChange(
                "next_review_on",
                translate(NEXT_REVIEW_LABEL),
                fr_date(before.next_review_on) or None,
                fr_date(after.next_review_on) or None,
            )
        )

    old_contacts = {_contact_key(c): (i + 1, c) for i, c in enumerate(before.contacts)}
    new_contacts = {_contact_key(c): (i + 1, c) for i, c in enumerate(after.contacts)}
    contact_changes: list[ContactChange] = []
    for key, (pos, contact) in new_contacts.items():
        if key not in old_contacts:
            contact_changes.append(ContactChange("added", contact_label(contact), None, pos))
            continue
        old_pos, old = old_contacts[key]
        diffs = []
        for name, text in CONTACT_FIELDS:
            a, b = _contact_value(old, name), _contact_value(contact, name)
            if (a or None) != (b or None):
                diffs.append(FieldChange(name, translate(text), a, b, word_diff(a, b)))
        if old.professional_id is not None and (old.name or None) != (contact.name or None):
            diffs.append(
                FieldChange(
                    "name",
                    translate(_N("core", "Nom")),
                    old.name,
                    contact.name,
                    word_diff(old.name, contact.name),
                )
            )
        if diffs:
            contact_changes.append(
                ContactChange("changed", contact_label(contact), old_pos, pos, tuple(diffs))
            )
    for key, (pos, contact) in old_contacts.items():
        if key not in new_contacts:
            contact_changes.append(ContactChange("removed", contact_label(contact), pos, None))
    contact_changes.sort(key=lambda c: (c.after_position or 10_000, c.before_position or 0))

    common_before = [k for k in old_contacts if k in new_contacts]
    common_after = [k for k in new_contacts if k in old_contacts]
    return PlanComparison(
        before=before,
        after=after,
        changes=tuple(changes),
        contacts=tuple(contact_changes),
        order_changed=common_before != common_after,
        before_order=tuple(contact_label(c) for c in before.contacts),
        after_order=tuple(contact_label(c) for c in after.contacts),
    )


# --- the service -------------------------------------------------------------------------------


class CrisisPlanService(ServiceBase):
    @staticmethod
    def _options() -> tuple:
        return (
            selectinload(CrisisPlanVersion.contacts).selectinload(CrisisPlanContact.professional),
            selectinload(CrisisPlanVersion.reviewed_meeting),
        )

    def versions(self, case_id: int) -> list[CrisisPlanVersion]:
        """Every version of the case's plan, oldest first, with contacts and session loaded."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(CrisisPlanVersion)
                    .where(CrisisPlanVersion.case_id == case_id)
                    .options(*self._options())
                    .order_by(CrisisPlanVersion.version)
                )
            )

    def get(self, plan_id: int) -> CrisisPlanVersion:
        with self._read() as s:
            return self._get(s, CrisisPlanVersion, plan_id, options=self._options())

    def latest(self, case_id: int) -> CrisisPlanVersion | None:
        with self._read() as s:
            return s.scalar(
                select(CrisisPlanVersion)
                .where(CrisisPlanVersion.case_id == case_id)
                .options(*self._options())
                .order_by(CrisisPlanVersion.version.desc())
                .limit(1)
            )

    def reviewable_meetings(self, case_id: int) -> list[Meeting]:
        """The sessions that may have reviewed the case's plan: those, held up to today, with
        the case on their agenda; latest first."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(Meeting)
                    .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                    .where(AgendaItem.case_id == case_id, Meeting.held_on <= self.ctx.today())
                    .distinct()
                    .order_by(Meeting.held_on.desc(), Meeting.start_time.desc())
                )
            )

    def new_draft(self, case_id: int) -> PlanDraft:
        """A draft for the next version: a copy of the latest one (texts and contacts in their
        order), dated today, not yet linked to a session."""
        latest = self.latest(case_id)
        today = self.ctx.today()
        draft = PlanDraft(drawn_up_on=today)
        if latest is None:
            return draft
        for name in TEXT_FIELD_NAMES:
            setattr(draft, name, getattr(latest, name))
        if latest.next_review_on is not None and latest.next_review_on >= today:
            draft.next_review_on = latest.next_review_on
        draft.contacts = [ContactDraft.of(c) for c in latest.contacts]
        return draft

    def check_contact(self, draft: ContactDraft) -> ContactDraft:
        """Validate one contact alone (the editor checks each contact as it is added); returns
        the cleaned contact. Field names are the contact's attributes."""
        v = Validator()
        values = clean_contact(draft, v)
        v.raise_if_any()
        if draft.professional_id is not None:
            with self._read() as s:
                self._get(s, Professional, draft.professional_id)
        return ContactDraft(**values)

    def create_version(self, case_id: int, draft: PlanDraft) -> CrisisPlanVersion:
        """Write the next version of the case's plan. Earlier versions are left as they are."""
        today = self.ctx.today()
        with self._write() as s:
            case = self._get(s, CaseFile, case_id)
            if case.status is CaseStatus.CLOSED:
                raise RefusedError(
                    _N("core", "Ce dossier est clos : rouvrez-le pour réviser son plan de crise.")
                )
            last = s.scalar(
                select(CrisisPlanVersion)
                .where(CrisisPlanVersion.case_id == case.id)
                .order_by(CrisisPlanVersion.version.desc())
                .limit(1)
            )
            v = Validator()
            drawn_up_on = v.required("drawn_up_on", draft.drawn_up_on)
            v.date_not_after(
                "drawn_up_on",
                draft.drawn_up_on,
                today,
                _N("core", "La date de la version ne peut pas être dans le futur."),
            )
            if last is not None and drawn_up_on is not None and drawn_up_on < last.drawn_up_on:
                v.add(
                    "drawn_up_on",
                    _N(
                        "core",
                        "Une nouvelle version ne peut pas être antérieure à la version {n} du {date}.",
                    ),
                    n=last.version,
                    date=fr_date(last.drawn_up_on),
                )
            v.date_order(
                "next_review_on",
                draft.drawn_up_on,
                draft.next_review_on,
                _N("core", "La prochaine révision ne peut pas précéder la date de la version."),
            )
            if draft.reviewed_meeting_id is not None:
                self._check_meeting(s, v, case.id, draft.reviewed_meeting_id)
            texts = {
                name: v.optional_text(name, getattr(draft, name), max_length=MAX_PLAN_TEXT)
                for name in TEXT_FIELD_NAMES
            }
            contacts = [
                clean_contact(c, v, prefix=f"contacts.{i}.") for i, c in enumerate(draft.contacts)
            ]
            pro_ids = [c["professional_id"] for c in contacts if c["professional_id"] is not None]
            if len(pro_ids) != len(set(pro_ids)):
                v.add(
                    "contacts",
                    _N("core", "Un même professionnel figure deux fois dans les contacts."),
                )
            if not any(texts.values()) and not contacts:
                v.add(
                    "early_warning_signs",
                    _N(
                        "core", "Le plan est vide : renseignez au moins une rubrique ou un contact."
                    ),
                )
            v.raise_if_any()
            for pro_id in pro_ids:
                self._get(s, Professional, pro_id)
            plan = CrisisPlanVersion(
                case_id=case.id,
                version=(last.version if last is not None else 0) + 1,
                drawn_up_on=drawn_up_on,
                reviewed_meeting_id=draft.reviewed_meeting_id,
                next_review_on=draft.next_review_on,
                **texts,
            )
            s.add(plan)
            s.flush()
            for position, values in enumerate(contacts, start=1):
                s.add(CrisisPlanContact(plan_id=plan.id, position=position, **values))
            plan_id = plan.id
        return self.get(plan_id)

    def _check_meeting(self, s, v: Validator, case_id: int, meeting_id: int) -> None:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            v.add("reviewed_meeting_id", _N("core", "Cette séance n'existe plus."))
        elif meeting.held_on > self.ctx.today():
            v.add(
                "reviewed_meeting_id",
                _N("core", "Une séance à venir ne peut pas avoir révisé ce plan."),
            )
        elif (
            s.scalar(
                select(AgendaItem.id).where(
                    AgendaItem.meeting_id == meeting_id, AgendaItem.case_id == case_id
                )
            )
            is None
        ):
            v.add(
                "reviewed_meeting_id",
                _N("core", "Ce dossier n'était pas à l'ordre du jour de cette séance."),
            )

    def compare(self, first_id: int, second_id: int) -> PlanComparison:
        """What changed from the older of two versions of the same plan to the newer."""
        a, b = self.get(first_id), self.get(second_id)
        if a.case_id != b.case_id:
            raise RefusedError(_N("core", "Ces deux versions n'appartiennent pas au même dossier."))
        if a.version > b.version:
            a, b = b, a
        return compare_versions(a, b)
