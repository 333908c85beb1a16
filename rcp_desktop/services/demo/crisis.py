"""Demo crisis-anticipation plans: drawn up at a presentation of a mental-health or USIPA case,
sometimes revised at a later one, with a trusted person and professionals to call."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from rcp_desktop.models import (
    CaseFile,
    CrisisContactKind,
    CrisisPlanContact,
    CrisisPlanVersion,
    Meeting,
    Profession,
    Professional,
    Sex,
)
from rcp_desktop.services.demo.data import (
    CRISIS_PLAN_TEXTS,
    EARLY_WARNING_SIGNS,
    TRIGGERS,
    TRUSTED_ROLES,
)
from rcp_desktop.services.demo.state import DemoRun


def maybe_crisis_plan(
    run: DemoRun,
    session: Session,
    case: CaseFile,
    meeting: Meeting,
    plans: dict[int, int],
    by_profession: dict[Profession, list[Professional]],
) -> None:
    """A first plan (7 times in 10) or a new version (3 times in 10) reviewed at *meeting*;
    *plans* holds each case's last version and is updated."""
    rng = run.rng
    version = plans.get(case.id, 0)
    if version == 0 and rng.random() > 0.7:
        return
    if version > 0 and rng.random() > 0.3:
        return
    version += 1
    plans[case.id] = version
    plan = CrisisPlanVersion(
        case_id=case.id,
        version=version,
        drawn_up_on=meeting.held_on,
        reviewed_meeting_id=meeting.id,
        early_warning_signs=rng.choice(EARLY_WARNING_SIGNS),
        triggers=rng.choice(TRIGGERS),
        **CRISIS_PLAN_TEXTS,
        next_review_on=meeting.held_on + dt.timedelta(days=180),
    )
    run.add(session, plan)
    last, first = run.person_name(rng.choice([Sex.FEMALE, Sex.MALE]))
    run.add(
        session,
        CrisisPlanContact(
            plan_id=plan.id,
            kind=CrisisContactKind.TRUSTED_PERSON,
            position=1,
            name=f"{first} {last}",
            role=rng.choice(TRUSTED_ROLES),
            phone=run.phone(),
            when_to_call="Dès les premiers signes d'alerte.",
        ),
    )
    order = 1
    for prof in (Profession.PSYCHIATRIST, Profession.GENERAL_PRACTITIONER, Profession.NURSE):
        candidates = by_profession.get(prof)
        if candidates:
            order += 1
            chosen = rng.choice(candidates).id
            # The GP to call is the patient's own when the patient has one in the directory.
            own_gp = run.case_gp.get(case.id)
            if prof is Profession.GENERAL_PRACTITIONER and own_gp is not None:
                chosen = own_gp
            run.add(
                session,
                CrisisPlanContact(
                    plan_id=plan.id,
                    kind=CrisisContactKind.PROFESSIONAL,
                    position=order,
                    professional_id=chosen,
                    when_to_call="En semaine aux heures ouvrables."
                    if order > 2
                    else "En premier recours.",
                ),
            )
    run.report.crisis_plans += 1
