"""What the documents print, gathered from the database into plain frozen data classes.

The reports (``rcp_desktop/reports``) never see an ORM object or a session: they lay out what
these classes hold. Pseudonymisation happens here, once: in a pseudonymised variant the patient's
name, birth date and NIR are never copied into the data, and the free texts of the case have the
patient's names, birth date and NIR blotted out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    HELD_MEETING_STATUSES,
    AgendaItem,
    Attendance,
    AttendanceMode,
    CaseFile,
    Decision,
    IdentityStatus,
    Meeting,
    MeetingStatus,
    Patient,
    Presence,
    Professional,
    Triage,
    label,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import NotFoundError
from rcp_desktop.services.integrity import journal_fingerprint
from rcp_desktop.services.pseudonyms import case_pseudonym

REDACTED = "[…]"


# --- data classes -----------------------------------------------------------------------------


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


@dataclass(frozen=True)
class SessionInfo:
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

    label: str  # "DUPONT Marie" or "Situation 2025-0012"
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
    session: SessionInfo
    participants: tuple[Participant, ...]
    discussed: tuple[CaseSection, ...]
    listed: tuple[CaseSection, ...]
    addenda: tuple[AddendumLine, ...]
    pseudonymised: bool
    generated_at: dt.datetime
    journal_fingerprint: str = ""  # validated minutes: the audit log's head when printed


@dataclass(frozen=True)
class CaseSheetData:
    letterhead: Letterhead
    session: SessionInfo
    participants: tuple[Participant, ...]  # present ones
    case: CaseSection
    generated_at: dt.datetime


@dataclass(frozen=True)
class AgendaData:
    """Agenda / convocation and attendance sheet: cases by pseudonym only."""

    letterhead: Letterhead
    session: SessionInfo
    items: tuple[CaseSection, ...]
    invited: tuple[Participant, ...]
    generated_at: dt.datetime


@dataclass(frozen=True)
class CalendarData:
    """An .ics invitation: the session, its organiser and guests; no patient data."""

    uid: str
    sequence: int
    session: SessionInfo
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


# --- helpers ----------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return value or ""


def _person(pro: Professional | None) -> Person | None:
    if pro is None:
        return None
    return Person(
        name=pro.display_name,
        profession=label(pro.profession),
        detail=_text(pro.profession_detail),
        structure=_text(pro.structure),
        email=_text(pro.email),
    )


def identity_terms(patient: Patient) -> list[str]:
    """The strings that would identify *patient* in a free text: names, birth date, NIR."""
    names = [patient.birth_name, patient.used_name, patient.used_first_name]
    names += patient.first_names.split()
    terms = {n.strip() for n in names if n and len(n.strip()) >= 2}
    # Compound names also appear split ("LE-GALL" → "LE GALL").
    terms |= {t.replace("-", " ") for t in terms if "-" in t}
    b = patient.birth_date
    terms |= {
        f"{b.day:02d}/{b.month:02d}/{b.year}",
        f"{b.day}/{b.month}/{b.year}",
        f"{b.day:02d}/{b.month:02d}/{b.year % 100:02d}",
        f"{b.day:02d}.{b.month:02d}.{b.year}",
        f"{b.day:02d}-{b.month:02d}-{b.year}",
        b.isoformat(),
    }
    if patient.nir:
        nir = patient.nir
        terms |= {
            nir,
            nir[:13],
            f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}",
        }
    return sorted(terms, key=len, reverse=True)


def redactor(terms: list[str]):
    """A function blotting out whole-word, case-insensitive occurrences of *terms*."""
    if not terms:
        return lambda text: text
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE
    )
    return lambda text: pattern.sub(REDACTED, text) if text else text


def _identity(patient: Patient, case: CaseFile, on: dt.date, pseudonymise: bool) -> Identity:
    if pseudonymise:
        return Identity(label=case_pseudonym(case.number), pseudonymised=True)
    checked = patient.identity_status is IdentityStatus.CHECKED
    gp = patient.gp.display_name if patient.gp is not None else _text(patient.gp_free_text)
    if patient.gp is not None:
        gp = f"{gp} ({label(patient.gp.profession)})"
    return Identity(
        label=patient.display_name,
        pseudonymised=False,
        birth_name=patient.birth_name,
        first_names=patient.first_names,
        used_name=_text(patient.used_name),
        birth_date=patient.birth_date,
        age=patient.age_on(on),
        sex=label(patient.sex),
        commune=_text(patient.commune),
        nir=_text(patient.nir) if checked else "",
        identity_checked=checked,
        gp=gp,
    )


def _decision(decision: Decision, clean) -> DecisionLine:
    return DecisionLine(
        description=clean(decision.description),
        owner=_person(decision.owner),
        due_on=decision.due_on,
        status=label(decision.status),
        open=decision.is_open,
        completed_on=decision.completed_on,
        completion_note=clean(_text(decision.completion_note)),
        differs_from_proposal=decision.differs_from_proposal,
        difference_reason=clean(_text(decision.difference_reason)),
    )


def _section(item: AgendaItem, meeting: Meeting, pseudonymise: bool) -> CaseSection:
    case = item.case
    patient = case.patient
    clean = redactor(identity_terms(patient)) if pseudonymise else (lambda text: text)
    return CaseSection(
        position=item.position,
        case_id=case.id,
        case_number=case.number,
        kind=label(item.kind),
        listed=item.triage is Triage.LISTED,
        pathway=label(case.pathway),
        identity=_identity(patient, case, meeting.held_on, pseudonymise),
        presenter=_person(item.presenter),
        referrer=_person(case.referrer),
        question=clean(_text(item.question) or case.question),
        referral_reason=clean(case.referral_reason),
        synthesis_organic=clean(_text(case.synthesis_organic)),
        synthesis_psychic=clean(_text(case.synthesis_psychic)),
        synthesis_social=clean(_text(case.synthesis_social)),
        discussion=clean(_text(item.discussion_notes)),
        proposal=clean(_text(item.proposal)),
        standard_answer=clean(_text(item.standard_answer)),
        decisions=tuple(_decision(d, clean) for d in item.decisions),
        next_review_on=item.next_review_on,
        planned_minutes=item.planned_minutes,
    )


def _participant(att: Attendance) -> Participant:
    return Participant(
        person=_person(att.professional),
        role=_text(att.role),
        presence=label(att.presence),
        present=att.presence is Presence.PRESENT,
        excused=att.presence is Presence.EXCUSED,
        mode=label(att.mode),
        remote=att.mode is AttendanceMode.REMOTE,
        invited=att.invited,
        signed=att.signed,
    )


_PRESENCE_ORDER = {
    Presence.PRESENT: 0,
    Presence.EXPECTED: 1,
    Presence.EXCUSED: 2,
    Presence.ABSENT: 3,
}


def _participants(meeting: Meeting) -> tuple[Participant, ...]:
    rows = sorted(
        meeting.attendances,
        key=lambda a: (
            _PRESENCE_ORDER[a.presence],
            a.professional.last_name.casefold(),
            a.professional.first_name.casefold(),
        ),
    )
    return tuple(_participant(a) for a in rows)


# --- the service ------------------------------------------------------------------------------


class DocumentService(ServiceBase):
    """Reads what a document needs in one read transaction; returns plain data."""

    def letterhead(self) -> Letterhead:
        settings = settings_mod.SettingsService(self.ctx)
        return Letterhead(cpts_name=settings.get(settings_mod.CPTS_NAME), logo=settings.logo())

    def _meeting(self, s, meeting_id: int) -> Meeting:
        meeting = s.get(
            Meeting,
            meeting_id,
            options=(
                selectinload(Meeting.animator),
                selectinload(Meeting.items)
                .selectinload(AgendaItem.case)
                .selectinload(CaseFile.patient)
                .selectinload(Patient.gp),
                selectinload(Meeting.items)
                .selectinload(AgendaItem.case)
                .selectinload(CaseFile.referrer),
                selectinload(Meeting.items).selectinload(AgendaItem.presenter),
                selectinload(Meeting.items)
                .selectinload(AgendaItem.decisions)
                .selectinload(Decision.owner),
                selectinload(Meeting.attendances).selectinload(Attendance.professional),
                selectinload(Meeting.addenda),
            ),
        )
        if meeting is None:
            raise NotFoundError(_N("core", "Séance introuvable (n° {id})."), id=meeting_id)
        return meeting

    def _session(self, meeting: Meeting) -> SessionInfo:
        quorum = int(settings_mod.SettingsService(self.ctx).get(settings_mod.QUORUM_PROFESSIONS))
        professions = {
            a.professional.profession for a in meeting.attendances if a.presence is Presence.PRESENT
        }
        held = meeting.status in HELD_MEETING_STATUSES
        met = meeting.quorum_met
        if met is None and held:
            met = len(professions) >= quorum
        return SessionInfo(
            id=meeting.id,
            held_on=meeting.held_on,
            start_time=meeting.start_time,
            duration_minutes=meeting.duration_minutes,
            place=_text(meeting.place),
            video_link=_text(meeting.video_link),
            pathway=label(meeting.pathway),
            theme=_text(meeting.theme),
            animator=_person(meeting.animator),
            status=label(meeting.status),
            validated=meeting.status is MeetingStatus.VALIDATED,
            held=held,
            validated_at=meeting.validated_at,
            validated_by=_text(meeting.validated_by),
            quorum_required=quorum,
            professions_present=len(professions),
            quorum_met=met,
        )

    def minutes(self, meeting_id: int, *, pseudonymise: bool = False) -> MinutesData:
        head = self.letterhead()
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            sections = [_section(item, meeting, pseudonymise) for item in meeting.items]
            return MinutesData(
                letterhead=head,
                session=self._session(meeting),
                participants=_participants(meeting),
                discussed=tuple(c for c in sections if not c.listed),
                listed=tuple(c for c in sections if c.listed),
                addenda=tuple(AddendumLine(a.created_at, a.author, a.text) for a in meeting.addenda)
                if not pseudonymise
                else tuple(
                    AddendumLine(a.created_at, a.author, self._scrub_all(meeting, a.text))
                    for a in meeting.addenda
                ),
                pseudonymised=pseudonymise,
                generated_at=self.ctx.now(),
                journal_fingerprint=journal_fingerprint(s)
                if meeting.status is MeetingStatus.VALIDATED
                else "",
            )

    @staticmethod
    def _scrub_all(meeting: Meeting, text: str) -> str:
        """An addendum may concern any case of the session: blot out every patient's terms."""
        terms: list[str] = []
        for item in meeting.items:
            terms += identity_terms(item.case.patient)
        return redactor(sorted(set(terms), key=len, reverse=True))(text)

    def agenda_choices(self, meeting_id: int) -> list[AgendaChoice]:
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            return [
                AgendaChoice(
                    case_id=item.case.id,
                    position=item.position,
                    case_number=item.case.number,
                    patient=item.case.patient.display_name,
                    listed=item.triage is Triage.LISTED,
                )
                for item in meeting.items
            ]

    def case_sheet(self, meeting_id: int, case_id: int) -> CaseSheetData:
        head = self.letterhead()
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            item = next((i for i in meeting.items if i.case_id == case_id), None)
            if item is None:
                raise NotFoundError(
                    _N(
                        "core",
                        "Le dossier n° {case} n'est pas à l'ordre du jour de la séance n° {id}.",
                    ),
                    case=case_id,
                    id=meeting_id,
                )
            return CaseSheetData(
                letterhead=head,
                session=self._session(meeting),
                participants=tuple(p for p in _participants(meeting) if p.present),
                case=_section(item, meeting, False),
                generated_at=self.ctx.now(),
            )

    def case_id_for_number(self, number: str) -> int:
        with self._read() as s:
            case_id = s.scalar(select(CaseFile.id).where(CaseFile.number == number.strip()))
        if case_id is None:
            raise NotFoundError(_N("core", "Dossier introuvable ({number})."), number=number)
        return case_id

    def agenda(self, meeting_id: int) -> AgendaData:
        head = self.letterhead()
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            return AgendaData(
                letterhead=head,
                session=self._session(meeting),
                items=tuple(_section(item, meeting, True) for item in meeting.items),
                invited=tuple(p for p in _participants(meeting) if p.invited),
                generated_at=self.ctx.now(),
            )

    def calendar(self, meeting_id: int) -> CalendarData:
        head = self.letterhead()
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            created = meeting.created_at or dt.datetime(2000, 1, 1)
            invited = [a.professional for a in meeting.attendances if a.invited]
            return CalendarData(
                uid=f"rcp-seance-{meeting.id}-{created:%Y%m%d%H%M%S}@rcp-desktop",
                sequence=max(meeting.version - 1, 0),
                session=self._session(meeting),
                cpts_name=head.cpts_name,
                organiser=_person(meeting.animator),
                attendees=tuple(
                    _person(p) for p in sorted(invited, key=lambda p: (p.last_name, p.first_name))
                ),
                case_count=len(meeting.items),
                stamp=dt.datetime.now(dt.UTC),
            )
