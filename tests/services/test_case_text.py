"""The text of a case, named or pseudonymised, as the live screen and the documents show it:
pure functions over a real stored plan, labels from the crisis plan's one home, nothing
identifying in the pseudonymised variant."""

import datetime as dt

from rcp_desktop import i18n
from rcp_desktop.models import CrisisContactKind
from rcp_desktop.services.case_text import (
    SUMMARY_FIELDS,
    case_heading,
    case_reference,
    crisis_plan_summary,
)
from rcp_desktop.services.crisis import FIELD_LABELS, TEXT_FIELD_NAMES, ContactDraft, PlanDraft
from tests.workflow_world import D


def stored_plan(services, world):
    return services.crisis.create_version(
        world.case_overdue.id,
        PlanDraft(
            drawn_up_on=D - dt.timedelta(days=28),
            early_warning_signs="Insomnie, retrait social.",
            triggers="Conflits familiaux.",
            what_to_avoid="Les discussions en groupe.",
            treatments_to_avoid="Halopéridol : dystonie en 2019.",
            contacts=[
                ContactDraft(
                    CrisisContactKind.TRUSTED_PERSON,
                    name="Anne Bertin",
                    role="Sœur",
                    phone="06 12 34 56 78",
                    when_to_call="Dès les premiers signes.",
                ),
                ContactDraft(CrisisContactKind.TRUSTED_PERSON, name="Paul Bertin"),
                ContactDraft(
                    CrisisContactKind.PROFESSIONAL,
                    professional_id=world.psychiatrist.id,
                    role="Psychiatre référent",
                ),
            ],
        ),
    )


def test_a_case_is_named_or_shown_by_its_pseudonym_only():
    assert case_reference("2025-0012", "DUPONT Marie", pseudonymise=False) == (
        "DUPONT Marie (2025-0012)"
    )
    assert case_reference("2025-0012", "DUPONT Marie", pseudonymise=True) == "Situation 2025-0012"
    assert case_heading("2025-0012", "DUPONT Marie", 47, pseudonymise=False) == (
        "DUPONT Marie, 47 ans — dossier 2025-0012"
    )
    assert case_heading("2025-0012", "DUPONT Marie", 47, pseudonymise=True) == "Situation 2025-0012"


def test_the_crisis_plan_summary_uses_the_plans_own_labels_and_call_order(services, world):
    plan = stored_plan(services, world)
    lines = crisis_plan_summary(plan, pseudonymise=False).splitlines()
    assert lines == [
        f"Version 1 du {(D - dt.timedelta(days=28)).strftime('%d/%m/%Y')}",
        f"{FIELD_LABELS['early_warning_signs']} : Insomnie, retrait social.",
        f"{FIELD_LABELS['triggers']} : Conflits familiaux.",
        f"{FIELD_LABELS['what_to_avoid']} : Les discussions en groupe.",
        "1. Anne Bertin (Sœur) — 06\u00a012\u00a034\u00a056\u00a078 — Dès les premiers signes.",
        "2. Paul Bertin (personne de confiance)",
        "3. Marc Leroy (Psychiatre référent)",
    ]
    # The summary is a subset of the plan's texts, in the plan's own order.
    assert list(SUMMARY_FIELDS) == [n for n in TEXT_FIELD_NAMES if n in SUMMARY_FIELDS]


def test_the_pseudonymised_summary_names_no_trusted_person(services, world):
    plan = stored_plan(services, world)
    text = crisis_plan_summary(plan, pseudonymise=True)
    for identifying in ("Anne", "Paul", "Bertin", "06\u00a012", "06 12"):
        assert identifying not in text
    assert "1. Sœur — Dès les premiers signes." in text
    assert "2. personne de confiance" in text
    assert "Marc Leroy" in text  # professionals are not patients' relatives: they stay named


def test_the_texts_are_translated_when_shown(services, world, monkeypatch):
    plan = stored_plan(services, world)
    monkeypatch.setattr(i18n, "_translator", lambda context, text: f"<{context}:{text}>")
    text = crisis_plan_summary(plan, pseudonymise=True)
    assert text.startswith("<core:Version 1 du ")
    assert f"<core:{FIELD_LABELS['triggers']}> : Conflits familiaux." in text
    assert "2. <core:personne de confiance>" in text
    assert case_heading("1", "X", 3, pseudonymise=False) == "<core:X, 3 ans — dossier 1>"
