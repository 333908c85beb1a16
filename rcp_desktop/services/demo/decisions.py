"""Demo decisions of a discussed item: one to three actions of the case's pathway, their
progress depending on how long ago they were due."""

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
    owners: list[Professional],
) -> None:
    rng = run.rng
    for description in rng.sample(DECISIONS[case.pathway], rng.randint(1, 3)):
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
        session.add(
            Decision(
                item_id=item.id,
                description=description,
                owner_id=rng.choice(owners).id,
                due_on=due,
                status=status,
                completed_on=completed,
                completion_note=note,
                differs_from_proposal=differs,
                difference_reason=reason,
            )
        )
        run.report.decisions += 1
