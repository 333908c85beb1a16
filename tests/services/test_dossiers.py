"""The Dossiers rules in the services: identity traits and NIR, duplicates, optimistic versions,
consent and agenda eligibility, case status changes and closure, the timeline, attachments."""

import datetime as dt
import os

import pytest
from sqlalchemy import select

from rcp_desktop.domain.identifiers import nir_key
from rcp_desktop.models import (
    AgendaItem,
    Attachment,
    CaseFile,
    CaseStatus,
    CaseStatusChange,
    ConsentForm,
    ConsentKind,
    CrisisPlanVersion,
    Decision,
    DecisionStatus,
    IdentityStatus,
    ItemKind,
    Meeting,
    MeetingStatus,
    Pathway,
    Sex,
    Triage,
    UsipaContact,
    UsipaContactKind,
    UsipaEnrolment,
    UsipaOutcome,
)
from rcp_desktop.services.attachments import (
    MAX_ATTACHMENT_BYTES,
    human_size,
    preview_kind,
    sniff_type,
)
from rcp_desktop.services.cases import CaseDraft, TimelineKind
from rcp_desktop.services.errors import ConflictError, NotFoundError, RefusedError, ValidationError
from rcp_desktop.services.integrity import check_database
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.services.patients import DuplicatePatientError, PatientDraft
from tests import hostile
from tests.conftest import TODAY

T = TODAY.date()
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def draft(**kw):
    values = dict(
        birth_name="Martin",
        first_names="Chloé Anne",
        birth_date=dt.date(1985, 7, 14),
        sex=Sex.FEMALE,
    )
    values.update(kw)
    return PatientDraft(**values)


def nir(body="2850775056123"):
    return body + f"{nir_key(body):02d}"


@pytest.fixture
def patient(services):
    return services.patients.create(draft())


def new_case(services, patient, **kw):
    values = dict(
        patient_id=patient.id,
        pathway=Pathway.MENTAL_HEALTH,
        opened_on=dt.date(2026, 1, 5),
        referral_reason="Crises répétées",
        question="Quel plan de crise ?",
    )
    values.update(kw)
    return services.cases.create(CaseDraft(**values))


# --- identity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "kw", "message"),
    [
        (
            "nir",
            {"nir": nir()[:-2] + f"{(int(nir()[-2:]) % 97) + 1:02d}"},
            "clé de contrôle ne correspond pas",
        ),
        ("nir", {"nir": "28507750561"}, "15 caractères"),
        ("nir", {"nir": "2850775056ABC12"}, "15 caractères"),
        ("birth_date", {"birth_date": T + dt.timedelta(days=1)}, "futur"),
        ("birth_date", {"birth_date": hostile.VERY_OLD}, "invraisemblable"),
        ("birth_date", {"birth_date": dt.date(1899, 1, 1)}, "plus de 125 ans"),
        ("birth_date", {"birth_date": None}, "obligatoire"),
        ("birth_place_code", {"birth_place_code": "9102"}, "5 caractères"),
        ("birth_place_code", {"birth_place_code": "910271"}, "5 caractères"),
        ("birth_place_code", {"birth_place_code": "2C004"}, "Corse"),
        ("birth_name", {"birth_name": "   "}, "obligatoire"),
        ("first_names", {"first_names": ""}, "obligatoire"),
        ("sex", {"sex": None}, "obligatoire"),
        ("birth_name", {"birth_name": "x" * 201}, "200 caractères au plus"),
        ("commune", {"commune": hostile.LONG}, "200 caractères au plus"),
    ],
)
def test_bad_identity_gets_a_french_message_at_the_field(services, field, kw, message):
    with pytest.raises(ValidationError) as err:
        services.patients.create(draft(**kw))
    assert message in err.value.errors[field]
    assert services.patients.search() == []


