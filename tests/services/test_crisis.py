"""Crisis-anticipation plans at the service level: versions are written whole and never
rewritten, a new version starts from the latest, the comparison lists exactly what changed,
and every rule refuses bad input with a French message, storing nothing."""

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import (
    AuditEntry,
    CaseStatus,
    CrisisContactKind,
    CrisisPlanContact,
    CrisisPlanVersion,
    Meeting,
    MeetingStatus,
    Pathway,
)
from rcp_desktop.services.crisis import (
    TEXT_FIELD_NAMES,
    ContactDraft,
    PlanDraft,
    phone_is_plausible,
    word_diff,
)
from rcp_desktop.services.errors import NotFoundError, RefusedError, ValidationError
from tests.hostile import CONTROL, EMOJI, LONG, MARKUP, QUOTES, RTL, SQL
from tests.workflow_world import D


def first_draft(world, **kw):
    values = dict(
        drawn_up_on=D - dt.timedelta(days=28),
        reviewed_meeting_id=world.past_meeting.id,
        early_warning_signs="Insomnie, retrait social.",
        triggers="Conflits familiaux.",
        protective_factors="Soutien de la sœur.",
        what_helps="Un lieu calme.",
        what_to_avoid="Les discussions en groupe.",
        treatment_preferences="Per os.",
        treatments_to_avoid="Halopéridol : dystonie en 2019.",
        practical_arrangements="La voisine garde le chat.",
        next_review_on=D + dt.timedelta(days=90),
        contacts=[
            ContactDraft(
                CrisisContactKind.TRUSTED_PERSON,
                name="Anne Bertin",
                role="Sœur",
                phone="06 12 34 56 78",
                when_to_call="Dès les premiers signes.",
            ),
            ContactDraft(
                CrisisContactKind.PROFESSIONAL,
                professional_id=world.psychiatrist.id,
                when_to_call="En premier recours.",
            ),
            ContactDraft(
                CrisisContactKind.PROFESSIONAL, professional_id=world.gp.id, role="Médecin traitant"
            ),
        ],
    )
    values.update(kw)
    return PlanDraft(**values)


def counts(services):
    with services.db.read() as s:
        return (
            s.scalar(select(func.count(CrisisPlanVersion.id))),
            s.scalar(select(func.count(CrisisPlanContact.id))),
            s.scalar(select(func.count(AuditEntry.id))),
        )


def refused(services, fn, field):
    before = counts(services)
    with pytest.raises(ValidationError) as exc:
        fn()
    assert before == counts(services)
    return exc.value.errors[field]


# --- versions ----------------------------------------------------------------------------------


def test_first_version_is_numbered_one_with_contacts_in_order(services, world):
    case = world.case_overdue
    plan = services.crisis.create_version(case.id, first_draft(world))
    assert plan.version == 1
    assert plan.reviewed_meeting.id == world.past_meeting.id
    assert [(c.position, c.name or c.professional.last_name) for c in plan.contacts] == [
        (1, "Anne Bertin"),
        (2, "Leroy"),
        (3, "Dupont"),
    ]
    assert [v.id for v in services.crisis.versions(case.id)] == [plan.id]
    assert services.crisis.latest(case.id).id == plan.id
    assert services.crisis.latest(world.case_review.id) is None


def test_new_draft_copies_the_latest_version_dated_today_without_session(services, world):
    case = world.case_overdue
    empty = services.crisis.new_draft(case.id)
    assert empty == PlanDraft(drawn_up_on=D)
    first = services.crisis.create_version(case.id, first_draft(world))
    draft = services.crisis.new_draft(case.id)
    assert draft.drawn_up_on == D and draft.reviewed_meeting_id is None
    for name in TEXT_FIELD_NAMES:
        assert getattr(draft, name) == getattr(first, name)
    assert draft.next_review_on == first.next_review_on
    assert [(c.name, c.professional_id, c.phone) for c in draft.contacts] == [
        (c.name, c.professional_id, c.phone) for c in first.contacts
    ]


