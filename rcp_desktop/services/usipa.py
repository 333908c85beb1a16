"""USIPA (intensive ambulatory psychiatric follow-up): enrolment, team, contact log, exit, board.

Rules
    A case has at most one active enrolment (no exit yet) at a time, and enrolments of a case
    never overlap. Inclusion: not in the future, not before the case was opened; planned
    intensity 1–50 contacts a week; a team of at least one professional of the directory.
    A contact is dated inside its enrolment (from the inclusion to the exit, or to today while
    the enrolment is active) and never in the future. Exit: not before the inclusion nor the
    last contact, not in the future, with an outcome ("other" needs a note).

Board (:meth:`UsipaService.board`)
    One row per active enrolment. "This week" is the last 7 days, today included. The contacts
    expected over that window are the planned weekly intensity, pro-rated when the inclusion is
    less than 7 days old (rounded up); a row is *behind* when it has fewer contacts than that.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    CaseFile,
    CaseStatus,
    Professional,
    UsipaContact,
    UsipaContactKind,
    UsipaEnrolment,
    UsipaOutcome,
    UsipaTeamMember,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator

MIN_INTENSITY = 1
MAX_INTENSITY = 50
MAX_USIPA_TEXT = 20_000
WEEK = 7


@dataclass
class EnrolmentDraft:
    inclusion_on: dt.date | None = None
    inclusion_criteria: str | None = None
    planned_contacts_per_week: int | None = None
    team: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, enrolment: UsipaEnrolment) -> EnrolmentDraft:
        return cls(
            inclusion_on=enrolment.inclusion_on,
            inclusion_criteria=enrolment.inclusion_criteria,
            planned_contacts_per_week=enrolment.planned_contacts_per_week,
            team=[m.professional_id for m in enrolment.team],
        )


@dataclass
class ContactDraft:
    contact_on: dt.date | None = None
    professional_id: int | None = None
    kind: UsipaContactKind | None = None
    note: str | None = None

    @classmethod
    def of(cls, contact: UsipaContact) -> ContactDraft:
        return cls(contact.contact_on, contact.professional_id, contact.kind, contact.note)


@dataclass
class ExitDraft:
    exit_on: dt.date | None = None
    outcome: UsipaOutcome | None = None
    note: str | None = None


@dataclass(frozen=True)
class BoardRow:
    """One active enrolment on the USIPA board."""

    enrolment_id: int
    case_id: int
    case_number: str
    patient: str
    inclusion_on: dt.date
    days_since_inclusion: int
    planned_per_week: int
    expected_this_week: int
    contacts_this_week: int
    last_contact_on: dt.date | None
    days_since_last_contact: int | None
    team: tuple[str, ...]

    @property
    def id(self) -> int:
        return self.enrolment_id

    @property
    def behind(self) -> bool:
        return self.contacts_this_week < self.expected_this_week


def expected_contacts(planned_per_week: int, inclusion_on: dt.date, today: dt.date) -> int:
    """Contacts expected over the last 7 days (today included), pro-rated for a recent
    inclusion."""
    days = min(WEEK, (today - inclusion_on).days + 1)
    if days <= 0:
        return 0
    return math.ceil(planned_per_week * days / WEEK)


class UsipaService(ServiceBase):
    # --- reading -------------------------------------------------------------------------------

    @staticmethod
    def _options() -> tuple:
        return (
            selectinload(UsipaEnrolment.team).selectinload(UsipaTeamMember.professional),
            selectinload(UsipaEnrolment.contacts).selectinload(UsipaContact.professional),
            selectinload(UsipaEnrolment.case).selectinload(CaseFile.patient),
        )

    def enrolments(self, case_id: int) -> list[UsipaEnrolment]:
        """The case's enrolments, oldest first, with team, contacts and case loaded."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(UsipaEnrolment)
                    .where(UsipaEnrolment.case_id == case_id)
                    .options(*self._options())
                    .order_by(UsipaEnrolment.inclusion_on, UsipaEnrolment.id)
                )
            )

    def get(self, enrolment_id: int) -> UsipaEnrolment:
        with self._read() as s:
            return self._get(s, UsipaEnrolment, enrolment_id, options=self._options())

    def active(self, case_id: int) -> UsipaEnrolment | None:
        with self._read() as s:
            return s.scalar(
                select(UsipaEnrolment)
                .where(UsipaEnrolment.case_id == case_id, UsipaEnrolment.exit_on.is_(None))
                .options(*self._options())
            )

    def get_contact(self, contact_id: int) -> UsipaContact:
        with self._read() as s:
            return self._get(
                s, UsipaContact, contact_id, options=(selectinload(UsipaContact.professional),)
            )

    # --- enrolment -----------------------------------------------------------------------------

    def _clean_enrolment(self, draft: EnrolmentDraft, v: Validator) -> dict:
        inclusion_on = v.required("inclusion_on", draft.inclusion_on)
        v.date_not_after(
            "inclusion_on",
            draft.inclusion_on,
            self.ctx.today(),
            _N("core", "La date d'inclusion ne peut pas être dans le futur."),
        )
        v.int_range(
            "planned_contacts_per_week",
            draft.planned_contacts_per_week,
            MIN_INTENSITY,
            MAX_INTENSITY,
        )
        criteria = v.optional_text(
            "inclusion_criteria", draft.inclusion_criteria, max_length=MAX_USIPA_TEXT
        )
        team = list(dict.fromkeys(draft.team))
        if not team:
            v.add("team", _N("core", "Choisissez au moins un professionnel de l'équipe."))
        return {
            "inclusion_on": inclusion_on,
            "inclusion_criteria": criteria,
            "planned_contacts_per_week": draft.planned_contacts_per_week,
            "team": team,
        }

    def include(self, case_id: int, draft: EnrolmentDraft) -> UsipaEnrolment:
        """Include the case's patient in USIPA. Refused while another enrolment is active."""
        with self._write() as s:
            case = self._get(s, CaseFile, case_id)
            if case.status is CaseStatus.CLOSED:
                raise RefusedError(
                    _N("core", "Ce dossier est clos : rouvrez-le avant une inclusion en USIPA.")
                )
            others = list(
                s.scalars(select(UsipaEnrolment).where(UsipaEnrolment.case_id == case.id))
            )
            current = next((e for e in others if e.exit_on is None), None)
            if current is not None:
                raise RefusedError(
                    _N(
                        "core",
                        "Ce dossier a déjà une inclusion USIPA en cours (depuis le {date}) : "
                        "notez sa sortie avant une nouvelle inclusion.",
                    ),
                    date=fr_date(current.inclusion_on),
                )
            v = Validator()
            values = self._clean_enrolment(draft, v)
            team = values.pop("team")
            self._check_inclusion_date(v, case, others, values["inclusion_on"], None)
            v.raise_if_any()
            self._check_team(s, team)
            enrolment = UsipaEnrolment(case_id=case.id, **values)
            s.add(enrolment)
            s.flush()
            for pro_id in team:
                s.add(UsipaTeamMember(enrolment_id=enrolment.id, professional_id=pro_id))
            enrolment_id = enrolment.id
        return self.get(enrolment_id)

    def update_enrolment(self, enrolment_id: int, draft: EnrolmentDraft) -> UsipaEnrolment:
        """Correct an enrolment's inclusion date, criteria, intensity or team."""
        with self._write() as s:
            enrolment = self._get(s, UsipaEnrolment, enrolment_id)
            case = enrolment.case
            v = Validator()
            values = self._clean_enrolment(draft, v)
            team = values.pop("team")
            others = [e for e in case.usipa_enrolments if e.id != enrolment.id]
            self._check_inclusion_date(v, case, others, values["inclusion_on"], enrolment)
            first = min((c.contact_on for c in enrolment.contacts), default=None)
            if (
                first is not None
                and values["inclusion_on"] is not None
                and values["inclusion_on"] > first
            ):
                v.add(
                    "inclusion_on",
                    _N(
                        "core",
                        "Un contact est noté le {date} : l'inclusion ne peut pas être postérieure.",
                    ),
                    date=fr_date(first),
                )
            v.raise_if_any()
            self._check_team(s, team)
            for key, value in values.items():
                setattr(enrolment, key, value)
            existing = {m.professional_id: m for m in enrolment.team}
            for pro_id, member in existing.items():
                if pro_id not in team:
                    s.delete(member)
            for pro_id in team:
                if pro_id not in existing:
                    s.add(UsipaTeamMember(enrolment_id=enrolment.id, professional_id=pro_id))
        return self.get(enrolment_id)

    @staticmethod
    def _check_inclusion_date(
        v: Validator,
        case: CaseFile,
        others: list[UsipaEnrolment],
        inclusion_on: dt.date | None,
        own: UsipaEnrolment | None,
    ) -> None:
        if inclusion_on is None:
            return
        if inclusion_on < case.opened_on:
            v.add(
                "inclusion_on",
                _N("core", "L'inclusion ne peut pas précéder l'ouverture du dossier ({date})."),
                date=fr_date(case.opened_on),
            )
        own_end = own.exit_on if own is not None else None
        if own_end is not None and inclusion_on > own_end:
            v.add(
                "inclusion_on",
                _N("core", "L'inclusion ne peut pas suivre la sortie ({date})."),
                date=fr_date(own_end),
            )
        for other in others:
            other_end = other.exit_on or dt.date.max
            mine_end = own_end or dt.date.max
            if inclusion_on <= other_end and other.inclusion_on <= mine_end:
                v.add(
                    "inclusion_on",
                    _N("core", "Cette période chevauche l'inclusion du {start} (sortie le {end})."),
                    start=fr_date(other.inclusion_on),
                    end=fr_date(other.exit_on) if other.exit_on else "—",
                )

    def _check_team(self, s, team: list[int]) -> None:
        for pro_id in team:
            self._get(s, Professional, pro_id)

    # --- contacts ------------------------------------------------------------------------------

    def _clean_contact(self, draft: ContactDraft, v: Validator, enrolment: UsipaEnrolment) -> dict:
        contact_on = v.required("contact_on", draft.contact_on)
        v.date_not_after(
            "contact_on",
            draft.contact_on,
            self.ctx.today(),
            _N("core", "La date du contact ne peut pas être dans le futur."),
        )
        if contact_on is not None and contact_on < enrolment.inclusion_on:
            v.add(
                "contact_on",
                _N("core", "Ce contact précède l'inclusion en USIPA ({date})."),
                date=fr_date(enrolment.inclusion_on),
            )
        if (
            contact_on is not None
            and enrolment.exit_on is not None
            and contact_on > enrolment.exit_on
        ):
            v.add(
                "contact_on",
                _N("core", "Ce contact suit la sortie d'USIPA ({date})."),
                date=fr_date(enrolment.exit_on),
            )
        v.required("professional_id", draft.professional_id)
        v.required("kind", draft.kind)
        note = v.optional_text("note", draft.note, max_length=MAX_USIPA_TEXT)
        v.raise_if_any()
        return {
            "contact_on": contact_on,
            "professional_id": draft.professional_id,
            "kind": draft.kind,
            "note": note,
        }

    def add_contact(self, enrolment_id: int, draft: ContactDraft) -> UsipaContact:
        with self._write() as s:
            enrolment = self._get(s, UsipaEnrolment, enrolment_id)
            values = self._clean_contact(draft, Validator(), enrolment)
            self._get(s, Professional, values["professional_id"])
            contact = UsipaContact(enrolment_id=enrolment.id, **values)
            s.add(contact)
            s.flush()
            contact_id = contact.id
        return self.get_contact(contact_id)

    def update_contact(self, contact_id: int, draft: ContactDraft) -> UsipaContact:
        with self._write() as s:
            contact = self._get(s, UsipaContact, contact_id)
            values = self._clean_contact(draft, Validator(), contact.enrolment)
            self._get(s, Professional, values["professional_id"])
            for key, value in values.items():
                setattr(contact, key, value)
        return self.get_contact(contact_id)

    def delete_contact(self, contact_id: int) -> None:
        with self._write() as s:
            s.delete(self._get(s, UsipaContact, contact_id))

    # --- exit ----------------------------------------------------------------------------------

    def exit(self, enrolment_id: int, draft: ExitDraft) -> UsipaEnrolment:
        """Record the exit from USIPA: date and outcome."""
        with self._write() as s:
            enrolment = self._get(s, UsipaEnrolment, enrolment_id)
            if enrolment.exit_on is not None:
                raise RefusedError(
                    _N("core", "La sortie de cette inclusion est déjà notée (le {date})."),
                    date=fr_date(enrolment.exit_on),
                )
            v = Validator()
            exit_on = v.required("exit_on", draft.exit_on)
            v.date_not_after(
                "exit_on",
                draft.exit_on,
                self.ctx.today(),
                _N("core", "La date de sortie ne peut pas être dans le futur."),
            )
            if exit_on is not None and exit_on < enrolment.inclusion_on:
                v.add(
                    "exit_on",
                    _N("core", "La sortie ne peut pas précéder l'inclusion ({date})."),
                    date=fr_date(enrolment.inclusion_on),
                )
            last = max((c.contact_on for c in enrolment.contacts), default=None)
            if exit_on is not None and last is not None and exit_on < last:
                v.add(
                    "exit_on",
                    _N(
                        "core", "Un contact est noté le {date} : la sortie ne peut pas le précéder."
                    ),
                    date=fr_date(last),
                )
            outcome = v.required("outcome", draft.outcome)
            note = v.optional_text("note", draft.note, max_length=MAX_USIPA_TEXT)
            if outcome is UsipaOutcome.OTHER and not note:
                v.add("note", _N("core", "Précisez l'issue dans la note."))
            v.raise_if_any()
            enrolment.exit_on, enrolment.exit_outcome, enrolment.exit_note = exit_on, outcome, note
        return self.get(enrolment_id)

    # --- board ---------------------------------------------------------------------------------

    def board(self) -> list[BoardRow]:
        """Every active enrolment, those behind first, then the longest without contact."""
        today = self.ctx.today()
        window_start = today - dt.timedelta(days=WEEK - 1)
        with self._read() as s:
            enrolments = list(
                s.scalars(
                    select(UsipaEnrolment)
                    .where(UsipaEnrolment.exit_on.is_(None))
                    .options(*self._options())
                )
            )
        rows = []
        for e in enrolments:
            days = [c.contact_on for c in e.contacts]
            last = max(days, default=None)
            rows.append(
                BoardRow(
                    enrolment_id=e.id,
                    case_id=e.case_id,
                    case_number=e.case.number,
                    patient=e.case.patient.display_name,
                    inclusion_on=e.inclusion_on,
                    days_since_inclusion=(today - e.inclusion_on).days,
                    planned_per_week=e.planned_contacts_per_week,
                    expected_this_week=expected_contacts(
                        e.planned_contacts_per_week, e.inclusion_on, today
                    ),
                    contacts_this_week=sum(1 for d in days if window_start <= d <= today),
                    last_contact_on=last,
                    days_since_last_contact=(today - last).days if last else None,
                    team=tuple(sorted(m.professional.display_name for m in e.team)),
                )
            )
        rows.sort(
            key=lambda r: (
                not r.behind,
                -(
                    r.days_since_last_contact
                    if r.days_since_last_contact is not None
                    else r.days_since_inclusion + 1
                ),
                r.case_number,
            )
        )
        return rows
