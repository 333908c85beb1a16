"""CrisisPlanService: read a case's plan versions, draft and write the next one, compare two.

A version, once written, is history: it is never edited. A new version starts from a copy of
the latest one (:meth:`CrisisPlanService.new_draft`) and is written whole by
:meth:`CrisisPlanService.create_version`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    AgendaItem,
    CaseFile,
    CaseStatus,
    CrisisPlanContact,
    CrisisPlanVersion,
    Meeting,
    Professional,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.crisis.compare import PlanComparison, compare_versions
from rcp_desktop.services.crisis.plan import (
    MAX_PLAN_TEXT,
    TEXT_FIELD_NAMES,
    ContactDraft,
    PlanDraft,
    clean_contact,
)
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator


class CrisisPlanService(ServiceBase):
    @staticmethod
    def _options() -> tuple:
        return (
            selectinload(CrisisPlanVersion.contacts).selectinload(CrisisPlanContact.professional),
            selectinload(CrisisPlanVersion.reviewed_meeting),
        )

    def versions(self, case_id: int) -> list[CrisisPlanVersion]:
        """Every version of the case's plan, oldest first, with contacts and session loaded."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(CrisisPlanVersion)
                    .where(CrisisPlanVersion.case_id == case_id)
                    .options(*self._options())
                    .order_by(CrisisPlanVersion.version)
                )
            )

    def get(self, plan_id: int) -> CrisisPlanVersion:
        with self._read() as s:
            return self._get(s, CrisisPlanVersion, plan_id, options=self._options())

    def latest(self, case_id: int) -> CrisisPlanVersion | None:
        with self._read() as s:
            return s.scalar(
                select(CrisisPlanVersion)
                .where(CrisisPlanVersion.case_id == case_id)
                .options(*self._options())
                .order_by(CrisisPlanVersion.version.desc())
                .limit(1)
            )

    def reviewable_meetings(self, case_id: int) -> list[Meeting]:
        """The sessions that may have reviewed the case's plan: those, held up to today, with
        the case on their agenda; latest first."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(Meeting)
                    .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                    .where(AgendaItem.case_id == case_id, Meeting.held_on <= self.ctx.today())
                    .distinct()
                    .order_by(Meeting.held_on.desc(), Meeting.start_time.desc())
                )
            )

    def new_draft(self, case_id: int) -> PlanDraft:
        """A draft for the next version: a copy of the latest one (texts and contacts in their
        order), dated today, not yet linked to a session."""
        latest = self.latest(case_id)
        today = self.ctx.today()
        draft = PlanDraft(drawn_up_on=today)
        if latest is None:
            return draft
        for name in TEXT_FIELD_NAMES:
            setattr(draft, name, getattr(latest, name))
        if latest.next_review_on is not None and latest.next_review_on >= today:
            draft.next_review_on = latest.next_review_on
        draft.contacts = [ContactDraft.of(c) for c in latest.contacts]
        return draft

    def check_contact(self, draft: ContactDraft) -> ContactDraft:
        """Validate one contact alone (the editor checks each contact as it is added); returns
        the cleaned contact. Field names are the contact's attributes."""
        v = Validator()
        values = clean_contact(draft, v)
        v.raise_if_any()
        if draft.professional_id is not None:
            with self._read() as s:
                self._get(s, Professional, draft.professional_id)
        return ContactDraft(**values)

    def create_version(self, case_id: int, draft: PlanDraft) -> CrisisPlanVersion:
        """Write the next version of the case's plan. Earlier versions are left as they are."""
        today = self.ctx.today()
        with self._write() as s:
            case = self._get(s, CaseFile, case_id)
            if case.status is CaseStatus.CLOSED:
                raise RefusedError(
                    _N("core", "Ce dossier est clos : rouvrez-le pour réviser son plan de crise.")
                )
            last = s.scalar(
                select(CrisisPlanVersion)
                .where(CrisisPlanVersion.case_id == case.id)
                .order_by(CrisisPlanVersion.version.desc())
                .limit(1)
            )
            v = Validator()
            drawn_up_on = v.required("drawn_up_on", draft.drawn_up_on)
            v.date_not_after(
                "drawn_up_on",
                draft.drawn_up_on,
                today,
                _N("core", "La date de la version ne peut pas être dans le futur."),
            )
            if last is not None and drawn_up_on is not None and drawn_up_on < last.drawn_up_on:
                v.add(
                    "drawn_up_on",
                    _N(
                        "core",
                        "Une nouvelle version ne peut pas être antérieure à la version {n} du {date}.",
                    ),
                    n=last.version,
                    date=fr_date(last.drawn_up_on),
                )
            v.date_order(
                "next_review_on",
                draft.drawn_up_on,
                draft.next_review_on,
                _N("core", "La prochaine révision ne peut pas précéder la date de la version."),
            )
            if draft.reviewed_meeting_id is not None:
                self._check_meeting(s, v, case.id, draft.reviewed_meeting_id)
            texts = {
                name: v.optional_text(name, getattr(draft, name), max_length=MAX_PLAN_TEXT)
                for name in TEXT_FIELD_NAMES
            }
            contacts = [
                clean_contact(c, v, prefix=f"contacts.{i}.") for i, c in enumerate(draft.contacts)
            ]
            pro_ids = [c["professional_id"] for c in contacts if c["professional_id"] is not None]
            if len(pro_ids) != len(set(pro_ids)):
                v.add(
                    "contacts",
                    _N("core", "Un même professionnel figure deux fois dans les contacts."),
                )
            if not any(texts.values()) and not contacts:
                v.add(
                    "early_warning_signs",
                    _N(
                        "core", "Le plan est vide : renseignez au moins une rubrique ou un contact."
                    ),
                )
            v.raise_if_any()
            for pro_id in pro_ids:
                self._get(s, Professional, pro_id)
            plan = CrisisPlanVersion(
                case_id=case.id,
                version=(last.version if last is not None else 0) + 1,
                drawn_up_on=drawn_up_on,
                reviewed_meeting_id=draft.reviewed_meeting_id,
                next_review_on=draft.next_review_on,
                **texts,
            )
            s.add(plan)
            s.flush()
            for position, values in enumerate(contacts, start=1):
                s.add(CrisisPlanContact(plan_id=plan.id, position=position, **values))
            plan_id = plan.id
        return self.get(plan_id)

    def _check_meeting(self, s, v: Validator, case_id: int, meeting_id: int) -> None:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            v.add("reviewed_meeting_id", _N("core", "Cette séance n'existe plus."))
        elif meeting.held_on > self.ctx.today():
            v.add(
                "reviewed_meeting_id",
                _N("core", "Une séance à venir ne peut pas avoir révisé ce plan."),
            )
        elif (
            s.scalar(
                select(AgendaItem.id).where(
                    AgendaItem.meeting_id == meeting_id, AgendaItem.case_id == case_id
                )
            )
            is None
        ):
            v.add(
                "reviewed_meeting_id",
                _N("core", "Ce dossier n'était pas à l'ordre du jour de cette séance."),
            )

    def compare(self, first_id: int, second_id: int) -> PlanComparison:
        """What changed from the older of two versions of the same plan to the newer."""
        a, b = self.get(first_id), self.get(second_id)
        if a.case_id != b.case_id:
            raise RefusedError(_N("core", "Ces deux versions n'appartiennent pas au même dossier."))
        if a.version > b.version:
            a, b = b, a
        return compare_versions(a, b)
