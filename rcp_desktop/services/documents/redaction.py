"""Pseudonymisation of one document: who its cases are, and its free texts.

A pseudonymised document designates its cases by labels of its own ("Situation A", B, … in
agenda order), never by name, birth date, NIR or case number; every free text it prints goes
through the masker of :mod:`rcp_desktop.services.pseudonymise` (every identity the base knows,
every identifier with a shape), and what was masked and what still looks like an identifier
make the document's :class:`~rcp_desktop.services.pseudonymise.Review`.

The rest of the package uses :class:`Pseudonymisation` (or :func:`keep` for a named document).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy.orm import Session

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import CaseFile, Meeting
from rcp_desktop.services.documents.model import Identity
from rcp_desktop.services.pseudonymise import Masker, Recorder, Review, read_known_identities
from rcp_desktop.services.pseudonyms import situation_label

Scrub = Callable[[str], str]

SESSION_PLACE = _N("core", "Séance")
ADDENDA_PLACE = _N("core", "Addenda")


def keep(text: str) -> str:
    """The named variant: a free text as it is."""
    return text


def meeting_masker(session: Session, meeting: Meeting, extra_terms: Iterable[str] = ()) -> Masker:
    """The masker of a session's documents: everything the base knows; the patients on its
    agenda have their first names and initials masked too."""
    known = read_known_identities(session, [item.case.patient_id for item in meeting.items])
    return Masker(known, tuple(extra_terms))


class Pseudonymisation:
    """One pseudonymised document of a session: its labels, its masking, its review."""

    def __init__(self, masker: Masker, case_ids: Iterable[int]) -> None:
        self.masker = masker
        self.labels: dict[int, str] = {
            case_id: situation_label(i) for i, case_id in enumerate(case_ids)
        }
        self.recorder = Recorder(masker)

    @classmethod
    def for_meeting(
        cls, session: Session, meeting: Meeting, extra_terms: Iterable[str] = ()
    ) -> Pseudonymisation:
        return cls(
            meeting_masker(session, meeting, extra_terms), (i.case_id for i in meeting.items)
        )

    def label(self, case_id: int) -> str:
        """The case's label; a case added to the agenda since gets the next letter."""
        if case_id not in self.labels:
            self.labels[case_id] = situation_label(len(self.labels))
        return self.labels[case_id]

    def mask(self, text: str | None) -> str:
        """A free text masked, without noting it in the review (screens)."""
        return self.masker.mask(text)

    def identity(self, case: CaseFile) -> Identity:
        """Who the case is about: its label in this document, nothing else."""
        return Identity(label=self.label(case.id), pseudonymised=True)

    def scrub(self, where: str) -> Scrub:
        """Masks a free text printed at *where* (a label or a place of the document)."""
        return lambda text: self.recorder(text, where)

    def meeting_scrub(self) -> Scrub:
        return self.scrub(translate(SESSION_PLACE))

    def addenda_scrub(self) -> Scrub:
        return self.scrub(translate(ADDENDA_PLACE))

    def review(self) -> Review:
        return self.recorder.review()

    def mapping(self) -> tuple[tuple[str, int], ...]:
        """(label, case id) pairs, in agenda order: what the document register keeps."""
        return tuple((label, case_id) for case_id, label in self.labels.items())
