"""The TND part of a child's case at the service level: follow-up (PCO, school, MDPH), legal
representatives and their consent, assessments and interventions, the delays between the steps;
hostile and inconsistent input refused with a French message and nothing written."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import (
    AuditEntry,
    MdphStatus,
    Pathway,
    SchoolStatus,
    Sex,
    TndConsent,
    TndDiscipline,
    TndFollowUp,
    TndRelationship,
    TndRepresentative,
    TndStep,
    TndStepKind,
)
from rcp_desktop.services.cases import CaseDraft
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.services.tnd import FollowUpDraft, RepresentativeDraft, StepDraft
from tests.hostile import EMOJI, LONG, MARKUP, RTL
from tests.workflow_world import D

BORN = dt.date(2021, 4, 2)


def days(n: int) -> dt.date:
    return D - dt.timedelta(days=n)


def tnd_case(services, world, born=BORN):
    child = services.patients.create(
        PatientDraft(birth_name="Lambert", first_names="Noé", birth_date=born, sex=Sex.MALE)
    )
    return services.cases.create(
        CaseDraft(
            patient_id=child.id,
            pathway=Pathway.TND,
            opened_on=days(200),
            referral_reason="Retard de langage, difficultés motrices",
            question="Orientation vers la PCO ?",
            referrer_id=world.gp.id,
        )
    )


@pytest.fixture
def case(services, world):
    return tnd_case(services, world)


def counts(services):
    with services.db.read() as s:
        return tuple(
            s.scalar(select(func.count(m.id)))
            for m in (TndFollowUp, TndRepresentative, TndStep, AuditEntry)
        )


def refused(services, fn, field=None):
    before = counts(services)
    with pytest.raises((ValidationError, RefusedError)) as exc:
        fn()
    assert counts(services) == before
    if field is None:
        return exc.value.message
    return exc.value.errors[field]


FULL = FollowUpDraft(
    first_concern_on=days(300),
    pco_name="PCO TND 0-6 ans du Val",
    pco_referred_on=days(250),
    pco_accepted_on=days(236),
    school_status=SchoolStatus.ORDINARY_WITH_AESH,
    school_note="Moyenne section, AESH 12 h par semaine",
    mdph_status=MdphStatus.GRANTED,
    mdph_filed_on=days(180),
    mdph_decision_on=days(60),
)


def test_follow_up_representatives_steps_and_delays(services, world, case):
    overview = services.tnd.save_follow_up(case.id, FULL)
    assert overview.follow_up.pco_name == "PCO TND 0-6 ans du Val"
    assert overview.follow_up.school_status is SchoolStatus.ORDINARY_WITH_AESH
    services.tnd.add_representative(
        case.id,
        RepresentativeDraft(
            "Lambert Julie", TndRelationship.MOTHER, "06 12 34 56 78", TndConsent.GIVEN, days(260)
        ),
    )
    services.tnd.add_representative(
        case.id, RepresentativeDraft("Lambert Yann", TndRelationship.FATHER)
    )
    # An assessment before the referral (the GP's own) does not count for the PCO's delays.
    services.tnd.add_step(
        case.id,
        StepDraft(
            TndStepKind.ASSESSMENT,
            TndDiscipline.SPEECH_THERAPY,
            None,
            "Mme Roux",
            days(290),
            days(280),
            days(270),
        ),
    )
    services.tnd.add_step(
        case.id,
        StepDraft(
            TndStepKind.ASSESSMENT,
            TndDiscipline.PSYCHOMOTRICITY,
            world.nurse.id,
            "ignored",
            days(240),
            days(220),
            days(200),
        ),
    )
    services.tnd.add_step(
        case.id,
        StepDraft(
            TndStepKind.INTERVENTION,
            TndDiscipline.PSYCHOMOTRICITY,
            world.nurse.id,
            None,
            days(200),
            days(170),
        ),
    )
    overview = services.tnd.overview(case.id)
    assert overview.consent_given
    assert [r.consent for r in overview.representatives] == [TndConsent.GIVEN, TndConsent.PENDING]
    assert overview.representatives[1].consent_on is None
    nurse = world.nurse.display_name
    assert [s.provider for s in overview.steps] == ["Mme Roux", nurse, nurse]
    assert overview.steps[1].provider_name is None  # the directory's professional wins
    delays = {d.key: d.days for d in overview.delays}
    assert delays == {
        "concern_to_referral": 50,
        "referral_to_acceptance": 14,
        "referral_to_assessment": 30,
        "referral_to_intervention": 80,
        "mdph": 120,
    }


def test_hostile_text_is_kept_as_typed_and_too_long_text_refused(services, world, case):
    rep = services.tnd.add_representative(
        case.id, RepresentativeDraft(MARKUP, TndRelationship.GUARDIAN, note=EMOJI + RTL)
    )
    assert rep.name == MARKUP and rep.note == EMOJI + RTL
    assert (
        refused(
            services,
            lambda: services.tnd.add_representative(
                case.id, RepresentativeDraft(LONG, TndRelationship.MOTHER)
            ),
            "name",
        )
        == "200 caractères au plus."
    )
    assert (
        refused(
            services,
            lambda: services.tnd.save_follow_up(case.id, FollowUpDraft(school_note=LONG)),
            "school_note",
        )
        == "2000 caractères au plus."
    )
    assert (
        refused(
            services,
            lambda: services.tnd.add_step(
                case.id, StepDraft(TndStepKind.INTERVENTION, TndDiscipline.OTHER, note=LONG)
            ),
            "note",
        )
        == "2000 caractères au plus."
    )
    assert (
        refused(
            services,
            lambda: services.tnd.update_representative(
                rep.id, RepresentativeDraft("  ", TndRelationship.MOTHER)
            ),
            "name",
        )
        == "Ce champ est obligatoire."
    )
    assert services.tnd.overview(case.id).representatives[0].name == MARKUP


def test_dates_out_of_order_future_or_before_birth_are_refused(services, world, case):
    tnd = services.tnd
    assert (
        refused(
            services,
            lambda: tnd.save_follow_up(
                case.id, FollowUpDraft(first_concern_on=days(10), pco_referred_on=days(20))
            ),
            "pco_referred_on",
        )
        == f"L'adressage à la PCO ne peut pas précéder le repérage ({days(10):%d/%m/%Y})."
    )
    assert (
        refused(
            services,
            lambda: tnd.save_follow_up(case.id, FollowUpDraft(pco_accepted_on=days(3))),
            "pco_accepted_on",
        )
        == "Indiquez d'abord la date d'adressage à la PCO."
    )
    assert (
        refused(
            services,
            lambda: tnd.save_follow_up(case.id, FollowUpDraft(pco_referred_on=D + dt.timedelta(1))),
            "pco_referred_on",
        )
        == "Cette date ne peut pas être dans le futur."
    )
    assert (
        refused(
            services,
            lambda: tnd.save_follow_up(
                case.id, FollowUpDraft(first_concern_on=dt.date(2020, 1, 1))
            ),
            "first_concern_on",
        )
        == "Cette date précède la naissance de l'enfant (02/04/2021)."
    )
    # MDPH: the status says what is known.
    assert (
        refused(
            services,
            lambda: tnd.save_follow_up(case.id, FollowUpDraft(mdph_status=MdphStatus.GRANTED)),
            "mdph_decision_on",
        )
        == "Indiquez la date de la décision MDPH."
    )
    assert (
        refused(
            services,
            lambda: tnd.save_follow_up(
                case.id,
                FollowUpDraft(
                    mdph_status=MdphStatus.REFUSED, mdph_filed_on=days(5), mdph_decision_on=days(9)
                ),
            ),
            "mdph_decision_on",
        )
        == f"La décision MDPH ne peut pas précéder le dépôt ({days(5):%d/%m/%Y})."
    )
    assert refused(
        services,
        lambda: tnd.save_follow_up(
            case.id,
            FollowUpDraft(
                mdph_status=MdphStatus.FILED, mdph_filed_on=days(5), mdph_decision_on=days(1)
            ),
        ),
        "mdph_decision_on",
    ).startswith("Une date de décision va avec une décision")
    # Steps in order; consent answers dated.
    assert refused(
        services,
        lambda: tnd.add_step(
            case.id,
            StepDraft(
                TndStepKind.ASSESSMENT,
                TndDiscipline.PSYCHOLOGY,
                prescribed_on=days(10),
                started_on=days(20),
            ),
        ),
        "started_on",
    ).startswith("Le début ne peut pas précéder la prescription")
    assert (
        refused(
            services,
            lambda: tnd.add_step(
                case.id,
                StepDraft(TndStepKind.ASSESSMENT, TndDiscipline.PSYCHOLOGY, ended_on=days(2)),
            ),
            "started_on",
        )
        == "Indiquez la date de début avant celle de fin."
    )
    assert refused(
        services,
        lambda: tnd.add_step(case.id, StepDraft(None, None)),
    )
    assert (
        refused(
            services,
            lambda: tnd.add_representative(
                case.id,
                RepresentativeDraft(
                    "Lambert Julie", TndRelationship.MOTHER, consent=TndConsent.REFUSED
                ),
            ),
            "consent_on",
        )
        == "Datez la réponse du représentant légal."
    )


def test_only_a_tnd_case_has_a_tnd_part(services, world):
    message = refused(
        services,
        lambda: services.tnd.save_follow_up(world.case_review.id, FULL),
    )
    assert message == "Le volet TND ne concerne que les dossiers du parcours TND."
    assert services.tnd.overview(world.case_review.id).follow_up is None


def test_corrections_and_deletions_are_audited(services, world, case):
    services.tnd.save_follow_up(case.id, FULL)
    services.tnd.save_follow_up(case.id, FollowUpDraft(pco_referred_on=days(100)))
    overview = services.tnd.overview(case.id)
    assert overview.follow_up.pco_referred_on == days(100)
    assert overview.follow_up.mdph_status is None  # the whole draft replaces the follow-up
    step = services.tnd.add_step(case.id, StepDraft(TndStepKind.ASSESSMENT, TndDiscipline.OTHER))
    step = services.tnd.update_step(
        step.id, StepDraft(TndStepKind.ASSESSMENT, TndDiscipline.ORTHOPTICS, started_on=days(4))
    )
    assert step.discipline is TndDiscipline.ORTHOPTICS
    rep = services.tnd.add_representative(
        case.id, RepresentativeDraft("Lambert Julie", TndRelationship.MOTHER)
    )
    services.tnd.delete_representative(rep.id)
    services.tnd.delete_step(step.id)
    with services.db.read() as s:
        tables = [e.entity for e in s.scalars(select(AuditEntry))]
    assert tables.count("tnd_follow_up") == 2
    assert tables.count("tnd_step") == 3 and tables.count("tnd_representative") == 2
    assert services.tnd.overview(case.id).steps == ()


def test_legal_representatives_are_masked_in_pseudonymised_documents(services, world, case):
    from rcp_desktop.services.pseudonymise.source import read_known_identities

    services.tnd.add_representative(
        case.id, RepresentativeDraft("Julie FONTAINE-ROUX", TndRelationship.MOTHER)
    )
    with services.db.read() as s:
        known = read_known_identities(s, [])
    people = {(p.surnames, p.first_names) for p in known.people}
    assert (("FONTAINE-ROUX",), ("Julie",)) in people


def test_the_steps_of_the_pathway_are_on_the_case_timeline(services, world, case):
    from rcp_desktop.services.cases import TimelineKind

    services.tnd.save_follow_up(case.id, FULL)
    services.tnd.add_representative(
        case.id,
        RepresentativeDraft(
            "Lambert Julie", TndRelationship.MOTHER, None, TndConsent.GIVEN, days(260)
        ),
    )
    services.tnd.add_step(
        case.id,
        StepDraft(
            TndStepKind.ASSESSMENT,
            TndDiscipline.PSYCHOMOTRICITY,
            world.nurse.id,
            None,
            days(240),
            days(220),
        ),
    )
    events = services.cases.timeline(case.id, kinds=frozenset({TimelineKind.TND}))
    seen = [(e.on, e.title, e.detail) for e in events]
    assert (days(250), "Adressage à la PCO", "PCO TND 0-6 ans du Val") in seen
    assert (days(236), "Validation par la PCO", "") in seen
    assert (days(60), "Décision MDPH : Accordé", "") in seen
    assert (days(260), "Consentement : Donné", "Lambert Julie (Mère)") in seen
    assert (days(220), "Bilan — Psychomotricité", f"début — {world.nurse.display_name}") in seen
    assert [e.on for e in events] == sorted((e.on for e in events), reverse=True)


def test_the_demo_base_shows_tnd_pathways_and_the_export_carries_them(demo_services):
    from rcp_desktop.models import CaseFile
    from rcp_desktop.services.export import export_all

    with demo_services.db.read() as s:
        tnd_cases = set(s.scalars(select(CaseFile.id).where(CaseFile.pathway == Pathway.TND)))
        followed = set(s.scalars(select(TndFollowUp.case_id)))
        n_reps = s.scalar(select(func.count(TndRepresentative.id)))
        n_steps = s.scalar(select(func.count(TndStep.id)))
    assert tnd_cases and followed == tnd_cases
    assert n_reps >= len(tnd_cases) and n_steps >= len(tnd_cases)
    overviews = [demo_services.tnd.overview(case_id) for case_id in sorted(tnd_cases)]
    assert any(d.days is not None for o in overviews for d in o.delays)
    tables = export_all(demo_services.db)["tables"]
    assert len(tables["tnd_follow_up"]) == len(tnd_cases)
    assert len(tables["tnd_step"]) == n_steps