def test_new_draft_drops_a_review_date_already_past(services, world):
    case = world.case_overdue
    services.crisis.create_version(
        case.id, first_draft(world, next_review_on=D - dt.timedelta(days=1))
    )
    assert services.crisis.new_draft(case.id).next_review_on is None


def test_a_new_version_never_rewrites_the_old_one(services, world):
    case = world.case_overdue
    first = services.crisis.create_version(case.id, first_draft(world))
    with services.db.read() as s:
        old_rows = [
            tuple(getattr(c, col.name) for col in c.__table__.columns)
            for c in s.scalars(
                select(CrisisPlanContact).where(CrisisPlanContact.plan_id == first.id)
            )
        ]
        old_plan = s.get(CrisisPlanVersion, first.id)
        old_values = {
            col.name: getattr(old_plan, col.name) for col in CrisisPlanVersion.__table__.columns
        }
    draft = services.crisis.new_draft(case.id)
    draft.contacts.reverse()
    draft.what_helps = "Un lieu calme et la musique."
    second = services.crisis.create_version(case.id, draft)
    third = services.crisis.create_version(case.id, services.crisis.new_draft(case.id))
    assert (second.version, third.version) == (2, 3)
    again = services.crisis.get(first.id)
    assert {
        col.name: getattr(again, col.name) for col in CrisisPlanVersion.__table__.columns
    } == old_values
    assert [
        tuple(getattr(c, col.name) for col in c.__table__.columns) for c in again.contacts
    ] == old_rows
    # The audit log holds creations only for plans and their contacts: nothing was updated.
    with services.db.read() as s:
        actions = set(
            s.scalars(
                select(AuditEntry.action).where(
                    AuditEntry.entity.in_(["crisis_plan_version", "crisis_plan_contact"])
                )
            )
        )
    assert actions == {"create"}
    assert [c.professional_id for c in second.contacts] == [
        world.gp.id,
        world.psychiatrist.id,
        None,
    ]
    assert not hasattr(services.crisis, "update") and not hasattr(services.crisis, "update_version")


def test_versions_are_per_case(services, world):
    services.crisis.create_version(world.case_overdue.id, first_draft(world))
    other = services.crisis.create_version(
        world.case_review.id, first_draft(world, reviewed_meeting_id=None)
    )
    assert other.version == 1


def test_hostile_texts_are_stored_as_typed(services, world):
    texts = {
        "early_warning_signs": MARKUP,
        "triggers": EMOJI,
        "protective_factors": QUOTES,
        "what_helps": RTL,
        "what_to_avoid": SQL,
        "treatment_preferences": LONG,
        "treatments_to_avoid": CONTROL,
        "practical_arrangements": "ligne 1\nligne 2",
    }
    contact = ContactDraft(
        CrisisContactKind.TRUSTED_PERSON,
        name=MARKUP,
        role=EMOJI,
        phone="+33 6 12 34 56 78",
        when_to_call=LONG,
    )
    plan = services.crisis.create_version(
        world.case_overdue.id, first_draft(world, contacts=[contact], **texts)
    )
    for name, value in texts.items():
        assert getattr(plan, name) == value
    (stored,) = plan.contacts
    assert (stored.name, stored.role, stored.when_to_call) == (MARKUP, EMOJI, LONG)


# --- comparison --------------------------------------------------------------------------------


