"""Outcomes at the service level: crises, emergency visits and hospitalisations of a case,
their rules (French messages, nothing stored when refused), the audit, the timeline, and the
readmissions after a USIPA exit (TODAY = 10/03/2026)."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import AuditEntry, OutcomeEvent, OutcomeKind, UsipaOutcome
from rcp_desktop.services.cases import TimelineKind
from rcp_desktop.services.crisis import PlanDraft
from rcp_desktop.services.errors import ConflictError, ValidationError
from rcp_desktop.services.outcomes import OutcomeDraft, readmitted_within
from rcp_desktop.services.usipa import EnrolmentDraft, ExitDraft
from tests.workflow_world import D

HOSPITAL, CRISIS, EMERGENCY = (
    OutcomeKind.HOSPITALISATION,
    OutcomeKind.CRISIS,
    OutcomeKind.EMERGENCY_VISIT,
)


def days_ago(n):
    return D - dt.timedelta(days=n)


def counts(services):
    with services.db.read() as s:
        return tuple(s.scalar(select(func.count(m.id))) for m in (OutcomeEvent, AuditEntry))


def refused(services, fn):
    before = counts(services)
    with pytest.raises(ValidationError) as exc:
        fn()
    assert counts(services) == before
    return exc.value.errors


def test_events_are_recorded_listed_latest_first_and_audited(services, world):
    case = world.case_review
    add = services.outcomes.add
    first = add(case.id, OutcomeDraft(days_ago(400), HOSPITAL, planned=False, note="CHS, 3 sem."))
    second = add(case.id, OutcomeDraft(days_ago(30), EMERGENCY))
    third = add(case.id, OutcomeDraft(days_ago(10), HOSPITAL, planned=True))
    listed = services.outcomes.of_case(case.id)
    assert [e.id for e in listed] == [third.id, second.id, first.id]
    assert listed[2].note == "CHS, 3 sem." and listed[2].recorded_by == "Dr Test"
    assert listed[0].planned and not listed[1].planned
    with services.db.read() as s:
        entries = list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "outcome_event")))
    assert [(e.action, e.entity_id) for e in entries] == [
        ("create", first.id),
        ("create", second.id),
        ("create", third.id),
    ]
    assert "CHS" not in " ".join(e.fields for e in entries)  # names of columns, never values


def test_rules_refuse_with_french_messages_and_store_nothing(services, world):
    case = world.case_review
    add = services.outcomes.add
    errors = refused(services, lambda: add(case.id, OutcomeDraft(None, None)))
    assert errors == {
        "occurred_on": "Ce champ est obligatoire.",
        "kind": "Ce champ est obligatoire.",
    }
    errors = refused(services, lambda: add(case.id, OutcomeDraft(D + dt.timedelta(days=1), CRISIS)))
    assert errors["occurred_on"] == "La date de l'événement ne peut pas être dans le futur."
    errors = refused(services, lambda: add(case.id, OutcomeDraft(dt.date(1960, 1, 1), CRISIS)))
    assert errors["occurred_on"] == "Cette date précède la naissance du patient (04/05/1970)."
    errors = refused(
        services, lambda: add(case.id, OutcomeDraft(days_ago(5), CRISIS, planned=True))
    )
    assert errors["planned"] == "Seule une hospitalisation peut être programmée."
    errors = refused(
        services, lambda: add(case.id, OutcomeDraft(days_ago(5), CRISIS, crisis_plan_used=True))
    )
    assert errors["crisis_plan_used"] == (
        "Ce dossier n'a pas de plan de crise : il n'a pas pu être utilisé."
    )
    services.crisis.create_version(case.id, PlanDraft(drawn_up_on=days_ago(20), triggers="Rupture"))
    errors = refused(
        services, lambda: add(case.id, OutcomeDraft(days_ago(40), CRISIS, crisis_plan_used=True))
    )
    assert errors["crisis_plan_used"] == (
        "Le premier plan de crise du dossier date du 18/02/2026, après cet événement."
    )
    used = add(case.id, OutcomeDraft(days_ago(5), CRISIS, crisis_plan_used=True))
    assert used.crisis_plan_used is True
    errors = refused(
        services, lambda: add(case.id, OutcomeDraft(days_ago(5), CRISIS, note="x" * 5001))
    )
    assert errors["note"] == "5000 caractères au plus."


def test_update_checks_the_version_and_delete_is_audited(services, world):
    case = world.case_review
    event = services.outcomes.add(case.id, OutcomeDraft(days_ago(50), EMERGENCY))
    changed = services.outcomes.update(
        event.id, OutcomeDraft(days_ago(49), HOSPITAL, planned=True), event.version
    )
    assert (changed.kind, changed.planned, changed.occurred_on) == (HOSPITAL, True, days_ago(49))
    with pytest.raises(ConflictError):
        services.outcomes.update(event.id, OutcomeDraft(days_ago(48), CRISIS), event.version)
    assert services.outcomes.get(event.id).kind is HOSPITAL
    services.outcomes.delete(event.id)
    assert services.outcomes.of_case(case.id) == []
    with services.db.read() as s:
        actions = list(
            s.scalars(
                select(AuditEntry.action).where(
                    AuditEntry.entity == "outcome_event", AuditEntry.entity_id == event.id
                )
            )
        )
    assert actions == ["create", "update", "delete"]


def test_the_timeline_shows_the_events(services, world):
    case = world.case_review
    services.outcomes.add(
        case.id, OutcomeDraft(days_ago(3), HOSPITAL, planned=False, note="Urgences puis CHS")
    )
    events = [e for e in services.cases.timeline(case.id) if e.kind is TimelineKind.OUTCOME]
    assert [(e.on, e.title, e.detail) for e in events] == [
        (days_ago(3), "Hospitalisation", "non programmée — Urgences puis CHS")
    ]


def test_readmitted_within_counts_from_the_day_after_the_exit():
    exit_on = dt.date(2025, 6, 1)
    late = dt.date(2026, 1, 1)
    assert readmitted_within(exit_on, 30, [exit_on], late) is False  # the exit day itself
    assert readmitted_within(exit_on, 30, [dt.date(2025, 7, 1)], late) is True  # 30th day
    assert readmitted_within(exit_on, 30, [dt.date(2025, 7, 2)], late) is False
    assert readmitted_within(exit_on, 90, [dt.date(2025, 7, 2)], late) is True
    # Still open on the day asked, with no hospitalisation yet: not known.
    assert readmitted_within(exit_on, 30, [], dt.date(2025, 6, 20)) is None
    assert readmitted_within(exit_on, 30, [], dt.date(2025, 7, 1)) is False


def test_readmissions_after_each_usipa_exit(services, world):
    case = world.case_review
    team = [world.psychiatrist.id, world.nurse.id]
    first = services.usipa.include(case.id, EnrolmentDraft(days_ago(85), None, 3, team))
    services.usipa.exit(first.id, ExitDraft(days_ago(80), UsipaOutcome.HOSPITALISATION_AVOIDED))
    second = services.usipa.include(case.id, EnrolmentDraft(days_ago(25), None, 3, team))
    services.usipa.exit(second.id, ExitDraft(days_ago(20), UsipaOutcome.OTHER, "Relais CMP"))
    services.outcomes.add(case.id, OutcomeDraft(days_ago(40), HOSPITAL))  # 40 days after exit 1
    services.outcomes.add(case.id, OutcomeDraft(days_ago(30), CRISIS))  # not a hospitalisation
    rows = services.outcomes.readmissions(case.id)
    assert [(r.exit_on, r.within, r.first_on) for r in rows] == [
        (days_ago(80), (False, True), days_ago(40)),
        (days_ago(20), (None, None), None),
    ]
    services.outcomes.add(case.id, OutcomeDraft(days_ago(2), HOSPITAL, planned=True))
    assert services.outcomes.readmissions(case.id)[1].within == (True, True)
