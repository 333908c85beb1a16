"""A base with known health events for the outcome statistics of 2025 (today: 10/03/2026),
built through the services.

Mental health: A opened 01/03/2025 (hospitalised 01/10/2024 — before — and 01/04/2025 — after;
an emergency visit and a crisis on 01/05/2025); B opened 01/07/2025 (hospitalised 10/01/2025 —
before, and in the period —, a crisis on 01/08/2025).
USIPA: C opened 01/06/2024 (not in the period), included 05/01/2025, out 20/01/2025,
hospitalised 01/02/2025 (readmitted at 30 and 90 days); D opened 01/09/2025, included
05/09/2025, out 01/10/2025, hospitalised 15/12/2025 (75 days: at 90 days, not at 30).
"""

from __future__ import annotations

import datetime as dt

from rcp_desktop.models import OutcomeKind, Pathway, Profession, Sex, UsipaOutcome
from rcp_desktop.services.cases import CaseDraft
from rcp_desktop.services.directory import ProfessionalDraft
from rcp_desktop.services.outcomes import OutcomeDraft
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.services.usipa import EnrolmentDraft, ExitDraft

d = dt.date
HOSPITAL, EMERGENCY, CRISIS = (
    OutcomeKind.HOSPITALISATION,
    OutcomeKind.EMERGENCY_VISIT,
    OutcomeKind.CRISIS,
)


def build(services) -> dict[str, int]:
    gp, _ = services.directory.create(
        ProfessionalDraft(
            last_name="Dupont", first_name="Claire", profession=Profession.GENERAL_PRACTITIONER
        )
    )
    nurse, _ = services.directory.create(
        ProfessionalDraft(last_name="Petit", first_name="Sonia", profession=Profession.NURSE)
    )
    cases = {}
    for key, pathway, opened in (
        ("A", Pathway.MENTAL_HEALTH, d(2025, 3, 1)),
        ("B", Pathway.MENTAL_HEALTH, d(2025, 7, 1)),
        ("C", Pathway.USIPA, d(2024, 6, 1)),
        ("D", Pathway.USIPA, d(2025, 9, 1)),
    ):
        patient = services.patients.create(
            PatientDraft(
                birth_name=f"Patient{key}",
                first_names="Test",
                birth_date=d(1960, 1, 1),
                sex=Sex.FEMALE,
            )
        )
        cases[key] = services.cases.create(
            CaseDraft(
                patient_id=patient.id,
                pathway=pathway,
                opened_on=opened,
                referral_reason="Situation complexe",
                question="Question ?",
                referrer_id=gp.id,
            )
        ).id
    add = services.outcomes.add
    add(cases["A"], OutcomeDraft(d(2024, 10, 1), HOSPITAL))
    add(cases["A"], OutcomeDraft(d(2025, 4, 1), HOSPITAL))
    add(cases["A"], OutcomeDraft(d(2025, 5, 1), EMERGENCY))
    add(cases["A"], OutcomeDraft(d(2025, 5, 1), CRISIS))
    add(cases["B"], OutcomeDraft(d(2025, 1, 10), HOSPITAL))
    add(cases["B"], OutcomeDraft(d(2025, 8, 1), CRISIS))
    team = [gp.id, nurse.id]
    for key, inclusion, exit_on, stay in (
        ("C", d(2025, 1, 5), d(2025, 1, 20), d(2025, 2, 1)),
        ("D", d(2025, 9, 5), d(2025, 10, 1), d(2025, 12, 15)),
    ):
        enrolment = services.usipa.include(cases[key], EnrolmentDraft(inclusion, None, 3, team))
        services.usipa.exit(enrolment.id, ExitDraft(exit_on, UsipaOutcome.HOSPITALISED))
        add(cases[key], OutcomeDraft(stay, HOSPITAL))
    return cases
