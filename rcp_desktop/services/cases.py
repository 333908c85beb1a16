"""Case files (dossiers): open, edit, close, list; each case's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    AgendaItem,
    CaseFile,
    CaseStatus,
    Meeting,
    Pathway,
    Patient,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.validation import Validator


@dataclass
class CaseDraft:
    patient_id: int | None = None
    referrer_id: int | None = None
    pathway: Pathway | None = None
    opened_on: dt.date | None = None
    referral_reason: str = ""
    question: str = ""
    synthesis_organic: str | None = None
    synthesis_psychic: str | None = None
    synthesis_social: str | None = None
    next_review_on: dt.date | None = None

    @classmethod
    def of(cls, case: CaseFile) -> CaseDraft:
        return cls(**{f.name: getattr(case, f.name) for f in fields(cls)})


def clean_case(draft: CaseDraft, today: dt.date) -> dict:
    v = Validator()
    values = {
        "patient_id": v.required("patient_id", draft.patient_id),
        "referrer_id": draft.referrer_id,
        "pathway": v.required("pathway", draft.pathway),
        "opened_on": v.required("opened_on", draft.opened_on),
        "referral_reason": v.required_text("referral_reason", draft.referral_reason, max_length=20_000),
        "question": v.required_text("question", draft.question, max_length=20_000),
        "synthesis_organic": v.optional_text("synthesis_organic", draft.synthesis_organic),
        "synthesis_psychic": v.optional_text("synthesis_psychic", draft.synthesis_psychic),
        "synthesis_social": v.optional_text("synthesis_social", draft.synthesis_social),
        "next_review_on": draft.next_review_on,
    }
    v.date_not_after(
        "opened_on", draft.opened_on, today, _N("core", "La date d'ouverture ne peut pas être dans le futur.")
    )
    v.date_order(
        "next_review_on", draft.opened_on, draft.next_review_on,
        _N("core", "La prochaine révision ne peut pas précéder l'ouverture du dossier."),
    )
    v.raise_if_any()
    return values


class CaseService(ServiceBase):
    def list(
        self,
        *,
        patient_id: int | None = None,
        statuses: tuple[CaseStatus, ...] | None = None,
        pathway: Pathway | None = None,
    ) -> list[CaseFile]:
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

    def create(self, draft: CaseDraft) -> CaseFile:
        values = clean_case(draft, self.ctx.today())
        with self._write() as s:
            self._get(s, Patient, values["patient_id"])
            case = CaseFile(number=self.next_number(s, values["opened_on"].year), **values)
            s.add(case)
        return case

    def update(self, case_id: int, draft: CaseDraft, *, expected_version: int | None = None) -> CaseFile:
        values = clean_case(draft, self.ctx.today())
        with self._write() as s:
            case = self._get(s, CaseFile, case_id, expected_version)
            if values["patient_id"] != case.patient_id:
                raise RefusedError(_N("core", "Un dossier ne change pas de patient."))
            for key, value in values.items():
                setattr(case, key, value)
        return case

    def set_status(
        self,
        case_id: int,
        status: CaseStatus,
        *,
        reason: str | None = None,
        on: dt.date | None = None,
        expected_version: int | None = None,
    ) -> CaseFile:
        with self._write() as s:
            case = self._get(s, CaseFile, case_id, expected_version)
            if status is CaseStatus.CLOSED:
                v = Validator()
                reason = v.required_text("closure_reason", reason, max_length=5000)
                closed_on = on or self.ctx.today()
                v.date_order(
                    "closed_on", case.opened_on, closed_on,
                    _N("core", "La clôture ne peut pas précéder l'ouverture du dossier."),
                )
                v.raise_if_any()
                case.closed_on, case.closure_reason = closed_on, reason
            else:
                case.closed_on, case.closure_reason = None, None
            case.status = status
        return case

    def presentations(self, case_id: int) -> list[AgendaItem]:
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