def test_compare_lists_exactly_the_changed_fields(services, world):
    case = world.case_overdue
    first = services.crisis.create_version(case.id, first_draft(world))
    draft = services.crisis.new_draft(case.id)
    draft.triggers = "Conflits familiaux, date anniversaire du deuil."
    draft.treatments_to_avoid = None
    draft.next_review_on = D + dt.timedelta(days=180)
    second = services.crisis.create_version(case.id, draft)
    result = services.crisis.compare(first.id, second.id)
    assert result.changed_fields == ("triggers", "treatments_to_avoid", "next_review_on")
    assert result.contacts == () and not result.order_changed and not result.identical
    triggers = result.changes[0]
    assert triggers.label == "Facteurs déclenchants"
    assert [(s.op, s.text) for s in triggers.segments] == [
        ("equal", "Conflits "),
        ("delete", "familiaux."),
        ("insert", "familiaux, date anniversaire du deuil."),
    ]
    assert (
        result.changes[1].before == "Halopéridol : dystonie en 2019."
        and result.changes[1].after is None
    )
    assert result.changes[2].before == (D + dt.timedelta(days=90)).strftime("%d/%m/%Y")
    # Either order of the arguments compares older → newer.
    assert services.crisis.compare(second.id, first.id).changed_fields == result.changed_fields


def test_compare_sees_contact_order_additions_removals_and_edits(services, world):
    case = world.case_overdue
    first = services.crisis.create_version(case.id, first_draft(world))
    draft = services.crisis.new_draft(case.id)
    sister, psychiatrist, _gp = draft.contacts
    psychiatrist.when_to_call = "Jour et nuit."
    nurse = ContactDraft(CrisisContactKind.PROFESSIONAL, professional_id=world.nurse.id)
    draft.contacts = [psychiatrist, sister, nurse]  # the GP removed, the nurse added, order changed
    second = services.crisis.create_version(case.id, draft)
    result = services.crisis.compare(first.id, second.id)
    assert result.changed_fields == ()
    assert result.order_changed
    assert result.before_order == ("Anne Bertin", "Marc Leroy", "Claire Dupont")
    assert result.after_order == ("Marc Leroy", "Anne Bertin", "Sonia Petit")
    summary = [
        (c.change, c.label, c.before_position, c.after_position, tuple(f.field for f in c.fields))
        for c in result.contacts
    ]
    assert summary == [
        ("changed", "Marc Leroy", 2, 1, ("when_to_call",)),
        ("added", "Sonia Petit", None, 3, ()),
        ("removed", "Claire Dupont", 3, None, ()),
    ]
    edit = result.contacts[0].fields[0]
    assert (edit.before, edit.after) == ("En premier recours.", "Jour et nuit.")


def test_compare_identical_versions_and_a_moved_contact_alone(services, world):
    case = world.case_overdue
    first = services.crisis.create_version(case.id, first_draft(world))
    same = services.crisis.create_version(case.id, services.crisis.new_draft(case.id))
    assert services.crisis.compare(first.id, same.id).identical
    draft = services.crisis.new_draft(case.id)
    draft.contacts.append(draft.contacts.pop(0))
    moved = services.crisis.compare(same.id, services.crisis.create_version(case.id, draft).id)
    assert moved.order_changed and moved.contacts == () and moved.changes == ()


def test_compare_refuses_versions_of_two_cases(services, world):
    a = services.crisis.create_version(world.case_overdue.id, first_draft(world))
    b = services.crisis.create_version(
        world.case_review.id, first_draft(world, reviewed_meeting_id=None)
    )
    with pytest.raises(RefusedError) as exc:
        services.crisis.compare(a.id, b.id)
    assert "même dossier" in exc.value.message
    with pytest.raises(NotFoundError):
        services.crisis.compare(a.id, 999_999)


def test_word_diff_keeps_markup_as_text():
    assert word_diff(None, MARKUP) == (type(word_diff("a", "a")[0])("insert", MARKUP),)
    assert "".join(s.text for s in word_diff("a b c", "a x c") if s.op != "delete") == "a x c"
    assert word_diff("", "") == ()


# --- rules -------------------------------------------------------------------------------------


def test_next_review_before_the_version_date_is_refused(services, world):
    draft = first_draft(world, next_review_on=D - dt.timedelta(days=29))
    message = refused(
        services,
        lambda: services.crisis.create_version(world.case_overdue.id, draft),
        "next_review_on",
    )
    assert message == "La prochaine révision ne peut pas précéder la date de la version."


