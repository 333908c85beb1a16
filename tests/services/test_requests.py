"""Referral requests: the blank form's fields read back from a filled PDF, typed requests, the
queue's triage (accept / ask for more / refuse), the case timeline; bad, partial or hostile
forms refused with a French report and nothing half-created."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import (
    Attachment,
    CaseFile,
    Consent,
    ConsentForm,
    MeetingStatus,
    Pathway,
    Patient,
    ReferralRequest,
    ReferralRequestStep,
    RequestSource,
    RequestStatus,
    RequestUrgency,
    Sex,
)
from rcp_desktop.services.cases import TimelineKind
from rcp_desktop.services.errors import RefusedError, ValidationError
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.services.patients import DuplicatePatientError, PatientDraft
from rcp_desktop.services.requests import FIELDS, RequestDraft, RequestFormError
from tests.request_forms import GOOD, blank_form, filled_form, jeanne_lefevre_with_an_open_case

TABLES = (ReferralRequest, ReferralRequestStep, Patient, CaseFile, Consent, Attachment)


def counts(services) -> dict[str, int]:
    with services.db.read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in TABLES}


@pytest.fixture(scope="module")
def blank():
    return blank_form()


def test_the_blank_form_has_every_field_and_the_marker(blank):
    from io import BytesIO

    from pypdf import PdfReader

    fields = PdfReader(BytesIO(blank)).get_fields()
    assert {f.name for f in FIELDS} <= set(fields)
    assert fields["rcp_desktop_form"]["/V"] == "rcp-desktop/demande-inscription/1"
    assert fields["sex"]["/FT"] == "/Ch" and fields["consent_obtained"]["/FT"] == "/Btn"
    assert fields["question"]["/FT"] == "/Tx"


def test_a_filled_form_is_read_through_its_fields(services, blank):
    request = services.requests.import_form(filled_form(GOOD, blank), "demande-lefevre.pdf")
    assert request.number == "D2026-0001"
    assert request.source is RequestSource.FORM and request.status is RequestStatus.NEW
    assert (request.birth_name, request.first_names) == ("Lefèvre", "Jeanne Marie")
    assert request.birth_date == dt.date(1951, 4, 12) and request.sex is Sex.FEMALE
    assert request.pathway is Pathway.ELDERLY and request.urgency is RequestUrgency.SOON
    assert request.question == "Quel maintien à domicile ?\nQuelles aides ?"
    assert request.consent_obtained and request.consent_form is ConsentForm.ORAL
    assert request.consent_on == dt.date(2026, 3, 2)
    assert request.synthesis_psychic is None
    assert [s.step.value for s in request.steps] == ["received"]
    assert services.requests.form_content(request.id).startswith(b"%PDF-")
    assert services.requests.waiting_count() == 1


def test_the_text_of_a_pdf_is_never_taken_for_fields(services):
    # A PDF that *reads* like a request but has no form fields: refused, not guessed.
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(50, 800, "Nom de naissance : DURAND   Date de naissance : 01/01/1950")
    page.drawString(50, 780, "Question posée à la RCP : maintien à domicile")
    page.save()
    before = counts(services)
    with pytest.raises(RequestFormError, match="n'est pas le formulaire de demande"):
        services.requests.import_form(buffer.getvalue(), "scan.pdf")
    assert counts(services) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "vide"),
        (b"PK\x03\x04 not a pdf", "n'est pas un PDF"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog /AcroForm 9 0 R >>\ngarbage", "endommagé"),
    ],
)
def test_corrupt_files_are_refused_and_change_nothing(services, content, message):
    before = counts(services)
    with pytest.raises(RequestFormError, match=message):
        services.requests.import_form(content, "x.pdf")
    assert counts(services) == before


def test_a_truncated_form_is_refused(services, blank):
    content = filled_form(GOOD, blank)
    before = counts(services)
    with pytest.raises(RequestFormError):
        services.requests.import_form(content[: len(content) // 3], "tronque.pdf")
    assert counts(services) == before


def test_a_partial_or_hostile_form_gets_a_report_and_nothing_is_created(services, blank):
    values = dict(
        GOOD,
        birth_name="<script>alert(1)</script>",
        first_names="",
        birth_date="31/02/1951",
        sex="Chat",
        question="x" * 10_000,
    )
    before = counts(services)
    with pytest.raises(RequestFormError) as caught:
        services.requests.import_form(filled_form(values, blank), "partiel.pdf")
    message = caught.value.message
    assert "rien n'a été enregistré" in message
    for expected in (
        "Nom de naissance : Caractères refusés",
        "Prénom(s) de naissance : Ce champ est obligatoire",
        "Date de naissance : Date illisible",
        "Sexe : Valeur hors de la liste",
        "Question posée à la RCP : 5000 caractères au plus",
    ):
        assert expected in message
    assert counts(services) == before


def test_a_typed_request_follows_the_same_rules(services):
    draft = RequestDraft(
        referrer_name="Dr Paul Rivière",
        birth_name="Morel",
        first_names="Lucas",
        birth_date=dt.date(2018, 6, 1),
        sex=Sex.MALE,
        pathway=Pathway.TND,
        question="Orientation vers la PCO ?",
        urgency=RequestUrgency.URGENT,
    )
    request = services.requests.create(draft)
    assert request.source is RequestSource.TYPED and request.form_filename is None
    bad = RequestDraft(**{**draft.__dict__, "birth_date": dt.date(2027, 1, 1), "nir": "123"})
    with pytest.raises(ValidationError) as caught:
        services.requests.create(bad)
    assert set(caught.value.errors) == {"birth_date", "nir"}


def test_the_queue_puts_urgent_waiting_requests_first(services, blank):
    routine = services.requests.import_form(filled_form(GOOD, blank), "a.pdf")
    urgent = services.requests.import_form(
        filled_form(dict(GOOD, urgency="Urgente", birth_name="Roux"), blank), "b.pdf"
    )
    services.requests.refuse(routine.id, "Hors territoire de la CPTS.")
    rows = services.requests.list()
    assert [r.id for r in rows] == [urgent.id, routine.id]
    assert [r.id for r in services.requests.list((RequestStatus.NEW,))] == [urgent.id]


def test_accepting_creates_patient_consent_case_and_proposes_a_session(services, blank):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=dt.date(2026, 3, 24), start_time=dt.time(13, 0))
    )
    request = services.requests.import_form(filled_form(GOOD, blank), "demande.pdf")
    accepted = services.requests.accept(
        request.id, meeting_id=meeting.id, message="Inscrite à la prochaine séance."
    )
    assert accepted.status is RequestStatus.ACCEPTED and accepted.answered_on == dt.date(
        2026, 3, 10
    )
    case = services.cases.get(accepted.case_id)
    assert case.patient.birth_name == "Lefèvre" and case.pathway is Pathway.ELDERLY
    assert case.question == GOOD["question"] and case.referral_reason == GOOD["reason"]
    assert case.next_review_on == meeting.held_on
    assert case.id in {p.case_id for p in services.agenda.propose(meeting.id)}
    consent = services.patients.active_consent(case.patient_id)
    assert consent is not None and consent.given_on == dt.date(2026, 3, 2)
    attachments = services.attachments.list(case.id)
    assert [a.filename for a in attachments] == ["demande.pdf"]
    events = services.cases.timeline(case.id, newest_first=False)
    requests = [e for e in events if e.kind is TimelineKind.REQUEST]
    assert [e.title for e in requests] == ["Demande reçue", "Demande acceptée"]
    assert "Dr Claire Martin" in requests[0].detail
    assert "séance du 24/03/2026" in requests[1].detail
    with pytest.raises(RefusedError, match="déjà reçu une réponse"):
        services.requests.refuse(request.id, "trop tard")


def test_accepting_links_an_existing_patient_or_refuses_a_blind_duplicate(services, blank):
    existing = services.patients.create(
        PatientDraft(
            birth_name="LEFÈVRE".capitalize(),
            first_names="Jeanne",
            birth_date=dt.date(1951, 4, 12),
            sex=Sex.FEMALE,
        )
    )
    services.patients.create(
        PatientDraft(
            birth_name="Lefèvre",
            first_names="Jeanne",
            birth_date=dt.date(1951, 4, 12),
            sex=Sex.FEMALE,
        ),
        allow_duplicate=True,
    )
    request = services.requests.import_form(filled_form(GOOD, blank), "demande.pdf")
    assert existing.id in {p.id for p in services.requests.candidates(request.id)}
    before = counts(services)
    with pytest.raises(DuplicatePatientError):
        services.requests.accept(request.id)
    assert counts(services) == before
    accepted = services.requests.accept(request.id, patient_id=existing.id)
    assert accepted.patient_id == existing.id
    assert counts(services)["patient"] == before["patient"]


def test_a_failed_acceptance_leaves_nothing_half_created(services, blank):
    held = services.meetings.plan(
        MeetingDraft(held_on=dt.date(2026, 3, 24), start_time=dt.time(13, 0), pathway=Pathway.TND)
    )
    request = services.requests.import_form(filled_form(GOOD, blank), "demande.pdf")
    before = counts(services)
    with pytest.raises(RefusedError, match="réservée au parcours"):
        services.requests.accept(request.id, meeting_id=held.id)
    assert counts(services) == before
    assert services.requests.get(request.id).status is RequestStatus.NEW
    assert services.meetings.get(held.id).status is MeetingStatus.PLANNED


def test_asking_for_more_then_completing_then_refusing(services, blank):
    request = services.requests.import_form(filled_form(GOOD, blank), "demande.pdf")
    with pytest.raises(ValidationError):
        services.requests.ask_more(request.id, "   ")
    asked = services.requests.ask_more(request.id, "Merci de préciser le traitement en cours.")
    assert asked.status is RequestStatus.INFO_REQUESTED
    draft = RequestDraft.of(asked)
    draft.synthesis_organic = "Ostéoporose ; traitement : alendronate."
    completed = services.requests.update(asked.id, draft, expected_version=asked.version)
    assert completed.status is RequestStatus.NEW
    refused = services.requests.refuse(completed.id, "Situation relevant du DAC.")
    assert (
        refused.status is RequestStatus.REFUSED and refused.answer == "Situation relevant du DAC."
    )
    assert [s.step.value for s in refused.steps] == [
        "received",
        "info_requested",
        "completed",
        "refused",
    ]
    assert refused.case_id is None


def test_the_referrer_is_linked_by_rpps(services, blank):
    from rcp_desktop.models import Profession
    from rcp_desktop.services.directory import ProfessionalDraft

    pro, _ = services.directory.create(
        ProfessionalDraft(
            last_name="Martin",
            first_name="Claire",
            profession=Profession.GENERAL_PRACTITIONER,
            rpps="10000000005",
        )
    )
    request = services.requests.import_form(
        filled_form(dict(GOOD, referrer_rpps="100 000 000 05"), blank), "demande.pdf"
    )
    assert request.referrer_id == pro.id and request.referrer_rpps == "10000000005"
    case = services.cases.get(services.requests.accept(request.id).case_id)
    assert case.referrer_id == pro.id


def test_accepting_into_an_open_case_of_the_patient(services, blank):
    patient, case = jeanne_lefevre_with_an_open_case(services)
    other = services.patients.create(
        PatientDraft(
            birth_name="Roux", first_names="Paul", birth_date=dt.date(1950, 1, 1), sex=Sex.MALE
        )
    )
    request = services.requests.import_form(filled_form(GOOD, blank), "demande.pdf")
    before = counts(services)
    with pytest.raises(RefusedError, match="même patient"):
        services.requests.accept(request.id, patient_id=other.id, case_id=case.id)
    assert counts(services) == before
    accepted = services.requests.accept(request.id, patient_id=patient.id, case_id=case.id)
    assert accepted.case_id == case.id
    after = counts(services)
    assert after["case_file"] == before["case_file"] and after["attachment"] == 1
    kinds = [e.kind for e in services.cases.timeline(case.id)]
    assert kinds.count(TimelineKind.REQUEST) == 2


def test_a_crafted_huge_field_or_an_encrypted_form_is_refused(services, blank):
    import io

    from pypdf import PdfReader, PdfWriter

    before = counts(services)
    with pytest.raises(RequestFormError, match="démesuré"):
        services.requests.import_form(
            filled_form(dict(GOOD, question="x" * 200_000), blank), "enorme.pdf"
        )
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled_form(GOOD, blank))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(RequestFormError, match="mot de passe"):
        services.requests.import_form(out.getvalue(), "protege.pdf")
    assert counts(services) == before
