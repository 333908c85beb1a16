"""Use cases: validation with French messages, duplicates, consent, cases, meetings, follow-up."""

import datetime as dt

import pytest

from rcp_desktop.domain.identifiers import nir_key
from rcp_desktop.models import (
    CaseStatus,
    ConsentForm,
    ConsentKind,
    DecisionStatus,
    IdentityStatus,
    MeetingStatus,
    Pathway,
    Profession,
    Sex,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.cases import CaseDraft
from rcp_desktop.services.directory import ProfessionalDraft
from rcp_desktop.services.errors import ConflictError, RefusedError, ValidationError
from rcp_desktop.services.followup import DecisionFilter
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.services.patients import DuplicatePatientError, PatientDraft
from tests.conftest import TODAY


def patient_draft(**kw):
    values = dict(
        birth_name="Martin",
        first_names="Chloé Anne",
        birth_date=dt.date(1985, 7, 14),
        sex=Sex.FEMALE,
    )
    values.update(kw)
    return PatientDraft(**values)


# --- directory -------------------------------------------------------------------------------


def test_professional_rpps_luhn_failure_is_a_warning_not_a_refusal(services):
    pro, warnings = services.directory.create(
        ProfessionalDraft(
            last_name="Bernard", first_name="Luc", profession=Profession.NURSE, rpps="10003456784"
        )
    )
    assert pro.id and len(warnings) == 1 and "clé de contrôle" in warnings[0]
    _pro, warnings = services.directory.create(
        ProfessionalDraft(last_name="Roux", profession=Profession.PHARMACIST, rpps="10003456786")
    )
    assert warnings == []


def test_professional_validation_errors_are_per_field_in_french(services):
    with pytest.raises(ValidationError) as err:
        services.directory.create(
            ProfessionalDraft(last_name="  ", rpps="123", email="pas-une-adresse")
        )
    assert set(err.value.errors) == {"last_name", "profession", "rpps", "email"}
    assert err.value.errors["rpps"] == "Le RPPS compte 11 chiffres."
    assert services.directory.list() == []


def test_duplicate_rpps_refused(services):
    draft = ProfessionalDraft(last_name="A", profession=Profession.NURSE, rpps="10003456786")
    services.directory.create(draft)
    with pytest.raises(ValidationError, match="déjà dans l'annuaire"):
        services.directory.create(draft)


def test_directory_search_and_active_filter(services):
    a, _ = services.directory.create(
        ProfessionalDraft(last_name="Lambert", profession=Profession.NURSE, commune="Morangis")
    )
    b, _ = services.directory.create(
        ProfessionalDraft(last_name="Girard", profession=Profession.PSYCHIATRIST)
    )
    services.directory.set_active(b.id, False)
    assert [p.id for p in services.directory.list("morang")] == [a.id]
    assert [p.id for p in services.directory.list(active_only=True)] == [a.id]
    assert len(services.directory.list()) == 2


# --- patients --------------------------------------------------------------------------------


def test_patient_bad_input_gets_french_messages_and_nothing_is_stored(services):
    future = (TODAY + dt.timedelta(days=1)).date()
    with pytest.raises(ValidationError) as err:
        services.patients.create(
            patient_draft(birth_name="", birth_date=future, nir="185059102712399")
        )
    errors = err.value.errors
    assert errors["birth_name"] == "Ce champ est obligatoire."
    assert "futur" in errors["birth_date"]
    assert "NIR invalide" in errors["nir"]
    assert services.patients.search() == []


def test_patient_with_valid_nir_hostile_text_is_stored_as_typed(services):
    body = "2850791027123"
    nir = body + f"{nir_key(body):02d}"
    name = "<b>O'Brien & Fils</b> 🙂"
    patient = services.patients.create(
        patient_draft(
            birth_name=name, nir=nir[:5] + " " + nir[5:], identity_status=IdentityStatus.CHECKED
        )
    )
    again = services.patients.get(patient.id)
    assert again.birth_name == name
    assert again.nir == nir


def test_duplicate_detection_then_explicit_creation(services):
    first = services.patients.create(patient_draft())
    with pytest.raises(DuplicatePatientError) as err:
        services.patients.create(patient_draft(birth_name="MARTIN", first_names="chloé"))
    assert [p.id for p in err.value.candidates] == [first.id]
    assert "même nom de naissance" in err.value.message
    services.patients.create(patient_draft(first_names="Chloé"), allow_duplicate=True)
    assert len(services.patients.search("martin")) == 2


def test_search_by_name_birth_date_and_case_number(services):
    p = services.patients.create(patient_draft())
    services.patients.create(
        patient_draft(
            birth_name="Petit", first_names="Hugo", birth_date=dt.date(2001, 2, 3), sex=Sex.MALE
        )
    )
    case = services.cases.create(
        CaseDraft(
            patient_id=p.id,
            pathway=Pathway.ELDERLY,
            opened_on=TODAY.date(),
            referral_reason="r",
            question="q",
        )
    )
    assert [x.id for x in services.patients.search("mart chlo")] == [p.id]
    assert [x.birth_name for x in services.patients.search("03/02/2001")] == ["Petit"]
    assert [x.id for x in services.patients.search(case.number)] == [p.id]


def test_stale_update_is_refused_without_overwriting(services):
    p = services.patients.create(patient_draft())
    services.patients.update(p.id, patient_draft(commune="Athis-Mons"), expected_version=p.version)
    with pytest.raises(ConflictError):
        services.patients.update(
            p.id, patient_draft(commune="Morangis"), expected_version=p.version
        )
    assert services.patients.get(p.id).commune == "Athis-Mons"


def test_consent_and_exception(services):
    p = services.patients.create(patient_draft())
    assert services.patients.active_consent(p.id) is None
    with pytest.raises(ValidationError):
        services.patients.record_consent(p.id, given_on=TODAY.date(), form=None)
    with pytest.raises(ValidationError):
        services.patients.record_consent(
            p.id, given_on=TODAY.date(), form=None, kind=ConsentKind.EXCEPTION
        )
    consent = services.patients.record_consent(
        p.id, given_on=TODAY.date(), form=ConsentForm.WRITTEN, scope="RCP"
    )
    assert services.patients.active_consent(p.id).id == consent.id
    services.patients.withdraw_consent(consent.id, on=TODAY.date())
    assert services.patients.active_consent(p.id) is None
    with pytest.raises(RefusedError):
        services.patients.withdraw_consent(consent.id, on=TODAY.date())
    exc = services.patients.record_consent(
        p.id,
        given_on=TODAY.date(),
        form=None,
        kind=ConsentKind.EXCEPTION,
        reason="Urgence, patient hors d'état",
    )
    assert services.patients.active_consent(p.id).id == exc.id


# --- cases -----------------------------------------------------------------------------------


def test_case_numbers_follow_the_year(services):
    p = services.patients.create(patient_draft())
    numbers = [
        services.cases.create(
            CaseDraft(
                patient_id=p.id,
                pathway=Pathway.TND,
                opened_on=day,
                referral_reason="r",
                question="q",
            )
        ).number
        for day in (dt.date(2025, 12, 30), TODAY.date(), TODAY.date())
    ]
    assert numbers == ["2025-0001", "2026-0001", "2026-0002"]


def test_case_validation_and_closing(services):
    p = services.patients.create(patient_draft())
    with pytest.raises(ValidationError) as err:
        services.cases.create(
            CaseDraft(patient_id=p.id, opened_on=TODAY.date(), referral_reason=" ", question="")
        )
    assert set(err.value.errors) == {"pathway", "referral_reason", "question"}
    case = services.cases.create(
        CaseDraft(
            patient_id=p.id,
            pathway=Pathway.MENTAL_HEALTH,
            opened_on=TODAY.date(),
            referral_reason="r",
            question="q",
        )
    )
    with pytest.raises(ValidationError):
        services.cases.set_status(case.id, CaseStatus.CLOSED, reason="")
    closed = services.cases.set_status(case.id, CaseStatus.CLOSED, reason="Situation stabilisée")
    assert closed.status is CaseStatus.CLOSED and closed.closed_on == TODAY.date()
    reopened = services.cases.set_status(case.id, CaseStatus.FOLLOW_UP)
    assert reopened.closed_on is None and reopened.closure_reason is None


# --- meetings and follow-up -----------------------------------------------------------------


def test_plan_meeting_in_the_past_is_refused(services):
    with pytest.raises(ValidationError, match="passé"):
        services.meetings.plan(MeetingDraft(held_on=dt.date(2026, 3, 1), start_time=dt.time(20, 0)))
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=dt.date(2026, 3, 17), start_time=dt.time(20, 0), pathway=Pathway.MENTAL_HEALTH
        )
    )
    assert meeting.status is MeetingStatus.PLANNED
    (summary,) = services.meetings.summaries()
    assert summary.as_json()["date"] == "2026-03-17" and summary.cases == 0


