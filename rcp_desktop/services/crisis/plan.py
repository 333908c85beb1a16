"""What a crisis-anticipation plan holds: its fields and their labels, the drafts a version is
written from, and their checks (a contact's phone number must be plausible)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import CrisisContactKind, CrisisPlanContact
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
