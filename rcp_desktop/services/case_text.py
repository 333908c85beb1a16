"""How a case reads on screen and on paper, named or pseudonymised.

Pure functions over plain values and detached ORM objects: no Qt, no session. The live screen
and the documents call the same ones, so what a pseudonymised view shows of a case (its
pseudonym only; trusted persons of its crisis plan by their role, without name or phone) is
decided here once. Strings are marked for translation in the "core" context; the crisis-plan
field labels are those of :mod:`rcp_desktop.services.crisis`.
"""

from __future__ import annotations

from collections.abc import Callable

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.domain.text import unbreakable
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import CrisisContactKind, CrisisPlanVersion
from rcp_desktop.services.crisis import FIELD_LABELS
from rcp_desktop.services.pseudonyms import case_pseudonym

# The plan's texts the live summary shows, in reading order (a subset of crisis.TEXT_FIELDS).
SUMMARY_FIELDS: tuple[str, ...] = (
    "early_warning_signs",
    "triggers",
    "protective_factors",
    "what_helps",
    "what_to_avoid",
    "treatment_preferences",
)


def case_reference(
    case_number: str, patient_name: str, *, pseudonymise: bool, label: str = ""
) -> str:
    """A case in a list: "DUPONT Marie (2025-0012)", or its pseudonym alone (*label*, its
    "Situation A" in this session, when given)."""
    if pseudonymise:
        return label or case_pseudonym(case_number)
    return f"{patient_name} ({case_number})"


def case_heading(
    case_number: str, patient_name: str, age: int, *, pseudonymise: bool, label: str = ""
) -> str:
    """A case as the title of its screen: "DUPONT Marie, 47 ans — dossier 2025-0012", or its
    pseudonym alone (*label* when given)."""
    if pseudonymise:
        return label or case_pseudonym(case_number)
    return translate(_N("core", "{name}, {age} ans — dossier {number}")).format(
        name=patient_name, age=age, number=case_number
    )


def crisis_plan_entries(
    plan: CrisisPlanVersion, *, pseudonymise: bool, mask: Callable[[str], str] | None = None
) -> list[tuple[str, str]]:
    """The plan in (label, text) entries: its version (no label), the filled texts of
    :data:`SUMMARY_FIELDS` under the plan's own labels, then the people to call in order ("1.",
    "2."…). Pseudonymised, a trusted person shows by role only, and the texts go through *mask*
    (the masking of pseudonymised documents) when given. Phone numbers never break across
    lines."""
    clean: Callable[[str], str] = mask if (pseudonymise and mask is not None) else (lambda t: t)
    entries = [
        (
            "",
            translate(_N("core", "Version {n} du {date}")).format(
                n=plan.version, date=fr_date(plan.drawn_up_on)
            ),
        )
    ]
    for name in SUMMARY_FIELDS:
        value = getattr(plan, name)
        if value:
            entries.append((translate(FIELD_LABELS[name]), clean(value)))
    for contact in plan.contacts:
        if contact.kind is CrisisContactKind.TRUSTED_PERSON:
            who = clean(contact.role or "") or translate(_N("core", "personne de confiance"))
            if not pseudonymise:
                who = f"{contact.name or ''} ({who})" + (
                    f" — {unbreakable(contact.phone)}" if contact.phone else ""
                )
        else:
            who = (
                contact.professional.display_name if contact.professional else (contact.name or "")
            )
            if contact.role:
                who += f" ({contact.role})"
        when = f" — {clean(contact.when_to_call)}" if contact.when_to_call else ""
        entries.append((f"{contact.position}.", f"{who}{when}"))
    return entries


def crisis_plan_summary(
    plan: CrisisPlanVersion, *, pseudonymise: bool, mask: Callable[[str], str] | None = None
) -> str:
    """The plan in a few lines (:func:`crisis_plan_entries`, "label : text" a line)."""
    lines = []
    for name, text in crisis_plan_entries(plan, pseudonymise=pseudonymise, mask=mask):
        if not name:
            lines.append(text)
        elif name.endswith("."):
            lines.append(f"{name} {text}")
        else:
            lines.append(f"{name} : {text}")
    return "\n".join(lines)
