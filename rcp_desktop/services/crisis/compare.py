"""What changed between two versions of a plan: field by field and contact by contact, free
texts with a word-level difference (:func:`word_diff`)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import CrisisContactKind, CrisisPlanContact, CrisisPlanVersion, label
from rcp_desktop.services.crisis.plan import CONTACT_FIELDS, NEXT_REVIEW_LABEL, TEXT_FIELDS


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