def test_nir_with_its_key_and_corsica(services):
    body = "1850720004123"  # born in 2A
    corsican = body[:5] + "2A" + body[7:]
    key = 97 - (int(corsican.replace("2A", "19")) % 97)
    p = services.patients.create(
        draft(
            nir=f"{corsican}{key:02d}",
            birth_place_code="2a004",
            identity_status=IdentityStatus.CHECKED,
        )
    )
    assert p.nir == f"{corsican}{key:02d}" and p.birth_place_code == "2A004"
    with pytest.raises(ValidationError, match="déjà celui d'un autre patient"):
        services.patients.create(draft(birth_name="Autre", nir=p.nir))


def test_hostile_texts_are_stored_as_typed(services):
    for key, name in hostile.NAMES.items():
        p = services.patients.create(
            draft(birth_name=name, first_names=name, commune=name, gp_free_text=name),
            allow_duplicate=True,
        )
        again = services.patients.get(p.id)
        assert (again.birth_name, again.first_names, again.commune, again.gp_free_text) == (
            name.strip(),
        ) * 4, key


def test_duplicates_are_detected_on_first_name_and_accents_of_case(services, patient):
    with pytest.raises(DuplicatePatientError) as err:
        services.patients.create(draft(birth_name="  MARTIN ", first_names="chloé"))
    assert [p.id for p in err.value.candidates] == [patient.id]
    # other first name, other birth date: not duplicates
    services.patients.create(draft(first_names="Léa"))
    services.patients.create(draft(birth_date=dt.date(1985, 7, 15)))
    # creating anyway is explicit
    services.patients.create(draft(), allow_duplicate=True)
    assert len(services.patients.search("martin")) == 4


def test_two_windows_cannot_silently_overwrite_each_other(services, patient):
    first = services.patients.update(
        patient.id, draft(phone="01 02 03 04 05"), expected_version=patient.version
    )
    with pytest.raises(ConflictError) as err:
        services.patients.update(
            patient.id, draft(phone="09 99 99 99 99"), expected_version=patient.version
        )
    assert "modifié entre-temps" in err.value.message
    assert services.patients.get(patient.id).phone == "01 02 03 04 05"
    assert first.version == patient.version + 1


# --- consent ----------------------------------------------------------------------------------


def test_consent_history_withdrawal_and_agenda_eligibility(services, patient):
    assert not services.patients.agenda_eligibility(patient.id).covered
    assert "Ne peut pas être inscrit" in services.patients.agenda_eligibility(patient.id).message
    consent = services.patients.record_consent(
        patient.id,
        given_on=dt.date(2026, 1, 5),
        form=ConsentForm.WRITTEN,
        scope="RCP santé mentale",
    )
    eligibility = services.patients.agenda_eligibility(patient.id)
    assert eligibility.covered and eligibility.message == (
        "Peut être inscrit à l'ordre du jour : consentement écrit du 05/01/2026."
    )
    with pytest.raises(ValidationError) as err:
        services.patients.withdraw_consent(consent.id, on=dt.date(2026, 1, 4))
    assert "précéder le consentement" in err.value.errors["withdrawn_on"]
    with pytest.raises(ValidationError) as err:
        services.patients.withdraw_consent(consent.id, on=T + dt.timedelta(days=1))
    assert "futur" in err.value.errors["withdrawn_on"]
    services.patients.withdraw_consent(
        consent.id, on=dt.date(2026, 2, 1), note="Souhait du patient"
    )
    assert not services.patients.agenda_eligibility(patient.id).covered
    # still covered on a day before the withdrawal
    assert services.patients.agenda_eligibility(patient.id, dt.date(2026, 1, 20)).covered
    exception = services.patients.record_consent(
        patient.id,
        given_on=T,
        form=ConsentForm.ORAL,
        kind=ConsentKind.EXCEPTION,
        reason="Urgence vitale",
    )
    assert exception.form is None  # an exception has no form
    assert (
        "exception motivée enregistrée le 10/03/2026"
        in services.patients.agenda_eligibility(patient.id).message
    )
    history = services.patients.consents(patient.id)
    assert [c.id for c in history] == [exception.id, consent.id]
    assert history[1].withdrawal_note == "Souhait du patient"


