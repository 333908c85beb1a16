"""USIPA at the service level: one active enrolment per case, contacts inside the enrolment's
dates, exit rules, and the board's weekly counts with the fixed clock (TODAY = Tue 10/03/2026)."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import (
    AuditEntry,
    CaseStatus,
    UsipaContact,
    UsipaContactKind,
    UsipaEnrolment,
    UsipaOutcome,
    UsipaTeamMember,
)
from rcp_desktop.services.errors import NotFoundError, RefusedError, ValidationError
from rcp_desktop.services.usipa import ContactDraft, EnrolmentDraft, ExitDraft, expected_contacts
from tests.hostile import CONTROL, EMOJI, LONG, MARKUP
from tests.workflow_world import D

VISIT, PHONE = UsipaContactKind.VISIT, UsipaContactKind.PHONE


def include(services, world, case=None, days_ago=20, planned=3, **kw):
    values = dict(
        inclusion_on=D - dt.timedelta(days=days_ago),
        inclusion_criteria="Crise aiguë, entourage présent.",
        planned_contacts_per_week=planned,
        team=[world.psychiatrist.id, world.nurse.id],
    )
    values.update(kw)
    return services.usipa.include((case or world.case_review).id, EnrolmentDraft(**values))


def contact(services, world, enrolment, days_ago, kind=VISIT, note=None):
    return services.usipa.add_contact(
        enrolment.id, ContactDraft(D - dt.timedelta(days=days_ago), world.nurse.id, kind, note)
    )


def counts(services):
    with services.db.read() as s:
        return tuple(
            s.scalar(select(func.count(m.id)))
            for m in (UsipaEnrolment, UsipaTeamMember, UsipaContact, AuditEntry)
        )


def refused(services, fn, field=None):
    """Run *fn*, expect a refusal; nothing is stored. Returns the French message."""
    before = counts(services)
    with pytest.raises((ValidationError, RefusedError)) as exc:
        fn()
    assert counts(services) == before
    if field is None:
        return exc.value.message
    return exc.value.errors[field]


# --- enrolment ---------------------------------------------------------------------------------


def test_include_records_criteria_team_and_intensity(services, world):
    enrolment = include(services, world, inclusion_criteria=MARKUP + " " + EMOJI)
    assert enrolment.inclusion_on == D - dt.timedelta(days=20)
    assert enrolment.inclusion_criteria == MARKUP + " " + EMOJI
    assert enrolment.planned_contacts_per_week == 3
    assert {m.professional_id for m in enrolment.team} == {world.psychiatrist.id, world.nurse.id}
    assert services.usipa.active(world.case_review.id).id == enrolment.id
    assert [e.id for e in services.usipa.enrolments(world.case_review.id)] == [enrolment.id]


@pytest.mark.parametrize("planned", [0, 51, 99, -1, None])
def test_intensity_outside_1_to_50_is_refused(services, world, planned):
    message = refused(
        services, lambda: include(services, world, planned=planned), "planned_contacts_per_week"
    )
    assert message == "Valeur attendue entre 1 et 50."


@pytest.mark.parametrize("planned", [1, 50])
def test_intensity_bounds_are_accepted(services, world, planned):
    assert include(services, world, planned=planned).planned_contacts_per_week == planned


def test_inclusion_in_the_future_before_the_case_or_without_team_is_refused(services, world):
    assert refused(services, lambda: include(services, world, days_ago=-1), "inclusion_on") == (
        "La date d'inclusion ne peut pas être dans le futur."
    )
    assert refused(services, lambda: include(services, world, days_ago=91), "inclusion_on") == (
        "L'inclusion ne peut pas précéder l'ouverture du dossier (10/12/2025)."
    )
    assert refused(
        services, lambda: include(services, world, inclusion_on=None), "inclusion_on"
    ) == ("Ce champ est obligatoire.")
    assert refused(services, lambda: include(services, world, team=[]), "team") == (
        "Choisissez au moins un professionnel de l'équipe."
    )
    with pytest.raises(NotFoundError):
        include(services, world, team=[999_999])
    assert services.usipa.enrolments(world.case_review.id) == []


def test_a_second_active_enrolment_is_refused(services, world):
    include(services, world)
    message = refused(services, lambda: include(services, world, days_ago=5))
    assert message == (
        "Ce dossier a déjà une inclusion USIPA en cours (depuis le 18/02/2026) : "
        "notez sa sortie avant une nouvelle inclusion."
    )


def test_a_new_enrolment_after_an_exit_must_not_overlap(services, world):
    first = include(services, world, days_ago=40)
    services.usipa.exit(first.id, ExitDraft(D - dt.timedelta(days=20), UsipaOutcome.HOSPITALISED))
    assert refused(services, lambda: include(services, world, days_ago=25), "inclusion_on") == (
        "Cette période chevauche l'inclusion du 29/01/2026 (sortie le 18/02/2026)."
    )
    second = include(services, world, days_ago=10)
    assert [e.id for e in services.usipa.enrolments(world.case_review.id)] == [first.id, second.id]
    assert services.usipa.active(world.case_review.id).id == second.id


def test_a_closed_case_cannot_be_included(services, world):
    services.cases.set_status(world.case_review.id, CaseStatus.CLOSED, reason="Déménagement")
    assert "clos" in refused(services, lambda: include(services, world))


def test_update_enrolment_changes_intensity_and_team(services, world):
    enrolment = include(services, world)
    contact(services, world, enrolment, 15)
    draft = EnrolmentDraft.of(enrolment)
    draft.planned_contacts_per_week = 2
    draft.team = [world.nurse.id, world.psychologist.id]
    updated = services.usipa.update_enrolment(enrolment.id, draft)
    assert updated.planned_contacts_per_week == 2
    assert {m.professional_id for m in updated.team} == {world.nurse.id, world.psychologist.id}
    # The inclusion cannot move after a logged contact.
    draft.inclusion_on = D - dt.timedelta(days=10)
    assert refused(
        services, lambda: services.usipa.update_enrolment(enrolment.id, draft), "inclusion_on"
    ) == ("Un contact est noté le 23/02/2026 : l'inclusion ne peut pas être postérieure.")
    draft.inclusion_on, draft.planned_contacts_per_week = enrolment.inclusion_on, 99
    refused(
        services,
        lambda: services.usipa.update_enrolment(enrolment.id, draft),
        "planned_contacts_per_week",
    )
    assert services.usipa.get(enrolment.id).planned_contacts_per_week == 2


# --- contacts ----------------------------------------------------------------------------------


def test_contacts_are_logged_in_date_order(services, world):
    enrolment = include(services, world)
    contact(services, world, enrolment, 2, PHONE, note=LONG)
    contact(services, world, enrolment, 10, note=CONTROL)
    contacts = services.usipa.get(enrolment.id).contacts
    assert [c.contact_on for c in contacts] == [D - dt.timedelta(days=10), D - dt.timedelta(days=2)]
    assert contacts[1].note == LONG and contacts[0].note == CONTROL
    assert contacts[1].professional.id == world.nurse.id


def test_contacts_outside_the_enrolment_dates_are_refused(services, world):
    enrolment = include(services, world)
    assert refused(services, lambda: contact(services, world, enrolment, 21), "contact_on") == (
        "Ce contact précède l'inclusion en USIPA (18/02/2026)."
    )
    assert refused(services, lambda: contact(services, world, enrolment, -1), "contact_on") == (
        "La date du contact ne peut pas être dans le futur."
    )
    contact(services, world, enrolment, 20)  # the inclusion day itself is inside
    services.usipa.exit(
        enrolment.id, ExitDraft(D - dt.timedelta(days=5), UsipaOutcome.HOSPITALISATION_AVOIDED)
    )
    assert refused(services, lambda: contact(services, world, enrolment, 4), "contact_on") == (
        "Ce contact suit la sortie d'USIPA (05/03/2026)."
    )
    late = contact(services, world, enrolment, 5)  # late entry, still inside the dates
    assert late.contact_on == D - dt.timedelta(days=5)


def test_a_contact_needs_date_professional_and_kind(services, world):
    enrolment = include(services, world)
    with pytest.raises(ValidationError) as exc:
        services.usipa.add_contact(enrolment.id, ContactDraft())
    assert set(exc.value.errors) == {"contact_on", "professional_id", "kind"}
    assert (
        refused(
            services,
            lambda: services.usipa.add_contact(
                enrolment.id, ContactDraft(D, world.nurse.id, VISIT, "x" * 20_001)
            ),
            "note",
        )
        == "20000 caractères au plus."
    )


def test_edit_and_delete_a_contact(services, world):
    enrolment = include(services, world)
    logged = contact(services, world, enrolment, 3, note="Avant")
    changed = services.usipa.update_contact(
        logged.id,
        ContactDraft(
            D - dt.timedelta(days=1),
            world.psychiatrist.id,
            UsipaContactKind.TELECONSULTATION,
            "Après 😀",
        ),
    )
    assert (changed.contact_on, changed.professional_id, changed.kind, changed.note) == (
        D - dt.timedelta(days=1),
        world.psychiatrist.id,
        UsipaContactKind.TELECONSULTATION,
        "Après 😀",
    )
    refused(
        services,
        lambda: services.usipa.update_contact(
            logged.id, ContactDraft(D - dt.timedelta(days=30), world.nurse.id, VISIT)
        ),
        "contact_on",
    )
    assert services.usipa.get_contact(logged.id).note == "Après 😀"
    services.usipa.delete_contact(logged.id)
    assert services.usipa.get(enrolment.id).contacts == []
    with pytest.raises(NotFoundError):
        services.usipa.delete_contact(logged.id)


# --- exit --------------------------------------------------------------------------------------


def test_exit_records_date_outcome_and_note(services, world):
    enrolment = include(services, world)
    done = services.usipa.exit(
        enrolment.id, ExitDraft(D, UsipaOutcome.HOSPITALISATION_AVOIDED, "Relais CMP.")
    )
    assert (done.exit_on, done.exit_outcome, done.exit_note) == (
        D,
        UsipaOutcome.HOSPITALISATION_AVOIDED,
        "Relais CMP.",
    )
    assert services.usipa.active(world.case_review.id) is None
    assert "déjà notée" in refused(
        services, lambda: services.usipa.exit(enrolment.id, ExitDraft(D, UsipaOutcome.HOSPITALISED))
    )


def test_exit_rules(services, world):
    enrolment = include(services, world)
    contact(services, world, enrolment, 3)
    exit_ = services.usipa.exit
    assert refused(
        services,
        lambda: exit_(enrolment.id, ExitDraft(D - dt.timedelta(days=21), UsipaOutcome.OTHER, "x")),
        "exit_on",
    ) == ("La sortie ne peut pas précéder l'inclusion (18/02/2026).")
    assert refused(
        services,
        lambda: exit_(enrolment.id, ExitDraft(D + dt.timedelta(days=1), UsipaOutcome.HOSPITALISED)),
        "exit_on",
    ) == ("La date de sortie ne peut pas être dans le futur.")
    assert refused(
        services,
        lambda: exit_(enrolment.id, ExitDraft(D - dt.timedelta(days=4), UsipaOutcome.HOSPITALISED)),
        "exit_on",
    ) == ("Un contact est noté le 07/03/2026 : la sortie ne peut pas le précéder.")
    assert (
        refused(services, lambda: exit_(enrolment.id, ExitDraft(D, None)), "outcome")
        == "Ce champ est obligatoire."
    )
    assert refused(
        services, lambda: exit_(enrolment.id, ExitDraft(D, UsipaOutcome.OTHER, "  ")), "note"
    ) == ("Précisez l'issue dans la note.")
    assert services.usipa.get(enrolment.id).exit_on is None


# --- board -------------------------------------------------------------------------------------


def test_expected_contacts_are_pro_rated_in_the_first_week():
    assert expected_contacts(3, D - dt.timedelta(days=30), D) == 3
    assert expected_contacts(3, D, D) == 1  # ceil(3 × 1/7)
    assert expected_contacts(7, D - dt.timedelta(days=2), D) == 3
    assert expected_contacts(50, D - dt.timedelta(days=6), D) == 50
    assert expected_contacts(3, D + dt.timedelta(days=1), D) == 0


def test_board_counts_this_week_against_the_planned_intensity(services, world):
    enrolment = include(services, world, days_ago=20, planned=3)
    contact(services, world, enrolment, 7)  # 03/03: outside the last 7 days (04/03 → 10/03)
    contact(services, world, enrolment, 6)  # 04/03: inside
    (row,) = services.usipa.board()
    assert (row.case_number, row.patient) == (world.case_review.number, "ARNAUD Julie")
    assert (row.days_since_inclusion, row.planned_per_week, row.expected_this_week) == (20, 3, 3)
    assert (row.contacts_this_week, row.last_contact_on, row.days_since_last_contact) == (
        1,
        D - dt.timedelta(days=6),
        6,
    )
    assert row.behind and row.team == ("Marc Leroy", "Sonia Petit")
    contact(services, world, enrolment, 1)
    assert services.usipa.board()[0].behind
    contact(services, world, enrolment, 0)
    (row,) = services.usipa.board()
    assert row.contacts_this_week == 3 and not row.behind and row.last_contact_on == D


def test_board_lists_active_enrolments_only_behind_first(services, world):
    on_track = include(services, world, case=world.case_review, days_ago=2, planned=2)
    contact(services, world, on_track, 0)  # 1 expected over 3 days
    behind = include(services, world, case=world.case_overdue, days_ago=30, planned=2)
    contact(services, world, behind, 9)
    never = include(services, world, case=world.case_exception, days_ago=3, planned=1)
    exited = include(services, world, case=world.case_no_consent, days_ago=30)
    services.usipa.exit(exited.id, ExitDraft(D, UsipaOutcome.LOST_TO_FOLLOW_UP))
    rows = services.usipa.board()
    assert [r.enrolment_id for r in rows] == [behind.id, never.id, on_track.id]
    assert [r.behind for r in rows] == [True, True, False]
    assert rows[1].last_contact_on is None and rows[1].days_since_last_contact is None
    assert rows[1].expected_this_week == 1 and rows[1].contacts_this_week == 0
