"""Demo decisions of a discussed item: one to a few actions of the case's pathway, each owned
by someone who fits it and attended the session (or by the patient's GP), their progress
depending on how long ago they were due."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from rcp_desktop.models import AgendaItem, CaseFile, Decision, DecisionStatus, Professional
from rcp_desktop.services.demo.data import DECISIONS
from rcp_desktop.services.demo.state import DemoRun


def make_decisions(
    run: DemoRun,
    session: Session,
    item: AgendaItem,
    case: CaseFile,
    day: dt.date,
    present: list[Professional],
    patient_gp: Professional | None,
) -> None:
    """*present*: who attended the session (by id); *patient_gp*: the patient's GP if active.
    An action nobody fitting could own is not taken."""
    rng = run.rng
    actions = DECISIONS[case.pathway]
    for action in rng.sample(actions, min(rng.randint(1, run.size.max_actions), len(actions))):
        owners = [p for p in present if p.profession in action.owners]
        if patient_gp is not None and patient_gp.profession in action.owners:
            if patient_gp not in owners:
                owners.append(patient_gp)
        if not owners:
            continue
        due = day + dt.timedelta(days=rng.choice([14, 21, 30, 45, 60]))
        status = DecisionStatus.TODO
        completed = note = None
        differs = None
        reason = None
        if due < run.today:
            roll = rng.random()
            # Old actions have mostly been seen to; the recent ones are still open.
            age = (run.today - due).days
            done, cancelled, started = (
                (0.72, 0.77, 0.87)
                if age < 60
                else (0.85, 0.91, 0.96)
                if age < 180
                else (0.93, 0.98, 0.99)
            )
            if roll < done:
                status = DecisionStatus.DONE
                completed = min(run.today, due + dt.timedelta(days=rng.randint(-14, 10)))
                completed = max(completed, day)
                note = "Réalisé."
                differs = rng.random() < 0.1
                reason = "Adapté à la demande du patient." if differs else None
            elif roll < cancelled:
                status = DecisionStatus.CANCELLED
                note = "Devenu sans objet."
            elif roll < started:
                status = DecisionStatus.IN_PROGRESS
        elif rng.random() < 0.3:
            status = DecisionStatus.IN_PROGRESS
        run.add(
            session,
            Decision(
                item_id=item.id,
                description=action.text,
                owner_id=rng.choice(owners).id,
                due_on=due,
                status=status,
                completed_on=completed,
                completion_note=note,
                differs_from_proposal=differs,
                difference_reason=reason,
            ),
        )
        run.report.decisions += 1
