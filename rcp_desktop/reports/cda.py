"""The fiche RCP as a CDA R2 document for the patient's record: a header following the French
conventions (CI-SIS, DMP) and a non-structured body (``nonXMLBody``) carrying the fiche's PDF.

The header names the patient by the INS (the NIR, OID 1.2.250.1.213.1.4.8) only when the
identity is verified (INS rules); otherwise by a local identifier (the case number) that no
record will take for an INS. The author is the session's animator (RPPS as the national
identifier "8" + RPPS, OID 1.2.250.1.71.4.2.1), the custodian the CPTS.

:func:`cda_problems` checks a document against ``resources/cda/cda-r2-subset.xsd``: a subset of
the HL7 CDA R2 schema written from the standard (the official CDA.xsd could not be installed
offline); see that file's header.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import uuid

from lxml import etree

from rcp_desktop.paths import resources_dir
from rcp_desktop.services.patient_docs.model import RecordHeader

NS = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
INS_NIR_OID = "1.2.250.1.213.1.4.8"
RPPS_OID = "1.2.250.1.71.4.2.1"  # the national identifier of professionals ("8" + RPPS)
LOINC_OID = "2.16.840.1.113883.6.1"
# The document's kind. LOINC 75496-0, as the CI-SIS value set of document types (JDV_J07)
# names the "Fiche de réunion de concertation pluridisciplinaire" (to check against the
# value set in force before sending to the DMP).
FICHE_RCP_CODE = ("75496-0", "Fiche de réunion de concertation pluridisciplinaire")
CONFIDENTIALITY_OID = "2.16.840.1.113883.5.25"
GENDER_OID = "2.16.840.1.113883.5.1"
TEMPLATE_IDS = (
    "2.16.840.1.113883.2.8.2.1",  # HL7 France: a French CDA
    "1.2.250.1.213.1.1.1.1",  # CI-SIS: the minimal structuring of CDA documents
)
# Local identifiers (no national OID): roots under 2.25 (ISO/ITU UUID arc), fixed per kind.
LOCAL_PATIENT_ROOT = "2.25." + str(uuid.uuid5(uuid.NAMESPACE_URL, "rcp-desktop:case-number").int)
LOCAL_CUSTODIAN_ROOT = "2.25." + str(uuid.uuid5(uuid.NAMESPACE_URL, "rcp-desktop:cpts").int)
SCHEMA = "cda-r2-subset.xsd"


def _e(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attrs.items() if v})


def _ts(moment: dt.datetime | dt.date) -> str:
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.astimezone()  # the machine's zone, as the clock gave it
        return moment.strftime("%Y%m%d%H%M%S%z")
    return moment.strftime("%Y%m%d")


def _oid(value: str) -> str:
    return "2.25." + str(uuid.UUID(value).int)


def _name(parent: etree._Element, first: str, last: str, birth_name: str = "") -> None:
    name = _e(parent, "name")
    if first:
        _e(name, "given").text = first
    if birth_name:
        _e(name, "family", qualifier="BR").text = birth_name.upper()
    if last and last.upper() != birth_name.upper():
        _e(name, "family", qualifier="SP" if birth_name else "").text = last.upper()


def build_case_sheet_cda(header: RecordHeader, pdf: bytes) -> bytes:
    """The CDA R2 document (UTF-8 XML bytes) of a fiche RCP whose PDF is *pdf*."""
    root = etree.Element(f"{{{NS}}}ClinicalDocument", nsmap={None: NS, "xsi": XSI})
    _e(root, "realmCode", code="FR")
    _e(root, "typeId", root="2.16.840.1.113883.1.3", extension="POCD_HD000040")
    for template in TEMPLATE_IDS:
        _e(root, "templateId", root=template)
    _e(root, "id", root=_oid(header.document_uuid))
    code, display = FICHE_RCP_CODE
    _e(root, "code", code=code, codeSystem=LOINC_OID, codeSystemName="LOINC", displayName=display)
    _e(root, "title").text = header.title
    _e(root, "effectiveTime", value=_ts(header.created_at))
    _e(
        root,
        "confidentialityCode",
        code="N",
        codeSystem=CONFIDENTIALITY_OID,
        displayName="Normal",
    )
    _e(root, "languageCode", code="fr-FR")
    _e(root, "setId", root=_oid(header.document_uuid))
    _e(root, "versionNumber", value="1")

    role = _e(_e(root, "recordTarget"), "patientRole")
    if header.ins_nir:
        _e(role, "id", root=INS_NIR_OID, extension=header.ins_nir)
    else:
        _e(role, "id", root=LOCAL_PATIENT_ROOT, extension=header.case_number)
    patient = _e(role, "patient")
    first = header.first_names.split(" ")[0] if header.first_names else ""
    _name(patient, first, header.used_name or header.birth_name, header.birth_name)
    gender = {"F": "F", "M": "M"}.get(header.sex_code, "U")
    _e(patient, "administrativeGenderCode", code=gender, codeSystem=GENDER_OID)
    if header.birth_date is not None:
        _e(patient, "birthTime", value=_ts(header.birth_date))
    else:
        _e(patient, "birthTime", nullFlavor="UNK")

    author = _e(root, "author")
    _e(author, "time", value=_ts(header.created_at))
    assigned = _e(author, "assignedAuthor")
    person = header.author
    if person is not None and person.rpps:
        _e(assigned, "id", root=RPPS_OID, extension="8" + person.rpps)
    else:
        _e(assigned, "id", nullFlavor="UNK")
    if person is not None:
        _name(_e(assigned, "assignedPerson"), person.first_name, person.last_name)
    organisation = _e(assigned, "representedOrganization")
    _e(organisation, "name").text = header.custodian_name

    custodian = _e(
        _e(_e(root, "custodian"), "assignedCustodian"), "representedCustodianOrganization"
    )
    _e(custodian, "id", root=LOCAL_CUSTODIAN_ROOT, extension="cpts")
    _e(custodian, "name").text = header.custodian_name

    event = _e(_e(root, "documentationOf"), "serviceEvent", classCode="ACT")
    period = _e(event, "effectiveTime")
    _e(period, "low", value=_ts(header.start))
    _e(period, "high", value=_ts(header.end))

    body = _e(_e(root, "component"), "nonXMLBody")
    text = _e(body, "text", mediaType="application/pdf", representation="B64")
    text.text = base64.b64encode(pdf).decode("ascii")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(resources_dir() / "cda" / SCHEMA)))


def cda_problems(document: bytes) -> list[str]:
    """What the schema refuses in *document* (empty: valid), or why it is not XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        return [str(exc)]
    schema = _schema()
    if schema.validate(tree):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def embedded_pdf(document: bytes) -> bytes:
    """The PDF a CDA document of :func:`build_case_sheet_cda` carries."""
    tree = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    text = tree.find(f"{{{NS}}}component/{{{NS}}}nonXMLBody/{{{NS}}}text")
    if text is None or text.text is None:
        raise ValueError("no nonXMLBody text")
    return base64.b64decode(text.text)
