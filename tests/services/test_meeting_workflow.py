"""The conference workflow at the service level: planning and recurrence, status flow and
lock, agenda proposals and consent, triage, order, timing, attendance and quorum, decisions,
follow-up, optimistic concurrency."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from rcp_desktop.domain.recurrence import Recurrence, RecurrenceKind, occurrences
from rcp_desktop.models import (
    AttendanceMode,
    AuditEntry,
    DecisionStatus,
    ItemKind,
    MeetingStatus,
    Pathway,
    Presence,
    Triage,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.agenda import ItemDraft
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.errors import ConflictError, RefusedError, ValidationError
from rcp_desktop.services.followup import DecisionFilter
from rcp_desktop.services.meetings import MeetingDraft
from tests.workflow_world import D


def plan(services, world, day=D, **kw):
    values = dict(
        held_on=day,
        start_time=dt.time(18, 0),
        duration_minutes=60,
        pathway=Pathway.MENTAL_HEALTH,
        theme="RCPT santé mentale",
        place="MSP, salle 1",
        animator_id=world.gp.id,
    )
    values.update(kw)
    return services.meetings.plan(
        MeetingDraft(**values),
        [world.psychiatrist.id, world.nurse.id, world.psychologist.id, world.social_worker.id],
    )


def audit_count(services):
    with services.db.read() as s:
        return s.scalar(select(func.count(AuditEntry.id)))


# --- planning ----------------------------------------------------------------------------------


def test_plan_invites_the_expected_participants_and_the_animator(services, world):
    meeting = services.meetings.get(plan(services, world).id)
    assert meeting.status is MeetingStatus.PLANNED
    invited = {a.professional_id: a for a in meeting.attendances}
    assert set(invited) == {
        world.gp.id,
        world.psychiatrist.id,
        world.nurse.id,
        world.psychologist.id,
        world.social_worker.id,
    }
    assert invited[world.gp.id].role == "Animateur"
    assert all(a.presence is Presence.EXPECTED and a.invited for a in meeting.attendances)


def test_plan_refuses_the_past_an_inactive_animator_and_inactive_participants(services, world):
    before = len(services.meetings.summaries())
    with pytest.raises(ValidationError) as err:
        services.meetings.plan(MeetingDraft(held_on=D, start_time=dt.time(9, 0)))
    assert err.value.errors["held_on"] == "Une séance planifiée ne peut pas être dans le passé."
    with pytest.raises(ValidationError) as err:
        plan(services, world, animator_id=world.inactive.id)
    assert err.value.errors["animator_id"] == "Ce professionnel n'est plus actif dans l'annuaire."
    with pytest.raises(ValidationError) as err:
        services.meetings.plan(
            MeetingDraft(held_on=D, start_time=dt.time(18, 0)), [world.inactive.id]
        )
    assert "Blanc" in err.value.errors["participants"]
    assert len(services.meetings.summaries()) == before


def test_recurrence_rules():
    second_tuesday = Recurrence(RecurrenceKind.MONTHLY, weekday=1, week_of_month=2)
    assert occurrences(second_tuesday, dt.date(2026, 3, 1), dt.date(2026, 6, 30)) == [
        dt.date(2026, 3, 10),
        dt.date(2026, 4, 14),
        dt.date(2026, 5, 12),
        dt.date(2026, 6, 9),
    ]
    assert second_tuesday.describe() == "le deuxième mardi du mois"
    last_friday = Recurrence(RecurrenceKind.MONTHLY, weekday=4, week_of_month=-1)
    assert occurrences(last_friday, dt.date(2026, 1, 1), dt.date(2026, 2, 28)) == [
        dt.date(2026, 1, 30),
        dt.date(2026, 2, 27),
    ]
    fortnight = Recurrence(RecurrenceKind.WEEKLY, weekday=4, interval_weeks=2)
    assert occurrences(fortnight, dt.date(2026, 3, 10), dt.date(2026, 4, 10)) == [
        dt.date(2026, 3, 13),
        dt.date(2026, 3, 27),
        dt.date(2026, 4, 10),
    ]
    assert fortnight.describe() == "un vendredi toutes les 2 semaines"


def test_plan_series_generates_every_session_at_once(services, world):
    rule = Recurrence(RecurrenceKind.MONTHLY, weekday=1, week_of_month=2)
    draft = MeetingDraft(
        start_time=dt.time(20, 0),
        duration_minutes=120,
        pathway=Pathway.MENTAL_HEALTH,
        animator_id=world.gp.id,
    )
    created = services.meetings.plan_series(draft, rule, D, dt.date(2026, 12, 31), [world.nurse.id])
    assert [m.held_on for m in created] == occurrences(rule, D, dt.date(2026, 12, 31))
    assert len(created) == 10 and created[0].held_on == D  # today 20:00 is still ahead
    again = services.meetings.get(created[-1].id)
    assert {a.professional_id for a in again.attendances} == {world.gp.id, world.nurse.id}


def test_plan_series_bad_input_stores_nothing(services, world):
    before = len(services.meetings.summaries())
    rule = Recurrence(RecurrenceKind.WEEKLY, weekday=0, interval_weeks=1)
    draft = MeetingDraft(start_time=dt.time(9, 0))
    with pytest.raises(ValidationError) as err:
        services.meetings.plan_series(
            draft, rule, D - dt.timedelta(days=10), D + dt.timedelta(days=30)
        )
    assert "passé" in err.value.errors["series_start"]
    with pytest.raises(ValidationError) as err:
        services.meetings.plan_series(draft, rule, D + dt.timedelta(days=10), D)
    assert "précéder son début" in err.value.errors["series_end"]
    with pytest.raises(ValidationError) as err:
        services.meetings.plan_series(
            draft, rule, D + dt.timedelta(days=1), D + dt.timedelta(days=5 * 365)
        )
    assert "Plus de 100" in err.value.errors["series_end"]
    with pytest.raises(ValidationError) as err:
        services.meetings.plan_series(
            MeetingDraft(), rule, D + dt.timedelta(days=1), D + dt.timedelta(days=30)
        )
    assert set(err.value.errors) == {"start_time"}
    assert len(services.meetings.summaries()) == before


# --- status flow and lock ------------------------------------------------------------------------


def test_status_flow_and_lock_after_validation(services, world):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    with pytest.raises(RefusedError, match="Seule une séance en cours"):
        services.meetings.close(meeting.id)
    with pytest.raises(RefusedError, match="une fois la séance tenue"):
        services.meetings.validate(meeting.id)
    started = services.meetings.start(meeting.id)
    assert started.status is MeetingStatus.IN_PROGRESS and started.started_at is not None
    with pytest.raises(RefusedError, match="déjà commencé"):
        services.meetings.start(meeting.id)
    services.meetings.close(meeting.id)
    services.meetings.reopen(meeting.id)
    services.meetings.close(meeting.id)
    validated = services.meetings.validate(meeting.id)
    assert validated.validated_at is not None and validated.validated_by == "Dr Test"

    count = audit_count(services)
    current = services.meetings.get(meeting.id)
    refusals = [
        lambda: services.meetings.update(meeting.id, MeetingDraft.of(current)),
        lambda: services.agenda.add_case(meeting.id, world.case_overdue.id),
        lambda: services.agenda.update_item(item.id, ItemDraft(planned_minutes=30)),
        lambda: services.agenda.save_text(
            item.id, "discussion_notes", "après coup", expected_version=None, previous=None
        ),
        lambda: services.agenda.set_next_review(item.id, D + dt.timedelta(days=60)),
        lambda: services.agenda.reorder(meeting.id, [item.id]),
        lambda: services.agenda.remove_item(item.id),
        lambda: services.attendance.check_in(current.attendances[0].id, Presence.ABSENT),
        lambda: services.attendance.invite(meeting.id, [world.inactive.id]),
        lambda: services.decisions.create(item.id, DecisionDraft(description="x")),
        lambda: services.meetings.reopen(meeting.id),
        lambda: services.meetings.delete(meeting.id),
    ]
    for attempt in refusals:
        with pytest.raises(RefusedError) as err:
            attempt()
        assert "verrouillée" in err.value.message or "planifiée" in err.value.message
    assert audit_count(services) == count
    # Corrections are dated addenda; the original stays as it was.
    with pytest.raises(ValidationError):
        services.meetings.add_addendum(meeting.id, "   ")
    addendum = services.meetings.add_addendum(meeting.id, "Le Dr Leroy était présent à distance.")
    assert addendum.created_at == services.ctx.now() and addendum.author == "Dr Test"
    again = services.meetings.get(meeting.id)
    assert [a.text for a in again.addenda] == ["Le Dr Leroy était présent à distance."]
    assert again.items[0].discussion_notes is None


def test_addendum_only_after_validation_and_delete_only_planned(services, world):
    meeting = plan(services, world)
    with pytest.raises(RefusedError, match="addendum complète"):
        services.meetings.add_addendum(meeting.id, "texte")
    services.meetings.start(meeting.id)
    with pytest.raises(RefusedError, match="encore planifiée"):
        services.meetings.delete(meeting.id)
    other = plan(services, world, day=D + dt.timedelta(days=7))
    services.meetings.delete(other.id, expected_version=other.version)
    assert other.id not in {s.id for s in services.meetings.summaries()}


def test_update_refuses_moving_a_planned_session_into_the_past(services, world):
    meeting = plan(services, world, day=D + dt.timedelta(days=7))
    draft = MeetingDraft.of(meeting)
    draft.held_on = D - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="passé"):
        services.meetings.update(meeting.id, draft, expected_version=meeting.version)
    draft.held_on = D + dt.timedelta(days=8)
    draft.place = "Visio"
    updated = services.meetings.update(meeting.id, draft, expected_version=meeting.version)
    with pytest.raises(ConflictError):
        services.meetings.update(
            meeting.id, MeetingDraft.of(meeting), expected_version=meeting.version
        )
    assert services.meetings.get(meeting.id).held_on == updated.held_on == D + dt.timedelta(days=8)


# --- agenda --------------------------------------------------------------------------------------


def test_proposals_explain_why(services, world):
    meeting = plan(services, world, day=D + dt.timedelta(days=7))
    proposals = {p.case_id: p for p in services.agenda.propose(meeting.id)}
    assert set(proposals) == {world.case_review.id, world.case_overdue.id, world.case_no_consent.id}
    review = proposals[world.case_review.id]
    assert (
        review.why == "révision prévue le 08/03/2026"
        and review.has_consent
        and review.kind is ItemKind.NEW
    )
    overdue = proposals[world.case_overdue.id]
    assert "1 action(s) en retard" in overdue.why and "Appeler la sœur" in overdue.why
    assert overdue.kind is ItemKind.FOLLOW_UP
    assert not proposals[world.case_no_consent.id].has_consent
    assert "consentement manquant" in proposals[world.case_no_consent.id].why
    # Once on the agenda, a case is no longer proposed; another pathway proposes nothing here.
    services.agenda.add_case(meeting.id, world.case_review.id)
    assert world.case_review.id not in {p.case_id for p in services.agenda.propose(meeting.id)}
    elderly = plan(services, world, day=D + dt.timedelta(days=8), pathway=Pathway.ELDERLY)
    assert services.agenda.propose(elderly.id) == []


def test_add_case_refused_without_consent_and_accepted_with_an_exception(services, world):
    meeting = plan(services, world)
    count = audit_count(services)
    with pytest.raises(RefusedError) as err:
        services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_no_consent.id])
    assert (
        "consentement du patient" in err.value.message
        and world.case_no_consent.number in err.value.message
    )
    assert "L1110-4" in err.value.message
    assert services.agenda.items(meeting.id) == [] and audit_count(services) == count
    item = services.agenda.add_case(meeting.id, world.case_exception.id)
    assert item.question == world.case_exception.question and item.kind is ItemKind.NEW
    with pytest.raises(RefusedError, match="déjà à l'ordre du jour"):
        services.agenda.add_case(meeting.id, world.case_exception.id)


def test_triage_order_and_timing(services, world):
    meeting = plan(services, world)  # 60 minutes
    a, b, c = services.agenda.add_cases(
        meeting.id,
        [world.case_review.id, world.case_overdue.id, world.case_exception.id],
        ItemDraft(planned_minutes=20),
    )
    assert services.agenda.timing(meeting.id).overrun == 0
    with pytest.raises(ValidationError) as err:
        services.agenda.update_item(b.id, _listed(b, None), expected_version=b.version)
    assert "réponse standard" in err.value.errors["standard_answer"]
    listed = services.agenda.update_item(
        b.id, _listed(b, "Poursuite du plan en cours."), expected_version=b.version
    )
    assert listed.triage is Triage.LISTED
    draft = ItemDraft.of(c)
    draft.planned_minutes = 35
    services.agenda.update_item(c.id, draft, expected_version=c.version)
    timing = services.agenda.timing(meeting.id)
    assert (timing.planned_minutes, timing.overrun) == (75, 15)
    assert "dépasse la séance de 15 min" in timing.message
    services.agenda.reorder(meeting.id, [c.id, a.id, b.id])
    assert [i.id for i in services.agenda.items(meeting.id)] == [c.id, a.id, b.id]
    assert [i.position for i in services.agenda.items(meeting.id)] == [1, 2, 3]
    with pytest.raises(ConflictError):
        services.agenda.reorder(meeting.id, [c.id, a.id])
    services.agenda.remove_item(c.id)
    assert [(i.id, i.position) for i in services.agenda.items(meeting.id)] == [(a.id, 1), (b.id, 2)]
    draft = ItemDraft.of(a)
    draft.presenter_id = world.inactive.id
    with pytest.raises(ValidationError, match="plus actif"):
        services.agenda.update_item(a.id, draft)


def _listed(item, answer):
    draft = ItemDraft.of(item)
    draft.triage = Triage.LISTED
    draft.standard_answer = answer
    return draft


def test_two_windows_editing_the_same_item(services, world):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    first = ItemDraft.of(item)
    first.planned_minutes = 25
    services.agenda.update_item(item.id, first, expected_version=item.version)
    second = ItemDraft.of(item)
    second.question = "Autre question"
    with pytest.raises(ConflictError) as err:
        services.agenda.update_item(item.id, second, expected_version=item.version)
    assert "rien n'a été écrasé" in err.value.message
    stored = services.agenda.get_item(item.id)
    assert stored.planned_minutes == 25 and stored.question == world.case_review.question

    # Notes typed in two live windows: the second, stale one is refused, nothing overwritten.
    services.meetings.start(meeting.id)
    v0 = services.agenda.get_item(item.id).version
    saved = services.agenda.save_text(
        item.id, "discussion_notes", "Fenêtre A", expected_version=v0, previous=None
    )
    with pytest.raises(ConflictError, match="Rien n'a été écrasé"):
        services.agenda.save_text(
            item.id, "discussion_notes", "Fenêtre B", expected_version=v0, previous=None
        )
    assert services.agenda.get_item(item.id).discussion_notes == "Fenêtre A"
    # A change elsewhere on the item (its order) does not block the notes' own editor.
    services.agenda.reorder(meeting.id, [item.id])
    services.agenda.set_next_review(item.id, D + dt.timedelta(days=30))
    services.agenda.save_text(
        item.id,
        "discussion_notes",
        "Fenêtre A, suite",
        expected_version=saved.version,
        previous="Fenêtre A",
    )
    assert services.agenda.get_item(item.id).discussion_notes == "Fenêtre A, suite"


def test_next_review_is_set_at_the_item_and_updates_the_case(services, world):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_review.id)
    with pytest.raises(ValidationError, match="postérieure à la séance"):
        services.agenda.set_next_review(item.id, D)
    services.agenda.set_next_review(item.id, D + dt.timedelta(days=42))
    assert services.cases.get(world.case_review.id).next_review_on == D + dt.timedelta(days=42)
    assert services.agenda.get_item(item.id).next_review_on == D + dt.timedelta(days=42)


# --- attendance and quorum ----------------------------------------------------------------------


def test_quorum_is_shown_live_and_recorded_on_meeting_and_items(services, world):
    meeting = plan(services, world)
    first, second = services.agenda.add_cases(
        meeting.id, [world.case_review.id, world.case_overdue.id]
    )
    rows = {a.professional_id: a for a in services.attendance.list(meeting.id)}
    services.meetings.start(meeting.id)
    status = services.attendance.check_in(rows[world.gp.id].id, Presence.PRESENT)
    assert (status.count, status.needed, status.met) == (1, 3, False)
    assert services.attendance.list(meeting.id)[0].arrived_at is not None
    services.attendance.check_in(
        rows[world.psychiatrist.id].id, Presence.PRESENT, mode=AttendanceMode.REMOTE
    )
    # The first case is discussed before the quorum is reached: flagged.
    services.agenda.enter_item(first.id)
    services.agenda.save_text(
        first.id, "discussion_notes", "échanges", expected_version=None, previous=None
    )
    services.agenda.leave_item(first.id)
    assert services.agenda.get_item(first.id).quorum_met is False
    services.attendance.check_in(rows[world.social_worker.id].id, Presence.EXCUSED)
    status = services.attendance.check_in(
        rows[world.nurse.id].id, Presence.PRESENT, arrived_at=dt.time(18, 10)
    )
    assert status.met and status.profession_labels() == [
        "Infirmier",
        "Médecin généraliste",
        "Psychiatre",
    ]
    assert services.meetings.get(meeting.id).quorum_met is True
    services.agenda.enter_item(second.id)
    services.agenda.leave_item(second.id)
    assert services.agenda.get_item(second.id).quorum_met is True
    closed = services.meetings.close(meeting.id)
    assert closed.quorum_met is True
    summary = next(s for s in services.meetings.summaries() if s.id == meeting.id)
    assert (summary.present, summary.quorum_met) == (3, True)
    # The quorum threshold is a setting.
    services.settings.set(settings_mod.QUORUM_PROFESSIONS, 4)
    assert services.attendance.quorum(meeting.id).met is False


def test_attendance_rules(services, world):
    meeting = plan(services, world)
    with pytest.raises(ValidationError, match="inactifs"):
        services.attendance.invite(meeting.id, [world.inactive.id])
    row = next(
        a for a in services.attendance.list(meeting.id) if a.professional_id == world.nurse.id
    )
    with pytest.raises(ValidationError, match="suppose une présence"):
        services.attendance.set_arrival(row.id, dt.time(18, 5))
    services.attendance.check_in(row.id, Presence.PRESENT)
    with pytest.raises(RefusedError, match="pointé présent"):
        services.attendance.remove(row.id)
    services.attendance.check_in(row.id, Presence.ABSENT)
    services.attendance.remove(row.id)
    walk_in = services.attendance.walk_in(meeting.id, world.nurse.id, mode=AttendanceMode.REMOTE)
    assert not walk_in.invited and walk_in.presence is Presence.PRESENT


# --- decisions and follow-up ---------------------------------------------------------------------


def started_item(services, world):
    meeting = plan(services, world)
    item = services.agenda.add_case(meeting.id, world.case_overdue.id)
    with pytest.raises(RefusedError, match="démarrez-la"):
        services.decisions.create(item.id, DecisionDraft(description="trop tôt"))
    services.meetings.start(meeting.id)
    return meeting, item


def test_decision_bad_input(services, world):
    _meeting, item = started_item(services, world)
    count = audit_count(services)
    with pytest.raises(ValidationError) as err:
        services.decisions.create(
            item.id,
            DecisionDraft(
                description=" ", owner_id=world.inactive.id, due_on=D - dt.timedelta(days=1)
            ),
        )
    assert err.value.errors == {
        "description": "Ce champ est obligatoire.",
        "owner_id": "Ce professionnel n'est plus actif dans l'annuaire.",
        "due_on": "L'échéance ne peut pas précéder la séance (10/03/2026).",
    }
    assert audit_count(services) == count
    decision = services.decisions.create(
        item.id,
        DecisionDraft(
            description="Bilan", owner_id=world.nurse.id, due_on=D + dt.timedelta(days=14)
        ),
    )
    with pytest.raises(ValidationError, match="plus actif"):
        services.decisions.set_field(
            decision.id,
            "owner_id",
            world.inactive.id,
            expected_version=decision.version,
            previous=world.nurse.id,
        )
    with pytest.raises(ValidationError, match="précéder la séance"):
        services.decisions.set_field(
            decision.id,
            "due_on",
            D - dt.timedelta(days=3),
            expected_version=decision.version,
            previous=decision.due_on,
        )
    stored = services.decisions.get(decision.id)
    assert (stored.owner_id, stored.due_on) == (world.nurse.id, D + dt.timedelta(days=14))
    # An owner who became inactive later keeps the decision; only a new choice is checked.
    services.directory.set_active(world.nurse.id, False)
    draft = DecisionDraft.of(stored)
    draft.description = "Bilan complet"
    services.decisions.update(decision.id, draft, expected_version=stored.version)


def test_decision_follow_up_after_validation(services, world):
    meeting, item = started_item(services, world)
    decision = services.decisions.create(
        item.id,
        DecisionDraft(
            description="Adresser au CMP",
            owner_id=world.psychiatrist.id,
            due_on=D + dt.timedelta(days=21),
        ),
    )
    services.meetings.close(meeting.id)
    services.meetings.validate(meeting.id)
    draft = DecisionDraft.of(decision)
    draft.description = "Autre chose"
    with pytest.raises(RefusedError, match="verrouillée"):
        services.decisions.update(decision.id, draft, expected_version=decision.version)
    with pytest.raises(ValidationError) as err:
        services.decisions.mark_done(decision.id, completed_on=None, differs_from_proposal=True)
    assert set(err.value.errors) == {"completed_on", "difference_reason"}
    with pytest.raises(ValidationError, match="futur"):
        services.decisions.mark_done(decision.id, completed_on=D + dt.timedelta(days=1))
    done = services.decisions.mark_done(
        decision.id,
        completed_on=D,
        note="RDV pris",
        differs_from_proposal=True,
        difference_reason="CMP saturé : adressé au psychiatre libéral",
        expected_version=decision.version,
    )
    assert done.status is DecisionStatus.DONE and done.completed_on == D
    with pytest.raises(ConflictError):
        services.decisions.set_status(
            decision.id, DecisionStatus.IN_PROGRESS, expected_version=decision.version
        )
    with pytest.raises(ValidationError, match="pourquoi l'action est annulée"):
        services.decisions.set_status(decision.id, DecisionStatus.CANCELLED, note="  ")


def test_open_actions_follow_the_case_and_the_board_groups_them(services, world):
    _meeting, item = started_item(services, world)
    context = services.agenda.context(item.id)
    assert [d.description for d in context.open_actions] == [
        "Appeler la sœur, personne de confiance"
    ]
    assert context.previous_presentations == 1 and context.crisis_plan is None
    services.decisions.create(
        item.id,
        DecisionDraft(
            description="Passage infirmier",
            owner_id=world.nurse.id,
            due_on=D + dt.timedelta(days=10),
        ),
    )
    board = services.followup.open_decisions(DecisionFilter(pathway=Pathway.MENTAL_HEALTH))
    assert [d.description for d in board] == [
        "Appeler la sœur, personne de confiance",
        "Passage infirmier",
    ]
    assert services.followup.open_decisions(DecisionFilter(pathway=Pathway.TND)) == []
    (owner,) = services.followup.by_owner()
    assert (owner.label, owner.open, owner.overdue, owner.due_soon) == ("Sonia Petit", 2, 1, 1)
    (pathway,) = services.followup.by_pathway()
    assert (pathway.key, pathway.open) == (Pathway.MENTAL_HEALTH, 2)
    services.decisions.mark_done(world.overdue_decision.id, completed_on=D, note="Fait")
    assert services.followup.by_owner()[0].overdue == 0


def test_sessions_summary_counts(services, world):
    meeting = plan(services, world)
    services.agenda.add_cases(
        meeting.id, [world.case_review.id, world.case_overdue.id], ItemDraft(planned_minutes=40)
    )
    summary = next(s for s in services.meetings.summaries() if s.id == meeting.id)
    assert (summary.cases, summary.planned_minutes, summary.overrun_minutes, summary.decisions) == (
        2,
        80,
        20,
        0,
    )
    data = summary.as_json()
    assert {"id", "date", "pathway", "status", "cases"} <= data.keys() and data[
        "date"
    ] == D.isoformat()
