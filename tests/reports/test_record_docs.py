"""Documents for the record: the fiche RCP and the minutes as PDF/A-2b, the fiche as CDA R2
(validated against the schema), the message file for the GP's MSSanté client."""

from __future__ import annotations

import email
from email import policy

import pytest
from lxml import etree

from rcp_desktop.models import Patient, PreparedKind, Professional
from rcp_desktop.reports.case_sheet import build_case_sheet
from rcp_desktop.reports.cda import (
    INS_NIR_OID,
    NS,
    build_case_sheet_cda,
    cda_problems,
    embedded_pdf,
)
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.reports.mssante import build_gp_message
from rcp_desktop.reports.pdfa import archival, pdfa_problems
from rcp_desktop.services.cases import TimelineKind
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.errors import RefusedError
from tests.reports.factory import NIR, Pdf

SHEET = archival(build_case_sheet)


def test_minutes_and_fiche_as_pdfa(services, hostile):
    documents = DocumentService(services.ctx)
    plain = build_minutes(documents.minutes(hostile.meeting_id))
    assert pdfa_problems(plain)  # reportlab alone does not make PDF/A
    for pdf in (
        archival(build_minutes)(documents.minutes(hostile.meeting_id)),
        SHEET(documents.case_sheet(hostile.meeting_id, hostile.case_ids[0])),
    ):
        assert pdfa_problems(pdf) == []
        read = Pdf(pdf)
        assert read.count >= 1 and read.title
    # Same text as the plain minutes.
    assert (
        Pdf(plain).flat == Pdf(archival(build_minutes)(documents.minutes(hostile.meeting_id))).flat
    )


def cda_of(services, meeting_id, case_id) -> bytes:
    content, _record = services.patient_docs.produce_cda(
        meeting_id, case_id, SHEET, build_case_sheet_cda
    )
    return content


def test_the_cda_is_valid_and_names_the_patient_by_ins_when_verified(services, hostile):
    case_id = hostile.case_ids[0]  # identity checked, with a NIR
    document = cda_of(services, hostile.meeting_id, case_id)
    assert cda_problems(document) == []
    tree = etree.fromstring(document)
    ns = {"h": NS}
    [patient_id] = tree.findall("h:recordTarget/h:patientRole/h:id", ns)
    assert patient_id.get("root") == INS_NIR_OID and patient_id.get("extension") == NIR
    assert tree.find("h:recordTarget/h:patientRole/h:patient/h:name/h:family", ns).text == "ZYGOMAR"
    assert (
        tree.find("h:recordTarget/h:patientRole/h:patient/h:birthTime", ns).get("value")
        == "19850714"
    )
    assert tree.find(
        "h:custodian/h:assignedCustodian/h:representedCustodianOrganization/h:name", ns
    ).text
    assert tree.find("h:code", ns).get("codeSystem") == "2.16.840.1.113883.6.1"
    body = tree.find("h:component/h:nonXMLBody/h:text", ns)
    assert body.get("mediaType") == "application/pdf" and body.get("representation") == "B64"
    pdf = embedded_pdf(document)
    assert pdfa_problems(pdf) == [] and "ZYGOMAR" in Pdf(pdf).flat
    [line] = services.patient_docs.prepared(case_id)
    assert line.kind is PreparedKind.CASE_SHEET_CDA and line.details == ("INS",)


def test_an_unverified_identity_gets_a_local_identifier_not_an_ins(services, world):
    from tests.reports.test_patient_docs import held_with_proposal

    meeting = held_with_proposal(services, world)
    document = cda_of(services, meeting.id, world.case_review.id)
    assert cda_problems(document) == []
    tree = etree.fromstring(document)
    [patient_id] = tree.findall(f"{{{NS}}}recordTarget/{{{NS}}}patientRole/{{{NS}}}id")
    assert patient_id.get("root") != INS_NIR_OID
    assert patient_id.get("extension") == services.cases.get(world.case_review.id).number


def test_the_schema_refuses_what_cda_refuses(services, hostile):
    document = cda_of(services, hostile.meeting_id, hostile.case_ids[0])
    tree = etree.fromstring(document)
    title = tree.find(f"{{{NS}}}title")
    tree.remove(title)
    tree.append(title)  # out of the standard's order
    assert cda_problems(etree.tostring(tree))
    tree = etree.fromstring(document)
    tree.remove(tree.find(f"{{{NS}}}custodian"))  # mandatory
    assert cda_problems(etree.tostring(tree))
    assert cda_problems(b"<not xml")
    assert cda_problems(document.replace(b"POCD_HD000040", b"POCD_HD000041"))


def give_gp(services, patient_id, professional_id, address):
    with services.db.write(services.ctx.actor) as s:
        s.get(Patient, patient_id).gp_id = professional_id
        s.get(Professional, professional_id).secure_email = address


def test_the_message_file_for_the_gp(services, world):
    from tests.reports.test_patient_docs import held_with_proposal

    meeting = held_with_proposal(services, world)
    case = services.cases.get(world.case_review.id)
    give_gp(services, case.patient_id, world.gp.id, "claire.dupont@medecin.mssante.fr")
    prepared = services.patient_docs.prepare_gp_message(
        meeting.id, case.id, SHEET, build_case_sheet_cda, build_gp_message
    )
    message = email.message_from_bytes(prepared.content, policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "claire.dupont@medecin.mssante.fr"
    assert "Arnaud" not in message["Subject"].lower().title() and case.number in message["Subject"]
    assert message["X-Unsent"] == "1"
    text = message.get_body(("plain",)).get_content()
    assert "Julie ARNAUD" in text
    files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    stem = f"fiche-rcp-{case.number}-{meeting.held_on.isoformat()}"
    assert set(files) == {f"{stem}.pdf", f"{stem}.xml"}
    assert pdfa_problems(files[f"{stem}.pdf"]) == []
    xml = files[f"{stem}.xml"]
    assert cda_problems(xml if isinstance(xml, bytes) else xml.encode()) == []
    [line] = services.patient_docs.prepared(case.id)
    assert line.kind is PreparedKind.GP_MESSAGE and line.recipient.endswith(
        "<claire.dupont@medecin.mssante.fr>"
    )
    assert line.details == (f"{stem}.pdf", f"{stem}.xml")
    [event] = [e for e in services.cases.timeline(case.id) if e.kind is TimelineKind.PREPARED]
    assert "Claire Dupont" in event.title and f"{stem}.pdf" in event.detail


def test_no_gp_or_no_secure_address_is_refused_in_french(services, world):
    from tests.reports.test_patient_docs import held_with_proposal

    meeting = held_with_proposal(services, world)
    case = services.cases.get(world.case_review.id)
    with pytest.raises(RefusedError) as error:
        services.patient_docs.prepare_gp_message(
            meeting.id, case.id, SHEET, build_case_sheet_cda, build_gp_message
        )
    assert "Aucun médecin traitant" in error.value.message
    give_gp(services, case.patient_id, world.gp.id, None)
    with pytest.raises(RefusedError) as error:
        services.patient_docs.prepare_gp_message(
            meeting.id, case.id, SHEET, build_case_sheet_cda, build_gp_message
        )
    assert "messagerie sécurisée" in error.value.message
    assert services.patient_docs.prepared() == []
