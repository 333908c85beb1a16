"""The frozen data the patient's documents lay out (no ORM object in them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rcp_desktop.models import PreparedKind
from rcp_desktop.services.documents.model import CrisisPlanData, Letterhead


@dataclass(frozen=True)
class PatientPlanData:
    """The crisis plan as the patient receives it: the plan, in plain words, and who holds a
    copy."""

    plan: CrisisPlanData
    holders: tuple[str, ...]
    drawn_up_by: str  # the professional who signs with the patient ('' = a line to fill in)


@dataclass(frozen=True)
class PatientLetterData:
    letterhead: Letterhead
    patient: str  # "Julie ARNAUD"
    case_number: str
    held_on: dt.date
    place: str  # the CPTS's commune or '' (the letter's "Fait à")
    body: str  # the template filled in
    signatory: str
    generated_at: dt.datetime


@dataclass(frozen=True)
class PreparedLine:
    """One row of the register of documents prepared for someone."""

    id: int
    at: dt.datetime
    prepared_on: dt.date
    operator: str
    kind: PreparedKind
    case_id: int | None
    meeting_id: int | None
    recipient: str
    details: tuple[str, ...]
    sha256: str


@dataclass(frozen=True)
class RecordPerson:
    """A professional as the record's header names them."""

    first_name: str
    last_name: str
    rpps: str  # '' when unknown
    profession: str
    secure_email: str = ""


@dataclass(frozen=True)
class RecordHeader:
    """What the CDA R2 header of a fiche RCP says: the patient (INS only when the identity is
    verified), the author, the custodian, the dates."""

    document_uuid: str
    case_number: str
    birth_name: str
    used_name: str
    first_names: str
    sex_code: str  # "F", "M" or "I"
    birth_date: dt.date | None
    ins_nir: str  # the NIR as INS when the identity is verified, else ''
    author: RecordPerson | None
    custodian_name: str
    held_on: dt.date
    start: dt.datetime
    end: dt.datetime
    created_at: dt.datetime
    title: str


@dataclass(frozen=True)
class GpRecipient:
    """The patient's GP as the message file addresses them."""

    professional_id: int
    name: str
    secure_email: str  # '' when the directory has none


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str


@dataclass(frozen=True)
class GpMessage:
    """The message file for the GP's secure messaging."""

    recipient_name: str
    recipient_address: str
    patient: str  # in the body only, never the subject
    case_number: str
    held_on: dt.date
    sender_name: str  # the operator
    cpts_name: str
    attachments: tuple[Attachment, ...]
    created_at: dt.datetime


@dataclass(frozen=True)
class PreparedMessage:
    content: bytes
    recipient: GpRecipient
    filenames: tuple[str, ...]
    record_id: int