def test_version_date_in_the_future_or_missing_is_refused(services, world):
    case = world.case_overdue
    future = first_draft(world, drawn_up_on=D + dt.timedelta(days=1), next_review_on=None)
    assert refused(
        services, lambda: services.crisis.create_version(case.id, future), "drawn_up_on"
    ) == ("La date de la version ne peut pas être dans le futur.")
    missing = first_draft(world, drawn_up_on=None)
    assert refused(
        services, lambda: services.crisis.create_version(case.id, missing), "drawn_up_on"
    ) == ("Ce champ est obligatoire.")


def test_a_version_cannot_be_older_than_the_latest(services, world):
    case = world.case_overdue
    services.crisis.create_version(case.id, first_draft(world))
    older = first_draft(world, drawn_up_on=D - dt.timedelta(days=40), reviewed_meeting_id=None)
    message = refused(
        services, lambda: services.crisis.create_version(case.id, older), "drawn_up_on"
    )
    assert (
        message == "Une nouvelle version ne peut pas être antérieure à la version 1 du 10/02/2026."
    )


def test_a_contact_needs_a_name_or_a_professional(services, world):
    draft = first_draft(world)
    draft.contacts.append(
        ContactDraft(CrisisContactKind.TRUSTED_PERSON, name="   ", phone="0612345678")
    )
    message = refused(
        services,
        lambda: services.crisis.create_version(world.case_overdue.id, draft),
        "contacts.3.name",
    )
    assert message == "Indiquez un nom ou choisissez un professionnel de l'annuaire."
    with pytest.raises(ValidationError) as exc:
        services.crisis.check_contact(ContactDraft(CrisisContactKind.TRUSTED_PERSON))
    assert set(exc.value.errors) == {"name"}


@pytest.mark.parametrize(
    "phone",
    [
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "15",
        "112",
        "3114",
        "116 117",
        "+44 20 7946 0958",
    ],
)
def test_plausible_phone_numbers(phone):
    assert phone_is_plausible(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "06 12 34",
        "061234567890",
        "abc",
        "06-12-34-56-7x",
        "+33 6 12",
        "1",
        "(06) 12 34 56 78",
        MARKUP,
        "😀",
        "+",
    ],
)
def test_implausible_phone_numbers_are_refused_in_french(services, phone):
    with pytest.raises(ValidationError) as exc:
        services.crisis.check_contact(
            ContactDraft(CrisisContactKind.TRUSTED_PERSON, name="Anne", phone=phone)
        )
    assert exc.value.errors["phone"].startswith("Numéro de téléphone invalide")


def test_long_fields_of_a_contact_are_limited(services):
    with pytest.raises(ValidationError) as exc:
        services.crisis.check_contact(
            ContactDraft(CrisisContactKind.TRUSTED_PERSON, name=LONG, role=LONG)
        )
    assert exc.value.errors == {
        "name": "200 caractères au plus.",
        "role": "200 caractères au plus.",
    }
    ok = services.crisis.check_contact(
        ContactDraft(CrisisContactKind.TRUSTED_PERSON, name="  Anne  ", when_to_call=LONG)
    )
    assert ok.name == "Anne" and ok.when_to_call == LONG


def test_an_empty_plan_is_refused(services, world):
    empty = PlanDraft(drawn_up_on=D, early_warning_signs="   ")
    message = refused(
        services,
        lambda: services.crisis.create_version(world.case_overdue.id, empty),
        "early_warning_signs",
    )
    assert message == "Le plan est vide : renseignez au moins une rubrique ou un contact."


def test_a_professional_listed_twice_is_refused(services, world):
    draft = first_draft(world)
    draft.contacts.append(replace(draft.contacts[1]))
    message = refused(
        services, lambda: services.crisis.create_version(world.case_overdue.id, draft), "contacts"
    )
    assert message == "Un même professionnel figure deux fois dans les contacts."