def test_consent_bad_input(services, patient):
    with pytest.raises(ValidationError) as err:
        services.patients.record_consent(patient.id, given_on=None, form=None)
    assert set(err.value.errors) == {"given_on", "form"}
    with pytest.raises(ValidationError) as err:
        services.patients.record_consent(
            patient.id, given_on=T, form=None, kind=ConsentKind.EXCEPTION, reason="  "
        )
    assert err.value.errors == {"reason": "Ce champ est obligatoire."}
    with pytest.raises(ValidationError) as err:
        services.patients.record_consent(
            patient.id, given_on=dt.date(1980, 1, 1), form=ConsentForm.ORAL
        )
    assert "naissance" in err.value.errors["given_on"]
    with pytest.raises(ValidationError) as err:
        services.patients.record_consent(
            patient.id, given_on=T, form=ConsentForm.ORAL, scope=hostile.LONG
        )
    assert err.value.errors["scope"] == "5000 caractères au plus."
    assert services.patients.consents(patient.id) == []


def test_agenda_refuses_what_the_page_says_is_refused(services, patient):
    case = new_case(services, patient)
    meeting = services.meetings.plan(
        MeetingDraft(held_on=dt.date(2026, 3, 17), start_time=dt.time(20, 0))
    )
    assert not services.patients.agenda_eligibility(patient.id, meeting.held_on).covered
    with pytest.raises(RefusedError, match="consentement"):
        services.agenda.add_case(meeting.id, case.id)
    services.patients.record_consent(patient.id, given_on=T, form=ConsentForm.ORAL)
    assert services.patients.agenda_eligibility(patient.id, meeting.held_on).covered
    services.agenda.add_case(meeting.id, case.id)


# --- cases ------------------------------------------------------------------------------------


def test_case_texts_dates_and_links(services, patient):
    with pytest.raises(ValidationError) as err:
        new_case(
            services,
            patient,
            opened_on=T + dt.timedelta(days=1),
            question=hostile.LONG * 2,
            next_review_on=dt.date(2025, 1, 1),
        )
    assert set(err.value.errors) == {"opened_on", "question", "next_review_on"}
    assert err.value.errors["question"] == "20000 caractères au plus."
    with pytest.raises(ValidationError, match="naissance du patient"):
        new_case(services, patient, opened_on=dt.date(1980, 1, 1))
    case = new_case(services, patient, question=hostile.LONG, synthesis_social=hostile.MARKUP)
    assert services.cases.get(case.id).question == hostile.LONG
    assert services.cases.get(case.id).synthesis_social == hostile.MARKUP


