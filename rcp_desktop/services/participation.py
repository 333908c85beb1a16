"""The GP and the patient in the loop at a session.

* Each agenda item's presenter and the patient's GP (médecin traitant) are invited for that
  item: :meth:`ParticipationService.item_invitees` gives them with the item's time slot (the
  convocation and the per-item .ics say which item); inviting one puts them on the session's
  list with their role for that item.
* People without an RPPS attend too — the patient, a relative, a legal representative, staff of
  a partner structure (DAC, CMP, PMI, CCAS, EHPAD…) — with their role; the quorum still counts
  professions only (they are not in ``attendance``).
* "Patient informé de la proposition": when, by whom, how, for each presentation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    CaseFile,
    GuestAttendance,
    GuestRole,
    InformationChannel,
    Meeting,
    Patient,
    PatientInformation,
    Presence,
    Professional,
    label,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.meetings import ensure_unlocked
from rcp_desktop.services.requests.drafts import refuse_markup
from rcp_desktop.services.validation import Validator

MAX_NOTE = 2000
ROLE_PRESENTER = _N("core", "présentateur")
ROLE_GP = _N("core", "médecin traitant")


@dataclass(frozen=True)
class ItemSlot:
    """When an agenda item comes, from the session's start and the planned minutes before it."""

    item_id: int
    position: int
    number: int  # 1, 2, 3… in the agenda's order
    starts: dt.time
    ends: dt.time


@dataclass(frozen=True)
class ItemInvitee:
    """A professional invited for one agenda item: its presenter or the patient's GP."""

    slot: ItemSlot
    case_number: str
    professional_id: int
    name: str
    role: str  # translated: "présentateur", "médecin traitant"
    email: str
    on_list: bool  # already on the session's list of participants

    @property
    def id(self) -> tuple[int, int]:
        return (self.slot.item_id, self.professional_id)


def item_slots(meeting: Meeting) -> dict[int, ItemSlot]:
    """Each item's time slot, by item id, in the agenda's order."""
    start = dt.datetime.combine(meeting.held_on, meeting.start_time)
    slots: dict[int, ItemSlot] = {}
    for number, item in enumerate(sorted(meeting.items, key=lambda i: i.position), start=1):
        end = start + dt.timedelta(minutes=item.planned_minutes)
        slots[item.id] = ItemSlot(item.id, item.position, number, start.time(), end.time())
        start = end
    return slots


def invitees_of(meeting: Meeting) -> list[ItemInvitee]:
    """The presenter and the patient's GP of every item (items, cases, patients, GPs and the
    attendances loaded)."""
    on_list = {a.professional_id for a in meeting.attendances}
    slots = item_slots(meeting)
    out: list[ItemInvitee] = []
    for item in sorted(meeting.items, key=lambda i: i.position):
        people: list[tuple[Professional, str]] = []
        if item.presenter is not None:
            people.append((item.presenter, translate(ROLE_PRESENTER)))
        gp = item.case.patient.gp
        if gp is not None:
            if item.presenter is not None and gp.id == item.presenter.id:
                people = [(gp, f"{translate(ROLE_PRESENTER)}, {translate(ROLE_GP)}")]
            else:
                people.append((gp, translate(ROLE_GP)))
        for pro, role in people:
            out.append(
                ItemInvitee(
                    slot=slots[item.id],
                    case_number=item.case.number,
                    professional_id=pro.id,
                    name=pro.display_name,
                    role=role,
                    email=pro.secure_email or pro.email or "",
                    on_list=pro.id in on_list,
                )
            )
    return out


def gp_attended(meeting: Meeting, item: AgendaItem) -> bool | None:
    """Whether the patient's GP was present at the session; None when the patient has no GP
    in the directory."""
    gp_id = item.case.patient.gp_id
    if gp_id is None:
        return None
    return any(
        a.professional_id == gp_id and a.presence is Presence.PRESENT for a in meeting.attendances
    )


def information_text(info: PatientInformation | None) -> str:
    """ "le 12/03/2026, par Dr Martin, par téléphone — note", or ''."""
    if info is None:
        return ""
    text = translate(_N("core", "le {date}, par {who}, {how}")).format(
        date=fr_date(info.informed_on), who=info.informed_by, how=label(info.channel).lower()
    )
    return f"{text} — {info.note}" if info.note else text


def guest_text(guest: GuestAttendance) -> str:
    """ "Marie Durand (proche)", "Luc Roy (structure partenaire : CMP de Juvisy)"."""
    role = label(guest.role).lower()
    if guest.structure:
        role = f"{role} : {guest.structure}"
    return f"{guest.name} ({role})"


