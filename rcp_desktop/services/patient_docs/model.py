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