def test_status_changes_closure_and_reopening(services, patient):
    case = new_case(services, patient)
    with pytest.raises(RefusedError, match="déjà ce statut"):
        services.cases.set_status(case.id, CaseStatus.OPEN)
    case = services.cases.set_status(
        case.id, CaseStatus.FOLLOW_UP, on=dt.date(2026, 1, 20), expected_version=case.version
    )
    with pytest.raises(ValidationError) as err:
        services.cases.set_status(case.id, CaseStatus.CLOSED, reason="  ", on=dt.date(2026, 1, 4))
    assert err.value.errors == {"closure_reason": "Ce champ est obligatoire."}
    with pytest.raises(ValidationError) as err:
        services.cases.set_status(
            case.id, CaseStatus.CLOSED, reason="Stabilisé", on=dt.date(2026, 1, 4)
        )
    assert (
        err.value.errors["closed_on"]
        == "La clôture ne peut pas précéder l'ouverture du dossier (05/01/2026)."
    )
    with pytest.raises(ValidationError, match="futur"):
        services.cases.set_status(
            case.id, CaseStatus.CLOSED, reason="Stabilisé", on=T + dt.timedelta(days=2)
        )
    with pytest.raises(ConflictError):
        services.cases.set_status(
            case.id, CaseStatus.CLOSED, reason="x", expected_version=case.version - 1
        )
    assert services.cases.get(case.id).status is CaseStatus.FOLLOW_UP
    closed = services.cases.set_status(
        case.id, CaseStatus.CLOSED, reason="Situation stabilisée", on=dt.date(2026, 3, 1)
    )
    assert (closed.status, closed.closed_on, closed.closure_reason) == (
        CaseStatus.CLOSED,
        dt.date(2026, 3, 1),
        "Situation stabilisée",
    )
    reopened = services.cases.set_status(case.id, CaseStatus.FOLLOW_UP, reason="Rechute")
    assert reopened.closed_on is None and reopened.closure_reason is None
    with services.db.read() as s:
        changes = list(
            s.scalars(
                select(CaseStatusChange)
                .where(CaseStatusChange.case_id == case.id)
                .order_by(CaseStatusChange.id)
            )
        )
    assert [(c.previous_status, c.status, c.changed_on) for c in changes] == [
        (CaseStatus.OPEN, CaseStatus.FOLLOW_UP, dt.date(2026, 1, 20)),
        (CaseStatus.FOLLOW_UP, CaseStatus.CLOSED, dt.date(2026, 3, 1)),
        (CaseStatus.CLOSED, CaseStatus.FOLLOW_UP, T),
    ]
    assert changes[2].reason == "Rechute" and changes[0].recorded_by == "Dr Test"
    assert check_database(services.db).ok