class ParticipationService(ServiceBase):
    def _meeting(self, s, meeting_id: int) -> Meeting:
        return self._get(
            s,
            Meeting,
            meeting_id,
            options=(
                selectinload(Meeting.items).selectinload(AgendaItem.presenter),
                selectinload(Meeting.items)
                .selectinload(AgendaItem.case)
                .selectinload(CaseFile.patient)
                .selectinload(Patient.gp),
                selectinload(Meeting.attendances),
            ),
        )

    # --- invited for one item -------------------------------------------------------------------

    def item_invitees(self, meeting_id: int) -> list[ItemInvitee]:
        with self._read() as s:
            return invitees_of(self._meeting(s, meeting_id))

    def invite_for_item(self, meeting_id: int, item_id: int, professional_id: int) -> Attendance:
        """Put an item's presenter or GP on the session's list (expected), with their role for
        that item ("médecin traitant — point 2")."""
        with self._write() as s:
            meeting = self._meeting(s, meeting_id)
            ensure_unlocked(meeting)
            invitee = next(
                (
                    i
                    for i in invitees_of(meeting)
                    if i.slot.item_id == item_id and i.professional_id == professional_id
                ),
                None,
            )
            if invitee is None:
                raise RefusedError(
                    _N("core", "Ce professionnel n'est ni le présentateur ni le médecin traitant.")
                )
            pro = self._get(s, Professional, professional_id)
            if not pro.active:
                raise RefusedError(_N("core", "Ce professionnel est inactif dans l'annuaire."))
            role = translate(_N("core", "{role} — point {n}")).format(
                role=invitee.role, n=invitee.slot.number
            )[:100]
            row = next(
                (a for a in meeting.attendances if a.professional_id == professional_id), None
            )
            if row is None:
                row = Attendance(
                    meeting_id=meeting.id,
                    professional_id=professional_id,
                    invited=True,
                    presence=Presence.EXPECTED,
                    role=role,
                )
                s.add(row)
            else:
                row.invited = True
                row.role = row.role or role
        return row

    # --- people without an RPPS -----------------------------------------------------------------

    def guests(self, meeting_id: int) -> list[GuestAttendance]:
        with self._read() as s:
            return list(
                s.scalars(
                    select(GuestAttendance)
                    .where(GuestAttendance.meeting_id == meeting_id)
                    .options(selectinload(GuestAttendance.item))
                    .order_by(GuestAttendance.id)
                )
            )

    def add_guest(
        self,
        meeting_id: int,
        *,
        name: str,
        role: GuestRole | None,
        structure: str | None = None,
        item_id: int | None = None,
        presence: Presence = Presence.PRESENT,
        mode: AttendanceMode = AttendanceMode.ON_SITE,
    ) -> GuestAttendance:
        """Record someone without an RPPS at the session (for one item, or the whole session).
        A partner structure's staff name their structure."""
        # Combo boxes hand back the plain value: the members again.
        role = GuestRole(role) if role else None
        presence, mode = Presence(presence), AttendanceMode(mode)
        v = Validator()
        name = v.required_text("name", name, max_length=200)
        refuse_markup(v, "name", name)
        v.required("role", role)
        structure = v.optional_text("structure", structure, max_length=200)
        if structure:
            refuse_markup(v, "structure", structure)
        if role is GuestRole.PARTNER_STAFF and not structure:
            v.add(
                "structure",
                _N("core", "Indiquez la structure partenaire (DAC, CMP, PMI, CCAS, EHPAD…)."),
            )
        v.raise_if_any()
        with self._write() as s:
            meeting = self._meeting(s, meeting_id)
            ensure_unlocked(meeting)
            if item_id is not None and item_id not in {i.id for i in meeting.items}:
                raise RefusedError(_N("core", "Ce dossier n'est pas à l'ordre du jour."))
            guest = GuestAttendance(
                meeting_id=meeting_id,
                item_id=item_id,
                name=name,
                role=role,
                structure=structure,
                presence=presence,
                mode=mode,
                recorded_by=self.ctx.actor.operator,
                recorded_at=self.ctx.now(),
            )
            s.add(guest)
        return guest

    def remove_guest(self, guest_id: int) -> None:
        with self._write() as s:
            guest = self._get(s, GuestAttendance, guest_id)
            ensure_unlocked(self._get(s, Meeting, guest.meeting_id))
            s.delete(guest)

    # --- the patient informed of the proposal ---------------------------------------------------

    def information(self, item_id: int) -> PatientInformation | None:
        with self._read() as s:
            return s.scalar(select(PatientInformation).where(PatientInformation.item_id == item_id))

    def record_information(
        self,
        item_id: int,
        *,
        informed_on: dt.date | None,
        informed_by: str,
        channel: InformationChannel | None,
        note: str | None = None,
    ) -> PatientInformation:
        """ "Patient informé de la proposition": when (not before the session, not in the
        future), by whom, how. Recorded again, it replaces the previous record (audited)."""
        channel = InformationChannel(channel) if channel else None
        v = Validator()
        v.required("informed_on", informed_on)
        informed_by = v.required_text("informed_by", informed_by, max_length=200)
        refuse_markup(v, "informed_by", informed_by)
        v.required("channel", channel)
        note = v.optional_text("note", note, max_length=MAX_NOTE)
        v.date_not_after(
            "informed_on",
            informed_on,
            self.ctx.today(),
            _N("core", "La date ne peut pas être dans le futur."),
        )
        v.raise_if_any()
        with self._write() as s:
            item = self._get(s, AgendaItem, item_id)
            meeting = self._get(s, Meeting, item.meeting_id)
            assert informed_on is not None  # required above
            if informed_on < meeting.held_on:
                v.add(
                    "informed_on",
                    _N(
                        "core", "Le patient est informé de la proposition après la séance ({date})."
                    ),
                    date=fr_date(meeting.held_on),
                )
                v.raise_if_any()
            info = s.scalar(select(PatientInformation).where(PatientInformation.item_id == item_id))
            if info is None:
                info = PatientInformation(item_id=item_id)
                s.add(info)
            info.informed_on = informed_on
            info.informed_by = informed_by
            info.channel = channel
            info.note = note
            info.recorded_by = self.ctx.actor.operator
            info.recorded_at = self.ctx.now()
        return info
