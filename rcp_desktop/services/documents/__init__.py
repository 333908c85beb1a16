"""What the documents print, gathered from the database into plain frozen data classes.

The reports (``rcp_desktop/reports``) never see an ORM object or a session: they lay out what
these classes hold. Pseudonymisation happens here, once: in a pseudonymised variant the cases
are "Situation A", B, … (no name, birth date, NIR or case number is copied into the data), and
every free text goes through the masker of :mod:`rcp_desktop.services.pseudonymise`; the data
carries the review (what was masked, what still looks like an identifier).

One module per job:

* ``model`` — the frozen data classes the reports lay out;
* ``redaction`` — :class:`Pseudonymisation` of one document: labels, masking, review;
* ``gather`` — loaded ORM objects → those data classes (sessions, participants, case sections);
* ``service`` — :class:`DocumentService`: reads what a document needs, hands it to ``gather``;
* ``register`` — :class:`DocumentRegister`: makes a document and records producing, printing
  and saving it (audited).
"""

from rcp_desktop.services.documents.model import (
    AddendumLine,
    AgendaChoice,
    AgendaData,
    CalendarData,
    CaseSection,
    CaseSheetData,
    CrisisContactLine,
    CrisisPlanData,
    DecisionLine,
    Identity,
    Letterhead,
    MeetingInfo,
    MinutesData,
    Participant,
    Person,
)
from rcp_desktop.services.documents.redaction import Pseudonymisation, keep
from rcp_desktop.services.documents.register import (
    DocumentRegister,
    Produced,
    RecordedDocument,
    digest,
)
from rcp_desktop.services.documents.service import DocumentService

__all__ = [
    "AddendumLine",
    "AgendaChoice",
    "AgendaData",
    "CalendarData",
    "CaseSection",
    "CaseSheetData",
    "CrisisContactLine",
    "CrisisPlanData",
    "DecisionLine",
    "DocumentRegister",
    "DocumentService",
    "Identity",
    "Letterhead",
    "MeetingInfo",
    "MinutesData",
    "Participant",
    "Person",
    "Produced",
    "Pseudonymisation",
    "RecordedDocument",
    "digest",
    "keep",
]