def test_case_edit_keeps_its_patient_and_respects_versions(services, patient):
    case = new_case(services, patient)
    other = services.patients.create(draft(birth_name="Autre"))
    with pytest.raises(RefusedError, match="ne change pas de patient"):
        services.cases.update(
            case.id, CaseDraft(**{**CaseDraft.of(case).__dict__, "patient_id": other.id})
        )
    changed = CaseDraft.of(case)
    changed.question = "Une autre question ?"
    edited = services.cases.update(case.id, changed, expected_version=case.version)
    changed.question = "Celle d'une autre fenêtre ?"
    with pytest.raises(ConflictError):
        services.cases.update(case.id, changed, expected_version=case.version)
    assert edited.version == case.version + 1
    assert services.cases.get(case.id).question == "Une autre question ?"


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_has_every_kind_of_event_in_order(services, patient, actor):
    case = new_case(services, patient, opened_on=dt.date(2025, 9, 1))
    services.patients.record_consent(
        patient.id, given_on=dt.date(2025, 9, 1), form=ConsentForm.WRITTEN
    )
    with services.db.write(actor) as s:
        meeting = Meeting(
            held_on=dt.date(2025, 10, 7),
            start_time=dt.time(20, 0),
            duration_minutes=90,
            theme="RCPT santé mentale",
            status=MeetingStatus.HELD,
            pathway=Pathway.MENTAL_HEALTH,
        )
        s.add(meeting)
        s.flush()
        item = AgendaItem(
            meeting_id=meeting.id,
            case_id=case.id,
            position=1,
            kind=ItemKind.NEW,
            triage=Triage.FULL_DISCUSSION,
            proposal="Plan de crise à rédiger",
        )
        s.add(item)
        s.flush()
        s.add(
            Decision(
                item_id=item.id,
                description="Rédiger le plan de crise",
                due_on=dt.date(2025, 11, 1),
                status=DecisionStatus.DONE,
                completed_on=dt.date(2025, 10, 28),
                completion_note="Fait avec le patient",
            )
        )
        s.add(Decision(item_id=item.id, description="Appeler la sœur", status=DecisionStatus.TODO))
        s.add(
            CrisisPlanVersion(
                case_id=case.id,
                version=1,
                drawn_up_on=dt.date(2025, 10, 28),
                reviewed_meeting_id=meeting.id,
            )
        )
        enrolment = UsipaEnrolment(
            case_id=case.id,
            inclusion_on=dt.date(2025, 11, 3),
            planned_contacts_per_week=3,
            exit_on=dt.date(2025, 12, 1),
            exit_outcome=UsipaOutcome.HOSPITALISATION_AVOIDED,
        )
        s.add(enrolment)
        s.flush()
        s.add(
            UsipaContact(
                enrolment_id=enrolment.id,
                contact_on=dt.date(2025, 11, 5),
                kind=UsipaContactKind.VISIT,
                note="RAS",
            )
        )
    services.attachments.add(case.id, "courrier.txt", b"Courrier du CMP")
    services.cases.set_status(case.id, CaseStatus.FOLLOW_UP, on=dt.date(2025, 10, 7))
    services.cases.set_status(
        case.id, CaseStatus.CLOSED, reason="Objectifs atteints", on=dt.date(2026, 2, 2)
    )

    events = services.cases.timeline(case.id, newest_first=False)
    assert [(e.on, e.kind) for e in events] == [
        (dt.date(2025, 9, 1), TimelineKind.OPENED),
        (dt.date(2025, 10, 7), TimelineKind.PRESENTATION),
        (dt.date(2025, 10, 7), TimelineKind.DECISION),
        (dt.date(2025, 10, 7), TimelineKind.DECISION),
        (dt.date(2025, 10, 7), TimelineKind.STATUS),
        (dt.date(2025, 10, 28), TimelineKind.CRISIS_PLAN),
        (dt.date(2025, 10, 28), TimelineKind.DECISION_DONE),
        (dt.date(2025, 11, 3), TimelineKind.USIPA_INCLUSION),
        (dt.date(2025, 11, 5), TimelineKind.USIPA_CONTACT),
        (dt.date(2025, 12, 1), TimelineKind.USIPA_EXIT),
        (dt.date(2026, 2, 2), TimelineKind.CLOSED),
        (T, TimelineKind.ATTACHMENT),
    ]
    by_kind = {e.kind: e for e in events}
    assert by_kind[TimelineKind.PRESENTATION].title == "RCPT santé mentale"
    assert "Nouveau — Discussion complète" in by_kind[TimelineKind.PRESENTATION].detail
    assert "Plan de crise à rédiger" in by_kind[TimelineKind.PRESENTATION].detail
    decisions = [e for e in events if e.kind is TimelineKind.DECISION]
    assert "statut : Fait" in decisions[0].detail and "statut : À faire" in decisions[1].detail
    assert by_kind[TimelineKind.DECISION_DONE].detail == "Fait avec le patient"
    assert by_kind[TimelineKind.CRISIS_PLAN].title == "Version 1"
    assert "revu en séance du 07/10/2025" in by_kind[TimelineKind.CRISIS_PLAN].detail
    assert by_kind[TimelineKind.USIPA_EXIT].title == "Sortie : Hospitalisation évitée"
    assert by_kind[TimelineKind.STATUS].title == "Ouvert → En suivi"
    assert by_kind[TimelineKind.CLOSED].detail == "Motif : Objectifs atteints"
    assert by_kind[TimelineKind.ATTACHMENT].title == "courrier.txt"
    assert services.cases.timeline(case.id) == list(reversed(events))
    only = services.cases.timeline(case.id, kinds=frozenset({TimelineKind.CRISIS_PLAN}))
    assert [e.kind for e in only] == [TimelineKind.CRISIS_PLAN]


