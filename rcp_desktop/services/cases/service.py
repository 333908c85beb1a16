"""CaseService: open, edit, change status / close, list case files; read each case's timeline."""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    AgendaItem,
    CaseFile,
    CaseStatus,
    CaseStatusChange,
    Meeting,
    Pathway,
    Patient,
    Professional,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.cases.drafts import MAX_CLOSURE_REASON, CaseDraft, clean_case
from rcp_desktop.services.cases.timeline import TimelineEvent, TimelineKind, case_timeline
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator


class CaseService(ServiceBase):
    def list(
        self,
        *,
        patient_id: int | None = None,
        statuses: tuple[CaseStatus, ...] | None = None,
        pathway: Pathway | None = None,
    ) -> builtins.list[CaseFile]:
        stmt = (
            select(CaseFile)
            .options(selectinload(CaseFile.patient), selectinload(CaseFile.referrer))
            .order_by(CaseFile.opened_on.desc(), CaseFile.id.desc())
        )
        if patient_id is not None:
            stmt = stmt.where(CaseFile.patient_id == patient_id)
        if statuses:
            stmt = stmt.where(CaseFile.status.in_(statuses))
        if pathway is not None:
            stmt = stmt.where(CaseFile.pathway == pathway)
        with self._read() as s:
            return list(s.scalars(stmt))

    def get(self, case_id: int) -> CaseFile:
        with self._read() as s:
            return self._get(
                s,
                CaseFile,
                case_id,
                options=(selectinload(CaseFile.patient), selectinload(CaseFile.referrer)),
            )

    def next_number(self, session, year: int) -> str:
        prefix = f"{year}-"
        last = session.scalar(
            select(func.max(CaseFile.number)).where(CaseFile.number.like(prefix + "%"))
        )
        seq = int(last.split("-")[1]) + 1 if last else 1
        return f"{prefix}{seq:04d}"

    @staticmethod
    def _check_links(session, values: dict) -> None:
        patient = ServiceBase._get(session, Patient, values["patient_id"])
        v = Validator()
        if values["opened_on"] < patient.birth_date:
            v.add(
                "opened_on",
                _N("core", "La date d'ouverture ne peut pas précéder la naissance du patient."),
            )
        if (
            values["referrer_id"] is not None
            and session.get(Professional, values["referrer_id"]) is None
        ):
            v.add("referrer_id", _N("core", "Ce professionnel n'est plus dans l'annuaire."))
        v.raise_if_any()

    def create(self, draft: CaseDraft) -> CaseFile:
        values = clean_case(draft, self.ctx.today())
        with self._write() as s:
            self._check_links(s, values)
            case = CaseFile(number=self.next_number(s, values["opened_on"].year), **values)
            s.add(case)
        return self.get(case.id)

    def update(
        self, case_id: int, draft: CaseDraft, *, expected_version: int | None = None
    ) -> CaseFile:
        values = clean_case(draft, self.ctx.today())
        with self._write() as s:
            case = self._get(s, CaseFile, case_id, expected_version)
            if values["patient_id"] != case.patient_id:
                raise RefusedError(_N("core", "Un dossier ne change pas de patient."))
            self._check_links(s, values)
            if case.closed_on is not None and values["opened_on"] > case.closed_on:
                v = Validator()
                v.add(
                    "opened_on",
                    _N("core", "La date d'ouverture ne peut pas suivre la clôture du dossier."),
                )
                v.raise_if_any()
            for key, value in values.items():
                setattr(case, key, value)
        return self.get(case_id)

    def set_status(
        self,
        case_id: int,
        status: CaseStatus,
        *,
        reason: str | None = None,
        on: dt.date | None = None,
        expected_version: int | None = None,
    ) -> CaseFile:
        """Move a case to *status* on *on* (today by default). Closing needs a reason and a
        date neither in the future nor before the opening; reopening clears the closure. Each
        change is kept (dated) for the timeline."""
        today = self.ctx.today()
        v = Validator()
        on = on or today
        v.date_not_after(
            "closed_on", on, today, _N("core", "La date ne peut pas être dans le futur.")
        )
        if status is CaseStatus.CLOSED:
            reason = v.required_text("closure_reason", reason, max_length=MAX_CLOSURE_REASON)
        else:
            reason = v.optional_text("closure_reason", reason, max_length=MAX_CLOSURE_REASON)
        v.raise_if_any()
        with self._write() as s:
            case = self._get(s, CaseFile, case_id, expected_version)
            if case.status is status:
                raise RefusedError(_N("core", "Le dossier a déjà ce statut."))
            if on < case.opened_on:
                v.add(
                    "closed_on",
                    _N("core", "La clôture ne peut pas précéder l'ouverture du dossier ({date}).")
                    if status is CaseStatus.CLOSED
                    else _N(
                        "core", "La date ne peut pas précéder l'ouverture du dossier ({date})."
                    ),
                    date=fr_date(case.opened_on),
                )
                v.raise_if_any()
            previous = case.status
            if status is CaseStatus.CLOSED:
                case.closed_on, case.closure_reason = on, reason
                case.next_review_on = None
            else:
                case.closed_on, case.closure_reason = None, None
            case.status = status
            s.add(
                CaseStatusChange(
                    case_id=case.id,
                    status=status,
                    previous_status=previous,
                    changed_on=on,
                    reason=reason,
                    recorded_by=self.ctx.actor.operator,
                    recorded_at=self.ctx.now(),
                )
            )
        return self.get(case_id)

    def presentations(self, case_id: int) -> builtins.list[AgendaItem]:
        """Every agenda item of the case, oldest first, with meeting and decisions loaded."""
        stmt = (
            select(AgendaItem)
            .join(Meeting)
            .where(AgendaItem.case_id == case_id)
            .options(selectinload(AgendaItem.meeting), selectinload(AgendaItem.decisions))
            .order_by(Meeting.held_on, Meeting.start_time)
        )
        with self._read() as s:
            return list(s.scalars(stmt))

    # --- timeline -------------------------------------------------------------------------------

    def timeline(
        self,
        case_id: int,
        *,
        newest_first: bool = True,
        kinds: frozenset[TimelineKind] | None = None,
    ) -> builtins.list[TimelineEvent]:
        """Every dated event of a case: opening, presentations at sessions, decisions taken
        and done, crisis-plan versions, USIPA inclusion / contacts / exit, status changes and
        closure, attachments added; newest (or oldest) first, optionally only *kinds*."""
        with self._read() as s:
            case = self._get(s, CaseFile, case_id)
            return case_timeline(s, case, self.ctx.today(), newest_first=newest_first, kinds=kinds)
