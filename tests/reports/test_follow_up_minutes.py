"""The minutes follow each discussed case up: the decisions of its earlier sessions, where each
stood on the date of the session, deviations from the proposal with their reason."""

from __future__ import annotations

import datetime as dt

from rcp_desktop.models import AgendaItem, ItemKind, Meeting, MeetingStatus, Pathway
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.meetings import MeetingDraft
from tests.reports.factory import Pdf
from tests.workflow_world import D


def held_session(services, day: dt.date, case_id: int) -> int:
    """A validated session on *day* that discussed *case_id* (written as the world does)."""
    with services.db.write(services.ctx.actor) as s:
        meeting = Meeting(
            held_on=day,
            start_time=dt.time(20, 0),
            duration_minutes=120,
            pathway=Pathway.MENTAL_HEALTH,
            status=MeetingStatus.VALIDATED,
            quorum_met=True,
            validated_at=dt.datetime.combine(day, dt.time(23, 0)),
            validated_by="Dr Test",
        )
        s.add(meeting)
        s.flush()
        s.add(
            AgendaItem(
                meeting_id=meeting.id,
                case_id=case_id,
                position=1,
                kind=ItemKind.FOLLOW_UP,
                planned_minutes=15,
                question="Point d'étape",
            )
        )
        s.flush()
        return meeting.id


def todays_session(services, world) -> int:
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(20, 0), animator_id=world.gp.id),
        [world.psychiatrist.id, world.nurse.id],
    )
    services.agenda.add_cases(meeting.id, [world.case_overdue.id, world.case_review.id])
    return meeting.id


def minutes(services, meeting_id: int, **kwargs) -> Pdf:
    return Pdf(build_minutes(DocumentService(services.ctx).minutes(meeting_id, **kwargs)))


def test_an_open_earlier_action_is_followed_up_as_overdue(services, world):
    meeting_id = todays_session(services, world)
    pdf = minutes(services, meeting_id)
    assert pdf.flat.count("Suivi des actions précédentes") == 2
    past = world.past_meeting.held_on.strftime("%d/%m/%Y")
    assert "Appeler la sœur, personne de confiance" in pdf.flat
    assert f"Séance du {past}" in pdf.flat
    assert "Statut au 10/03/2026" in pdf.flat
    assert "À faire — en retard" in pdf.flat
    # The new case has nothing from before.
    assert "Aucune action issue d'une séance précédente." in pdf.flat
    data = DocumentService(services.ctx).minutes(meeting_id)
    by_case = {c.case_id: c for c in data.discussed}
    assert len(by_case[world.case_overdue.id].follow_up) == 1
    assert by_case[world.case_review.id].follow_up == ()


def test_completion_and_deviation_as_they_stood_on_the_session_date(services, world):
    middle = held_session(services, D - dt.timedelta(days=14), world.case_overdue.id)
    services.decisions.mark_done(
        world.overdue_decision.id,
        completed_on=D - dt.timedelta(days=3),
        note="Sœur jointe, rendez-vous posé avec Mme Bertin",
        differs_from_proposal=True,
        difference_reason="La sœur a préféré un appel du médecin traitant",
    )
    meeting_id = todays_session(services, world)
    today = minutes(services, meeting_id)
    assert "Fait le 07/03/2026" in today.flat
    assert "Note de réalisation : Sœur jointe, rendez-vous posé avec Mme Bertin" in today.flat
    assert "Écart à la proposition : La sœur a préféré un appel du médecin traitant" in today.flat
    assert "en retard" not in today.flat
    # The session of 24/02 was held before the action was done: its minutes say so, and
    # print no completion note (validated minutes do not change with later follow-up).
    before = minutes(services, middle)
    assert "Non réalisée à cette date — en retard" not in before.flat  # due 03/03, not yet late
    assert "Non réalisée à cette date" in before.flat
    assert "Sœur jointe" not in before.flat and "Fait le" not in before.flat


def test_actions_closed_before_the_previous_presentation_are_not_repeated(services, world):
    services.decisions.mark_done(world.overdue_decision.id, completed_on=D - dt.timedelta(days=20))
    middle = held_session(services, D - dt.timedelta(days=14), world.case_overdue.id)
    meeting_id = todays_session(services, world)
    data = DocumentService(services.ctx).minutes(meeting_id)
    case = next(c for c in data.discussed if c.case_id == world.case_overdue.id)
    assert case.follow_up == ()  # reported by the minutes of 24/02 already
    middle_data = DocumentService(services.ctx).minutes(middle)
    assert len(middle_data.discussed[0].follow_up) == 1


def test_pseudonymised_minutes_mask_the_follow_up_texts(services, world):
    services.decisions.mark_done(
        world.overdue_decision.id,
        completed_on=D - dt.timedelta(days=3),
        note="Appel fait à Louise Bertin au 06 12 34 56 78",
    )
    meeting_id = todays_session(services, world)
    pdf = minutes(services, meeting_id, pseudonymise=True)
    assert "Suivi des actions précédentes" in pdf.flat
    assert "Bertin" not in pdf.flat and "06 12 34 56 78" not in pdf.flat
    assert "Note de réalisation" in pdf.flat
    # The earlier session's date would link the case to that session's own documents.
    past = world.past_meeting.held_on.strftime("%d/%m/%Y")
    assert "Séance précédente" in pdf.flat and f"Séance du {past}" not in pdf.flat
