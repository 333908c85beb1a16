"""Demo USIPA enrolments (intensive ambulatory follow-up) of the USIPA cases: a team, weekly
contacts until the exit (or today), an outcome once out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from rcp_desktop.models import (
    CaseFile,
    Pathway,
    Professional,
    UsipaContact,
    UsipaEnrolment,
    UsipaTeamMember,
)
from rcp_desktop.services.demo.data import (
    PATHWAY_TEAMS,
    USIPA_CONTACT_MIX,
    USIPA_INCLUSION_CRITERIA,
    USIPA_OUTCOME_MIX,
)
from rcp_desktop.services.demo.state import DemoRun


def make_usipa(
    run: DemoRun, session: Session, pros: list[Professional], cases: list[CaseFile]
) -> None:
    rng = run.rng
    team_pool = [p for p in pros if p.profession in PATHWAY_TEAMS[Pathway.USIPA] and p.active]
    for case in cases:
        if case.pathway is not Pathway.USIPA:
            continue
        inclusion = case.opened_on + dt.timedelta(days=rng.randint(1, 10))
        if inclusion >= run.today:
            continue
        weeks = rng.randint(3, 12)
        planned = rng.randint(2, 5)
        exit_on = inclusion + dt.timedelta(weeks=weeks)
        exited = exit_on < run.today
        enrolment = UsipaEnrolment(
            case_id=case.id,
            inclusion_on=inclusion,
            inclusion_criteria=USIPA_INCLUSION_CRITERIA,
            planned_contacts_per_week=planned,
            exit_on=exit_on if exited else None,
            exit_outcome=run.pick_weighted(USIPA_OUTCOME_MIX) if exited else None,
            exit_note="Relais CMP organisé." if exited else None,
        )
        run.add(session, enrolment)
        team = rng.sample(team_pool, min(len(team_pool), rng.randint(3, 4)))
        for pro in team:
            run.add(session, UsipaTeamMember(enrolment_id=enrolment.id, professional_id=pro.id))
        end = min(exit_on if exited else run.today, run.today)
        day = inclusion
        while day <= end:
            for _ in range(max(0, planned + rng.randint(-1, 1))):
                contact_day = day + dt.timedelta(days=rng.randint(0, 6))
                contact = UsipaContact(
                    enrolment_id=enrolment.id,
                    contact_on=contact_day,
                    professional_id=rng.choice(team).id,
                    kind=run.pick_weighted(USIPA_CONTACT_MIX),
                    note="Entretien de suivi ; pas de signe d'alerte."
                    if rng.random() < 0.8
                    else "Anxiété en hausse, appel du psychiatre prévu.",
                )
                # A contact planned after the exit or after today has not happened (drawn
                # anyway, so the rest of the demo stays the same for a given seed).
                if contact_day <= end:
                    run.add(session, contact)
                    run.report.usipa_contacts += 1
            day += dt.timedelta(days=7)
        run.report.usipa_enrolments += 1
