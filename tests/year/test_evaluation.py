"""The end-of-session evaluation (service rules, audit, yearly summary) and the self-evaluation
figures of the statistics (fiches RCP produced, reviews held at their planned date) against a
base with known counts."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import (
    AgendaItem,
    AuditEntry,
    DocumentAction,
    DocumentKind,
    DocumentRecord,
    DurationFeeling,
    InformationChannel,
    ItemKind,
    PatientInformation,
    SessionEvaluation,
)
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.evaluation import EvaluationDraft
from tests.year import indemnity_world, outcome_world

RIGHT, LONG = DurationFeeling.RIGHT, DurationFeeling.TOO_LONG


def count(services, model):
    with services.db.read() as s:
        return s.scalar(select(func.count(model.id)))


def test_evaluations_are_recorded_corrected_and_summed_up(services):
    w = indemnity_world.build(services)
    record = services.evaluations.record
    record(w.february, EvaluationDraft(4, 5, RIGHT, "Très utile"))
    record(w.june, EvaluationDraft(3, 4, LONG))
    record(w.june, EvaluationDraft(2, 4, LONG, "Trop long"))  # corrected, not duplicated
    assert count(services, SessionEvaluation) == 2
    summary = services.evaluations.summary(2025)
    assert (summary.sessions_held, summary.evaluated) == (3, 2)
    assert summary.satisfaction == 3.0 and summary.usefulness == 4.5
    assert summary.durations == {
        DurationFeeling.TOO_SHORT: 0,
        DurationFeeling.RIGHT: 1,
        DurationFeeling.TOO_LONG: 1,
    }
    assert services.evaluations.of_meeting(w.june).comment == "Trop long"
    with services.db.read() as s:
        actions = list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "session_evaluation"))
        )
    assert actions == ["create", "create", "update"]
    before = count(services, AuditEntry)
    with pytest.raises(ValidationError) as exc:
        record(w.november, EvaluationDraft(None, 6, None))
    assert exc.value.errors == {
        "satisfaction": "Ce champ est obligatoire.",
        "usefulness": "Une note de 1 à 5.",
        "duration": "Ce champ est obligatoire.",
    }
    planned = next(m for m in services.meetings.summaries() if m.held_on == dt.date(2025, 12, 16))
    with pytest.raises(RefusedError):
        record(planned.id, EvaluationDraft(3, 3, RIGHT))
    assert count(services, AuditEntry) == before


def test_self_evaluation_figures_of_the_statistics(services):
    """Three presentations in 2025 (A on 12/02 with a fiche RCP, C on 10/06 without, its patient
    informed two days later, C again on 04/11); A's next
    review planned for 10/06 — C's session, not A's: not reviewed —, C's for 04/11, where it
    is presented again: reviewed."""
    w = indemnity_world.build(services)
    cases = outcome_world.build(services)
    with services.db.write(services.ctx.actor) as s:
        items = []
        for meeting, case, review in (
            (w.february, cases["A"], dt.date(2025, 6, 10)),
            (w.june, cases["C"], dt.date(2025, 11, 4)),
            (w.november, cases["C"], None),
        ):
            items.append(
                AgendaItem(
                    meeting_id=meeting,
                    case_id=case,
                    kind=ItemKind.FOLLOW_UP,
                    planned_minutes=15,
                    next_review_on=review,
                )
            )
        s.add_all(items)
        s.flush()
        # C's patient was told of June's proposal.
        s.add(
            PatientInformation(
                item_id=items[1].id,
                informed_on=dt.date(2025, 6, 12),
                informed_by="Dr Test",
                channel=InformationChannel.PHONE,
                recorded_by="Dr Test",
            )
        )
        s.add(
            DocumentRecord(
                operator="Dr Test",
                kind=DocumentKind.CASE_SHEET,
                action=DocumentAction.PRODUCED,
                meeting_id=w.february,
                case_id=cases["A"],
            )
        )
    c = services.statistics.compute(dt.date(2025, 1, 1), dt.date(2025, 12, 31), threshold=2)

    def v(measure):
        return tuple(c.cells[(measure, code)].value for code in ("mental_health", "usipa", "*"))

    assert v("presentations") == (1, 2, 3)
    assert v("evaluation_sheets") == (1, 0, 1)
    assert v("evaluation_sheet_share") == pytest.approx((100.0, 0.0, 100 / 3))
    assert v("evaluation_reviews") == (1, 1, 2)
    assert v("evaluation_reviews_held") == (0, 1, 1)
    assert v("evaluation_review_share") == pytest.approx((0.0, 100.0, 50.0))
    assert v("evaluation_informed") == (0, 1, 1)
    assert v("evaluation_informed_share") == pytest.approx((0.0, 50.0, 100 / 3))
