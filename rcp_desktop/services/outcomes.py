"""Outcomes of a case: the crises, emergency visits and hospitalisations of its patient, and the
readmissions after a USIPA exit — what crisis anticipation and USIPA exist to avoid.

Rules
    An event is dated (not in the future, not before the patient's birth) and of one kind; only
    a hospitalisation may be planned. "Crisis plan used" is yes, no or unknown; yes needs a
    version of the case's crisis plan drawn up on or before the event. Events before the case
    was opened may be recorded (the year before the pathway is the comparison the statistics
    make).

Readmissions (:func:`readmitted_within`)
    After a USIPA exit, a readmission at *n* days is a hospitalisation, planned or not, dated
    from the day after the exit to the *n*-th day after it. Until that window is over and
    without such a hospitalisation, the answer is not known yet (None). The statistics count
    readmissions with the same function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcp_desktop.domain.dates import fr_date
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import (
    CaseFile,
    CrisisPlanVersion,
    OutcomeEvent,
    OutcomeKind,
    UsipaEnrolment,
    UsipaOutcome,
)
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.validation import Validator

MAX_NOTE = 5_000
READMISSION_DAYS = (30, 90)


def readmitted_within(
    exit_on: dt.date, days: int, hospitalisations: Iterable[dt.date], today: dt.date
) -> bool | None:
    """True if a hospitalisation is dated 1 to *days* days after *exit_on*; False once that
    window is over without one; None while it is still open (as seen on *today*)."""
    last = exit_on + dt.timedelta(days=days)
    if any(exit_on < day <= last for day in hospitalisations):
        return True
    return False if today >= last else None


@dataclass
class OutcomeDraft:
    occurred_on: dt.date | None = None
    kind: OutcomeKind | None = None
    planned: bool = False
    crisis_plan_used: bool | None = None
    note: str | None = None

    @classmethod
    def of(cls, event: OutcomeEvent) -> OutcomeDraft:
        return cls(event.occurred_on, event.kind, event.planned, event.crisis_plan_used, event.note)


@dataclass(frozen=True)
class Readmission:
    """A USIPA exit and whether a hospitalisation followed it within 30 and 90 days."""

    enrolment_id: int
    inclusion_on: dt.date
    exit_on: dt.date
    outcome: UsipaOutcome | None
    within: tuple[bool | None, ...]  # one per READMISSION_DAYS
    first_on: dt.date | None  # the first hospitalisation after the exit, if any

    @property
    def id(self) -> int:
        return self.enrolment_id


class OutcomeService(ServiceBase):
    # --- reading -------------------------------------------------------------------------------

    def of_case(self, case_id: int) -> list[OutcomeEvent]:
        """The case's events, the latest first."""
        with self._read() as s:
            return list(
                s.scalars(
                    select(OutcomeEvent)
                    .where(OutcomeEvent.case_id == case_id)
                    .order_by(OutcomeEvent.occurred_on.desc(), OutcomeEvent.id.desc())
                )
            )

    def get(self, event_id: int) -> OutcomeEvent:
        with self._read() as s:
            return self._get(s, OutcomeEvent, event_id)

    def readmissions(self, case_id: int) -> list[Readmission]:
        """Every USIPA exit of the case, oldest first, with its readmissions."""
        today = self.ctx.today()
        with self._read() as s:
            exits = list(
                s.scalars(
                    select(UsipaEnrolment)
                    .where(UsipaEnrolment.case_id == case_id, UsipaEnrolment.exit_on.is_not(None))
                    .order_by(UsipaEnrolment.exit_on)
                )
            )
            stays = sorted(
                s.scalars(
                    select(OutcomeEvent.occurred_on).where(
                        OutcomeEvent.case_id == case_id,
                        OutcomeEvent.kind == OutcomeKind.HOSPITALISATION,
                    )
                )
            )
        rows = []
        for e in exits:
            assert e.exit_on is not None
            exit_on = e.exit_on
            rows.append(
                Readmission(
                    e.id,
                    e.inclusion_on,
                    exit_on,
                    e.exit_outcome,
                    tuple(readmitted_within(exit_on, n, stays, today) for n in READMISSION_DAYS),
                    next((day for day in stays if day > exit_on), None),
                )
            )
        return rows

    # --- writing -------------------------------------------------------------------------------

    def _clean(self, s: Session, case: CaseFile, draft: OutcomeDraft) -> dict[str, object]:
        v = Validator()
        occurred_on = v.required("occurred_on", draft.occurred_on)
        v.date_not_after(
            "occurred_on",
            draft.occurred_on,
            self.ctx.today(),
            _N("core", "La date de l'événement ne peut pas être dans le futur."),
        )
        birth = case.patient.birth_date
        if draft.occurred_on is not None and draft.occurred_on < birth:
            v.add(
                "occurred_on",
                _N("core", "Cette date précède la naissance du patient ({date})."),
                date=fr_date(birth),
            )
        kind = v.required("kind", draft.kind)
        planned = bool(draft.planned)
        if planned and kind is not None and kind is not OutcomeKind.HOSPITALISATION:
            v.add("planned", _N("core", "Seule une hospitalisation peut être programmée."))
        if draft.crisis_plan_used and draft.occurred_on is not None:
            first = s.scalar(
                select(CrisisPlanVersion.drawn_up_on)
                .where(CrisisPlanVersion.case_id == case.id)
                .order_by(CrisisPlanVersion.drawn_up_on)
                .limit(1)
            )
            if first is None:
                v.add(
                    "crisis_plan_used",
                    _N("core", "Ce dossier n'a pas de plan de crise : il n'a pas pu être utilisé."),
                )
            elif first > draft.occurred_on:
                v.add(
                    "crisis_plan_used",
                    _N(
                        "core",
                        "Le premier plan de crise du dossier date du {date}, après cet événement.",
                    ),
                    date=fr_date(first),
                )
        note = v.optional_text("note", draft.note, max_length=MAX_NOTE)
        v.raise_if_any()
        return {
            "occurred_on": occurred_on,
            "kind": kind,
            "planned": planned,
            "crisis_plan_used": draft.crisis_plan_used,
            "note": note,
        }

    def add(self, case_id: int, draft: OutcomeDraft) -> OutcomeEvent:
        with self._write() as s:
            case = self._get(s, CaseFile, case_id)
            values = self._clean(s, case, draft)
            event = OutcomeEvent(case_id=case.id, recorded_by=self.ctx.actor.operator, **values)
            s.add(event)
            s.flush()
            event_id = event.id
        return self.get(event_id)

    def update(
        self, event_id: int, draft: OutcomeDraft, expected_version: int | None = None
    ) -> OutcomeEvent:
        with self._write() as s:
            event = self._get(s, OutcomeEvent, event_id, expected_version)
            values = self._clean(s, event.case, draft)
            for key, value in values.items():
                if getattr(event, key) != value:
                    setattr(event, key, value)
        return self.get(event_id)

    def delete(self, event_id: int) -> None:
        with self._write() as s:
            s.delete(self._get(s, OutcomeEvent, event_id))