def test_demo_summaries_counts_match_the_meeting(demo_services):
    summaries = demo_services.meetings.summaries()
    held = next(s for s in summaries if s.status is MeetingStatus.VALIDATED and s.cases)
    meeting = demo_services.meetings.get(held.id)
    assert held.cases == len(meeting.items)
    assert held.present == sum(1 for a in meeting.attendances if a.presence.value == "present")


def test_followup_lists_open_decisions_and_overdue(demo_services):
    today = TODAY.date()
    open_ = demo_services.followup.open_decisions()
    overdue = demo_services.followup.open_decisions(DecisionFilter(overdue_only=True))
    assert open_ and overdue
    assert all(d.status in (DecisionStatus.TODO, DecisionStatus.IN_PROGRESS) for d in open_)
    assert all(d.due_on < today for d in overdue)
    assert {d.item.case_id for d in overdue} == demo_services.followup.overdue_case_ids()
    soon = demo_services.followup.open_decisions(DecisionFilter(due_within_days=14))
    assert all(d.due_on <= today + dt.timedelta(days=14) for d in soon)


def test_settings_defaults_and_changes(services):
    assert services.settings.get(settings_mod.QUORUM_PROFESSIONS) == 3
    assert services.settings.get(settings_mod.STATS_THRESHOLD) == 11
    services.settings.set(settings_mod.CPTS_NAME, "CPTS du Val d'Orge")
    services.settings.set(settings_mod.DEMO, True)
    assert services.settings.get(settings_mod.CPTS_NAME) == "CPTS du Val d'Orge"
    assert services.settings.get(settings_mod.DEMO) is True