def test_timeline_of_a_case_closed_without_history_shows_the_closure(demo_services):
    with demo_services.db.read() as s:
        case = s.scalars(select(CaseFile).where(CaseFile.status == CaseStatus.CLOSED)).first()
    events = demo_services.cases.timeline(case.id)
    closures = [e for e in events if e.kind is TimelineKind.CLOSED]
    assert len(closures) == 1 and closures[0].on == case.closed_on
    # The opening comes first, but for health events of the year before it (hospitalisations
    # counted "before the opening").
    before = [e for e in events if e.kind is not TimelineKind.OUTCOME]
    assert before[-1].kind is TimelineKind.OPENED
    assert all(e.on < case.opened_on for e in events[events.index(before[-1]) + 1 :])


def test_timeline_on_demo_data_covers_usipa_and_crisis_plans(demo_services):
    with demo_services.db.read() as s:
        usipa_case = s.scalar(select(UsipaEnrolment.case_id).join(UsipaContact).limit(1))
        plan_case = s.scalar(
            select(CrisisPlanVersion.case_id).where(CrisisPlanVersion.version >= 2).limit(1)
        )
    kinds = {e.kind for e in demo_services.cases.timeline(usipa_case)}
    assert {TimelineKind.OPENED, TimelineKind.USIPA_INCLUSION, TimelineKind.USIPA_CONTACT} <= kinds
    plans = [
        e for e in demo_services.cases.timeline(plan_case) if e.kind is TimelineKind.CRISIS_PLAN
    ]
    assert len(plans) >= 2


def test_timeline_of_a_vanished_case(services):
    with pytest.raises(NotFoundError):
        services.cases.timeline(999)


# --- attachments ------------------------------------------------------------------------------


def test_attachment_add_list_read_save_delete(services, patient, tmp_path):
    case = new_case(services, patient)
    source = tmp_path / "radio.png"
    source.write_bytes(PNG)
    attachment = services.attachments.add_file(
        case.id, source, description="Radio <b>genou</b> & 😀"
    )
    assert (attachment.filename, attachment.mime_type, attachment.size) == (
        "radio.png",
        "image/png",
        len(PNG),
    )
    assert attachment.added_by == "Dr Test" and attachment.added_at == TODAY
    assert [a.id for a in services.attachments.list(case.id)] == [attachment.id]
    assert services.attachments.read(attachment.id).content == PNG
    target = tmp_path / "export" / "copie.png"
    target.parent.mkdir()
    services.attachments.save_to(attachment.id, target)
    assert target.read_bytes() == PNG
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert not [p for p in target.parent.iterdir() if p.name != "copie.png"]  # no temp file left
    services.attachments.delete(attachment.id)
    assert services.attachments.list(case.id) == []
    with pytest.raises(NotFoundError):
        services.attachments.read(attachment.id)
    with pytest.raises(NotFoundError):
        services.attachments.delete(attachment.id)
    assert check_database(services.db).ok


def test_attachment_refusals(services, patient, tmp_path):
    case = new_case(services, patient)
    empty = tmp_path / "vide.pdf"
    empty.write_bytes(b"")
    big = tmp_path / "gros.pdf"
    with open(big, "wb") as fh:
        fh.truncate(MAX_ATTACHMENT_BYTES + 1)
    cases = [
        (empty, "vide"),
        (big, "ne peut pas dépasser 20 Mo"),
        (tmp_path / "parti.pdf", "n'existe pas (ou plus)"),
        (tmp_path, "Ce n'est pas un fichier"),
    ]
    for path, message in cases:
        with pytest.raises(ValidationError) as err:
            services.attachments.add_file(case.id, path)
        assert message in err.value.errors["file"], path
    if os.geteuid() != 0:  # root reads everything
        locked = tmp_path / "prive.pdf"
        locked.write_bytes(b"%PDF-1.4")
        locked.chmod(0)
        with pytest.raises(ValidationError, match="accès refusé"):
            services.attachments.add_file(case.id, locked)
    with pytest.raises(ValidationError) as err:
        services.attachments.add(case.id, "note.txt", b"x", description=hostile.LONG)
    assert err.value.errors["description"] == "2000 caractères au plus."
    with pytest.raises(NotFoundError):
        services.attachments.add(999, "note.txt", b"x")
    assert services.attachments.list(case.id) == []


