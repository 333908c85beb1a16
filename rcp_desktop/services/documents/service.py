"""DocumentService: what a document needs, read in one read transaction, returned as plain data.

It loads a session with everything its documents show (:meth:`DocumentService._meeting`) and
hands the loaded objects to :mod:`.gather`; a pseudonymised variant is decided by the caller's
``pseudonymise`` and carried out by a :class:`.redaction.Pseudonymisation` (terms the reviewer
asked to mask come as ``extra_terms``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    AgendaItem,
    Attendance,
    CaseFile,
    CrisisPlanContact,
    CrisisPlanVersion,
    Decision,
    Meeting,
    MeetingStatus,
    Patient,
    Triage,
    label,
)
from rcp_desktop.services import settings as settings_mod
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.crisis.plan import TEXT_FIELDS
from rcp_desktop.services.documents.gather import (
    case_section,
    identity,
    masked_meeting,
    meeting_info,
    participants,
    person,
)
from rcp_desktop.services.documents.model import (
    AddendumLine,
    AgendaChoice,
    AgendaData,
    CalendarData,
    CaseSheetData,
    CrisisContactLine,
    CrisisPlanData,
    Letterhead,
    MeetingInfo,
    MinutesData,
)
from rcp_desktop.services.documents.redaction import Pseudonymisation
from rcp_desktop.services.errors import NotFoundError
from rcp_desktop.services.integrity import journal_fingerprint


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

    def _meeting_info(self, meeting: Meeting) -> MeetingInfo:
        quorum = int(settings_mod.SettingsService(self.ctx).get(settings_mod.QUORUM_PROFESSIONS))
        return meeting_info(meeting, quorum)

    def minutes(
        self, meeting_id: int, *, pseudonymise: bool = False, extra_terms: Iterable[str] = ()
    ) -> MinutesData:
        head = self.letterhead()
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            pseudo = Pseudonymisation.for_meeting(s, meeting, extra_terms) if pseudonymise else None
            sections = [case_section(item, meeting, pseudo) for item in meeting.items]
            info = self._meeting_info(meeting)
            addenda = tuple(AddendumLine(a.created_at, a.author, a.text) for a in meeting.addenda)
            if pseudo is not None:
                info = masked_meeting(info, pseudo.meeting_scrub())
                clean = pseudo.addenda_scrub()
                addenda = tuple(
                    AddendumLine(a.created_at, a.author, clean(a.text)) for a in addenda
                )
            return MinutesData(
                letterhead=head,
                meeting=info,
                participants=participants(meeting),
                discussed=tuple(c for c in sections if not c.listed),
                listed=tuple(c for c in sections if c.listed),
                addenda=addenda,
                pseudonymised=pseudonymise,
                generated_at=self.ctx.now(),
                journal_fingerprint=journal_fingerprint(s)
                if meeting.status is MeetingStatus.VALIDATED
                else "",
                review=pseudo.review() if pseudo else None,
                mapping=pseudo.mapping() if pseudo else (),
            )

    def pseudonymisation(self, meeting_id: int) -> Pseudonymisation:
        """The labels and the masking of a session's pseudonymised views (live mode's
        projected screen uses the same as the documents)."""
        with self._read() as s:
            return Pseudonymisation.for_meeting(s, self._meeting(s, meeting_id))

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
                meeting=self._meeting_info(meeting),
                participants=tuple(p for p in participants(meeting) if p.present),
                case=case_section(item, meeting),
                generated_at=self.ctx.now(),
            )

    def crisis_plan(self, plan_id: int) -> CrisisPlanData:
        """One version of a case's crisis-anticipation plan, named, every field in reading
        order and the people to call in order (a professional's phone from the directory when
        the plan gives none)."""
        head = self.letterhead()
        with self._read() as s:
            plan = s.get(
                CrisisPlanVersion,
                plan_id,
                options=(
                    selectinload(CrisisPlanVersion.contacts).selectinload(
                        CrisisPlanContact.professional
                    ),
                    selectinload(CrisisPlanVersion.reviewed_meeting),
                    selectinload(CrisisPlanVersion.case)
                    .selectinload(CaseFile.patient)
                    .selectinload(Patient.gp),
                ),
            )
            if plan is None:
                raise NotFoundError(_N("core", "Plan de crise introuvable (n° {id})."), id=plan_id)
            case = plan.case
            today = self.ctx.today()
            contacts = []
            for contact in plan.contacts:
                pro = contact.professional
                who = contact.name or ""
                if pro is not None:
                    who = f"{pro.display_name} ({pro.profession_label})" + (
                        f" — {contact.name}" if contact.name else ""
                    )
                contacts.append(
                    CrisisContactLine(
                        position=contact.position,
                        who=who,
                        kind=label(contact.kind),
                        role=contact.role or "",
                        phone=contact.phone or (pro.phone if pro is not None and pro.phone else ""),
                        when_to_call=contact.when_to_call or "",
                    )
                )
            return CrisisPlanData(
                letterhead=head,
                identity=identity(case.patient, case, today),
                case_number=case.number,
                pathway=label(case.pathway),
                version=plan.version,
                drawn_up_on=plan.drawn_up_on,
                reviewed_on=plan.reviewed_meeting.held_on if plan.reviewed_meeting else None,
                next_review_on=plan.next_review_on,
                texts=tuple(
                    (translate(text), getattr(plan, name) or "") for name, text in TEXT_FIELDS
                ),
                contacts=tuple(sorted(contacts, key=lambda c: c.position)),
                generated_at=self.ctx.now(),
            )

    def case_id_for_number(self, number: str) -> int:
        with self._read() as s:
            case_id = s.scalar(select(CaseFile.id).where(CaseFile.number == number.strip()))
        if case_id is None:
            raise NotFoundError(_N("core", "Dossier introuvable ({number})."), number=number)
        return case_id

    def agenda(self, meeting_id: int, *, extra_terms: Iterable[str] = ()) -> AgendaData:
        """The agenda and the attendance sheet: a pseudonymised document (they circulate
        before the meeting and lie on the table during it)."""
        head = self.letterhead()
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            pseudo = Pseudonymisation.for_meeting(s, meeting, extra_terms)
            everyone = participants(meeting)
            return AgendaData(
                letterhead=head,
                meeting=masked_meeting(self._meeting_info(meeting), pseudo.meeting_scrub()),
                items=tuple(case_section(item, meeting, pseudo) for item in meeting.items),
                invited=tuple(p for p in everyone if p.invited),
                generated_at=self.ctx.now(),
                review=pseudo.review(),
                mapping=pseudo.mapping(),
                attendees=everyone,
            )

    def calendar(self, meeting_id: int) -> CalendarData:
        head = self.letterhead()
        with self._read() as s:
            meeting = self._meeting(s, meeting_id)
            created = meeting.created_at or dt.datetime(2000, 1, 1)
            invited = [a.professional for a in meeting.attendances if a.invited]
            # An invitation lands in calendar servers: a name typed in the theme or the place
            # is masked as in a pseudonymised document.
            pseudo = Pseudonymisation.for_meeting(s, meeting)
            return CalendarData(
                uid=f"rcp-seance-{meeting.id}-{created:%Y%m%d%H%M%S}@rcp-desktop",
                sequence=max(meeting.version - 1, 0),
                meeting=masked_meeting(self._meeting_info(meeting), pseudo.meeting_scrub()),
                cpts_name=head.cpts_name,
                organiser=person(meeting.animator),
                attendees=tuple(
                    person(p) for p in sorted(invited, key=lambda p: (p.last_name, p.first_name))
                ),
                case_count=len(meeting.items),
                stamp=dt.datetime.now(dt.UTC),
            )
