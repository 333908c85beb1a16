"""The plain frozen data classes the documents lay out: no ORM object, no session, in them.

The reports (``rcp_desktop/reports``) only ever see these; :mod:`.gather` fills them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rcp_desktop.services.pseudonymise import Review


@dataclass(frozen=True)
class Letterhead:
    cpts_name: str
    logo: bytes | None = None


@dataclass(frozen=True)
class Person:
    """A professional as documents show them (never a patient)."""

    name: str
    profession: str
    detail: str = ""  # specialty / original label
    structure: str = ""
    email: str = ""

    @property
    def qualification(self) -> str:
        return f"{self.profession} — {self.detail}" if self.detail else self.profession


@dataclass(frozen=True)
class Participant:
    person: Person
    role: str
    presence: str  # French label
    present: bool
    excused: bool
    mode: str  # French label
    remote: bool
    invited: bool
    signed: bool
    absent: bool = False
    arrived_at: dt.time | None = None


@dataclass(frozen=True)
class MeetingInfo:
    id: int
    held_on: dt.date
    start_time: dt.time
    duration_minutes: int
    place: str
    video_link: str
    pathway: str
    theme: str
    animator: Person | None
    status: str
    validated: bool
    held: bool
    validated_at: dt.datetime | None
    validated_by: str
    quorum_required: int
    professions_present: int
    quorum_met: bool | None
    actual_start: dt.time | None = None  # the real start, once the session has begun
    actual_end: dt.time | None = None  # the real end, once it is closed

    @property
    def title(self) -> str:
        return self.theme or self.pathway or ""

    @property
    def ends_at(self) -> dt.time:
        end = dt.datetime.combine(self.held_on, self.start_time) + dt.timedelta(
            minutes=self.duration_minutes
        )
        return end.time()


@dataclass(frozen=True)
class DecisionLine:
    description: str
    owner: Person | None
    due_on: dt.date | None
    status: str
    open: bool
    completed_on: dt.date | None
    completion_note: str
    differs_from_proposal: bool | None
    difference_reason: str


@dataclass(frozen=True)
class Identity:
    """Who the case is about: the identity, or only the pseudonym in a pseudonymised variant
    (then every other field is empty)."""

    label: str  # "DUPONT Marie" or "Situation B"
    pseudonymised: bool
    birth_name: str = ""
    first_names: str = ""
    used_name: str = ""
    birth_date: dt.date | None = None
    age: int | None = None
    sex: str = ""
    commune: str = ""
    nir: str = ""  # only when the identity is checked (INS rules)
    identity_checked: bool = False
    gp: str = ""
    sex_code: str = ""  # "F", "M" or "I": the grammatical gender ("née", "né")
    birth_place: str = ""  # the INSEE code of the place of birth (an INS trait)


@dataclass(frozen=True)
class CaseSection:
    position: int
    case_id: int
    case_number: str
    kind: str
    listed: bool
    pathway: str
    identity: Identity
    presenter: Person | None
    referrer: Person | None
    question: str
    referral_reason: str
    synthesis_organic: str
    synthesis_psychic: str
    synthesis_social: str
    discussion: str
    proposal: str
    standard_answer: str
    decisions: tuple[DecisionLine, ...]
    next_review_on: dt.date | None
    planned_minutes: int


@dataclass(frozen=True)
class AddendumLine:
    created_at: dt.datetime
    author: str
    text: str


@dataclass(frozen=True)
class MinutesData:
    letterhead: Letterhead
    meeting: MeetingInfo
    participants: tuple[Participant, ...]
    discussed: tuple[CaseSection, ...]
    listed: tuple[CaseSection, ...]
    addenda: tuple[AddendumLine, ...]
    pseudonymised: bool
    generated_at: dt.datetime
    journal_fingerprint: str = ""  # validated minutes: the audit log's head when printed
    # A pseudonymised document: what was masked and what remains; (label, case id) pairs.
    review: Review | None = None
    mapping: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class CaseSheetData:
    letterhead: Letterhead
    meeting: MeetingInfo
    participants: tuple[Participant, ...]  # present ones
    case: CaseSection
    generated_at: dt.datetime


@dataclass(frozen=True)
class AgendaData:
    """Agenda / convocation and attendance sheet: cases by pseudonym only (a pseudonymised
    document: its free texts masked, its review and label mapping kept)."""

    letterhead: Letterhead
    meeting: MeetingInfo
    items: tuple[CaseSection, ...]
    invited: tuple[Participant, ...]
    generated_at: dt.datetime
    review: Review | None = None
    mapping: tuple[tuple[str, int], ...] = ()
    # Everyone on the session's list, the present who were not invited included.
    attendees: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class CalendarData:
    """An .ics invitation: the session, its organiser and guests; no patient data."""

    uid: str
    sequence: int
    meeting: MeetingInfo
    cpts_name: str
    organiser: Person | None
    attendees: tuple[Person, ...]
    case_count: int
    stamp: dt.datetime


@dataclass(frozen=True)
class AgendaChoice:
    """One agenda item offered in a chooser (fiche RCP of which case?)."""

    case_id: int
    position: int
    case_number: str
    patient: str
    listed: bool


@dataclass(frozen=True)
class CrisisContactLine:
    """Someone to call, in the plan's order."""

    position: int
    who: str
    kind: str  # French label
    role: str
    phone: str
    when_to_call: str


@dataclass(frozen=True)
class CrisisPlanData:
    """One version of a case's crisis-anticipation plan, to print from the case (named: for the
    care team and the patient)."""

    letterhead: Letterhead
    identity: Identity
    case_number: str
    pathway: str
    version: int
    drawn_up_on: dt.date
    reviewed_on: dt.date | None
    next_review_on: dt.date | None
    texts: tuple[tuple[str, str], ...]  # (label, text) of every field, in reading order
    contacts: tuple[CrisisContactLine, ...]
    generated_at: dt.datetime
