"""The register of documents: producing, printing or saving any document of a session leaves a
row (written through ``Database.write(actor)``, hence in the audit chain): which document,
which session and case, named or pseudonymised, the SHA-256 of its bytes, and for a
pseudonymised one which case each label stood for.

:meth:`DocumentRegister.produce` is the one way the front-ends make a session document: it
reads the data (:class:`.service.DocumentService`), lays it out with the builder the front-end
passes (a ``reports`` function: services do not import reports), and records the production.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import DocumentAction, DocumentKind, DocumentLabel, DocumentRecord
from rcp_desktop.services.base import ServiceBase
from rcp_desktop.services.documents.service import DocumentService
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.services.pseudonymise import Review

Builder = Callable[[Any], bytes]


@dataclass(frozen=True)
class Produced:
    """A document laid out and recorded: its bytes, its review if pseudonymised, its row."""

    content: bytes
    kind: DocumentKind
    pseudonymised: bool
    review: Review | None
    record_id: int


@dataclass(frozen=True)
class RecordedDocument:
    id: int
    at: dt.datetime
    operator: str
    kind: DocumentKind
    action: DocumentAction
    meeting_id: int | None
    case_id: int | None
    pseudonymised: bool
    sha256: str | None
    produced_id: int | None
    labels: tuple[tuple[str, int | None], ...]


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class DocumentRegister(ServiceBase):
    """Makes the documents of a session and records what is done with them."""

    def produce(
        self,
        kind: DocumentKind,
        meeting_id: int,
        build: Builder,
        *,
        case_id: int | None = None,
        pseudonymise: bool = False,
        extra_terms: Iterable[str] = (),
    ) -> Produced:
        documents = DocumentService(self.ctx)
        terms = tuple(extra_terms)
        data: Any
        if kind is DocumentKind.MINUTES:
            data = documents.minutes(meeting_id, pseudonymise=pseudonymise, extra_terms=terms)
        elif kind is DocumentKind.CASE_SHEET:
            if case_id is None or pseudonymise:
                raise RefusedError(
                    _N("core", "Une fiche RCP est nominative et désigne un dossier.")
                )
            data = documents.case_sheet(meeting_id, case_id)
        elif kind in (DocumentKind.AGENDA, DocumentKind.ATTENDANCE_SHEET):
            data = documents.agenda(meeting_id, extra_terms=terms)
            pseudonymise = True
        else:
            data = documents.calendar(meeting_id)
            pseudonymise = False
        content = build(data)
        review: Review | None = getattr(data, "review", None)
        mapping: tuple[tuple[str, int], ...] = getattr(data, "mapping", ())
        record_id = self._add(
            kind,
            DocumentAction.PRODUCED,
            meeting_id=meeting_id,
            case_id=case_id,
            pseudonymised=pseudonymise,
            content=content,
            mapping=mapping,
        )
        return Produced(content, kind, pseudonymise, review, record_id)

    def record_use(self, produced_id: int, action: DocumentAction, content: bytes) -> int:
        """A produced document was printed or saved (*content*: the bytes printed or written)."""
        with self._read() as s:
            produced = self._get(s, DocumentRecord, produced_id)
            kind, meeting_id, case_id = produced.kind, produced.meeting_id, produced.case_id
            pseudonymised = produced.pseudonymised
        return self._add(
            kind,
            action,
            meeting_id=meeting_id,
            case_id=case_id,
            pseudonymised=pseudonymised,
            content=content,
            produced_id=produced_id,
        )

    def _add(
        self,
        kind: DocumentKind,
        action: DocumentAction,
        *,
        meeting_id: int | None,
        case_id: int | None,
        pseudonymised: bool,
        content: bytes,
        produced_id: int | None = None,
        mapping: Iterable[tuple[str, int]] = (),
    ) -> int:
        with self._write() as s:
            record = DocumentRecord(
                operator=self.ctx.actor.operator,
                kind=kind,
                action=action,
                meeting_id=meeting_id,
                case_id=case_id,
                pseudonymised=pseudonymised,
                sha256=digest(content),
                produced_id=produced_id,
                labels=[DocumentLabel(label=label, case_id=case) for label, case in mapping],
            )
            s.add(record)
            s.flush()
            return record.id

    def records(self, meeting_id: int | None = None) -> list[RecordedDocument]:
        """The register, oldest first (of one session if *meeting_id*)."""
        query = select(DocumentRecord).options(selectinload(DocumentRecord.labels))
        if meeting_id is not None:
            query = query.where(DocumentRecord.meeting_id == meeting_id)
        with self._read() as s:
            return [
                RecordedDocument(
                    id=r.id,
                    at=r.at,
                    operator=r.operator,
                    kind=r.kind,
                    action=r.action,
                    meeting_id=r.meeting_id,
                    case_id=r.case_id,
                    pseudonymised=r.pseudonymised,
                    sha256=r.sha256,
                    produced_id=r.produced_id,
                    labels=tuple((lab.label, lab.case_id) for lab in r.labels),
                )
                for r in s.scalars(query.order_by(DocumentRecord.id))
            ]