def test_an_unreadable_or_vanishing_file_is_refused_in_french(
    services, patient, tmp_path, monkeypatch
):
    import errno

    from rcp_desktop.services import attachments as module

    case = new_case(services, patient)
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 fictif")

    def denied(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(module, "open", denied, raising=False)
    with pytest.raises(ValidationError) as err:
        services.attachments.add_file(case.id, path)
    assert err.value.errors["file"] == "Ce fichier ne peut pas être lu (accès refusé)."
    assert str(path) not in err.value.message  # the path may name the patient

    def vanished(*_a, **_k):  # there at stat(), gone when opened
        raise FileNotFoundError(errno.ENOENT, "No such file", str(path))

    monkeypatch.setattr(module, "open", vanished, raising=False)
    with pytest.raises(ValidationError, match="déplacé ou supprimé entre-temps"):
        services.attachments.add_file(case.id, path)
    assert services.attachments.list(case.id) == []


def test_saving_to_an_unwritable_place_is_a_french_refusal(services, patient, tmp_path):
    case = new_case(services, patient)
    attachment = services.attachments.add(case.id, "note.txt", b"Bonjour")
    with pytest.raises(RefusedError, match="n'a pas pu être enregistré"):
        services.attachments.save_to(attachment.id, tmp_path / "absent" / "note.txt")


def test_types_sizes_and_previews():
    assert sniff_type("x.bin", PNG) == "image/png"
    assert sniff_type("scan.jpg", b"%PDF-1.7 ...") == "application/pdf"  # content wins
    assert sniff_type("faux.png", b"not an image") == "application/octet-stream"
    assert sniff_type("note.txt", "Été".encode()) == "text/plain"
    assert sniff_type("note.txt", b"\xff\xfe\x00") == "application/octet-stream"
    assert sniff_type("tableau.xlsx", b"PK\x03\x04").endswith("spreadsheetml.sheet")
    assert [
        preview_kind(m) for m in ("image/png", "application/pdf", "text/plain", "application/zip")
    ] == [
        "image",
        "pdf",
        "text",
        "none",
    ]
    assert (
        human_size(800),
        human_size(12_300),
        human_size(MAX_ATTACHMENT_BYTES),
        human_size(1_572_864),
    ) == (
        "800 octets",
        "12 ko",
        "20 Mo",
        "1,5 Mo",
    )


def test_demo_has_attachments_of_each_kind_and_a_status_history(demo_services):
    with demo_services.db.read() as s:
        attachments = list(s.scalars(select(Attachment)))
        changes = list(s.scalars(select(CaseStatusChange)))
        closed = list(s.scalars(select(CaseFile).where(CaseFile.status == CaseStatus.CLOSED)))
    assert {a.mime_type for a in attachments} == {"text/plain", "image/png", "application/pdf"}
    assert all(0 < a.size < 10_000 for a in attachments)
    by_case = {}
    for a in attachments:
        by_case.setdefault(a.case_id, set()).add(a.mime_type)
    assert any(len(kinds) == 3 for kinds in by_case.values())
    for a in attachments[:6]:
        content = demo_services.attachments.read(a.id).content
        assert sniff_type(a.filename, content) == a.mime_type
    closures = {(c.case_id, c.changed_on) for c in changes if c.status is CaseStatus.CLOSED}
    assert closures == {(c.id, c.closed_on) for c in closed}
    showcase = next(case_id for case_id, kinds in by_case.items() if len(kinds) == 3)
    kinds = {e.kind for e in demo_services.cases.timeline(showcase)}
    assert {
        TimelineKind.ATTACHMENT,
        TimelineKind.STATUS,
        TimelineKind.PRESENTATION,
        TimelineKind.DECISION,
    } <= kinds