def test_text_longer_than_the_limit_is_refused(services, world):
    draft = first_draft(world, what_helps="x" * 20_001)
    assert (
        refused(
            services,
            lambda: services.crisis.create_version(world.case_overdue.id, draft),
            "what_helps",
        )
        == "20000 caractères au plus."
    )


def test_the_linked_session_must_have_reviewed_this_case(services, world):
    # The past session had case_overdue on its agenda, not case_review.
    draft = first_draft(world)
    assert (
        refused(
            services,
            lambda: services.crisis.create_version(world.case_review.id, draft),
            "reviewed_meeting_id",
        )
        == "Ce dossier n'était pas à l'ordre du jour de cette séance."
    )
    with services.db.write(services.ctx.actor) as s:
        future = Meeting(
            held_on=D + dt.timedelta(days=7),
            start_time=dt.time(18, 0),
            duration_minutes=60,
            pathway=Pathway.MENTAL_HEALTH,
            status=MeetingStatus.PLANNED,
        )
        s.add(future)
        s.flush()
        future_id = future.id
    draft = first_draft(world, reviewed_meeting_id=future_id)
    assert (
        refused(
            services,
            lambda: services.crisis.create_version(world.case_overdue.id, draft),
            "reviewed_meeting_id",
        )
        == "Une séance à venir ne peut pas avoir révisé ce plan."
    )
    draft = first_draft(world, reviewed_meeting_id=999_999)
    assert (
        refused(
            services,
            lambda: services.crisis.create_version(world.case_overdue.id, draft),
            "reviewed_meeting_id",
        )
        == "Cette séance n'existe plus."
    )


def test_reviewable_meetings_are_the_case_sessions_held_so_far(services, world):
    assert [m.id for m in services.crisis.reviewable_meetings(world.case_overdue.id)] == [
        world.past_meeting.id
    ]
    assert services.crisis.reviewable_meetings(world.case_review.id) == []


def test_unknown_case_or_professional(services, world):
    with pytest.raises(NotFoundError):
        services.crisis.create_version(999_999, first_draft(world, reviewed_meeting_id=None))
    with pytest.raises(NotFoundError):
        services.crisis.check_contact(
            ContactDraft(CrisisContactKind.PROFESSIONAL, professional_id=999_999)
        )
    draft = first_draft(
        world, contacts=[ContactDraft(CrisisContactKind.PROFESSIONAL, professional_id=999_999)]
    )
    before = counts(services)
    with pytest.raises(NotFoundError):
        services.crisis.create_version(world.case_overdue.id, draft)
    assert counts(services) == before


def test_the_live_meeting_context_shows_the_latest_version(services, world):
    case = world.case_overdue
    services.crisis.create_version(case.id, first_draft(world))
    draft = services.crisis.new_draft(case.id)
    draft.early_warning_signs = "Nouvelle formulation."
    second = services.crisis.create_version(case.id, draft)
    (item,) = services.cases.presentations(case.id)
    context = services.agenda.context(item.id)
    assert context.crisis_plan.id == second.id
    assert context.crisis_plan.early_warning_signs == "Nouvelle formulation."


def test_a_closed_case_plan_is_read_only(services, world):
    case = world.case_overdue
    first = services.crisis.create_version(case.id, first_draft(world))
    services.cases.set_status(case.id, CaseStatus.CLOSED, reason="Déménagement hors territoire")
    before = counts(services)
    with pytest.raises(RefusedError) as exc:
        services.crisis.create_version(case.id, services.crisis.new_draft(case.id))
    assert exc.value.message == "Ce dossier est clos : rouvrez-le pour réviser son plan de crise."
    assert counts(services) == before
    assert [v.id for v in services.crisis.versions(case.id)] == [first.id]
