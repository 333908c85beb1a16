"""What the documents print, gathered from the database into plain frozen data classes.

The reports (``rcp_desktop/reports``) never see an ORM object or a session: they lay out what
these classes hold. Pseudonymisation happens here, once: in a pseudonymised variant the patient's
name, birth date and NIR are never copied into the data, and the free texts of the case have the
patient's names, birth date and NIR blotted out.

One module per job:

* ``model`` — the frozen data classes the reports lay out;
* ``redaction`` — pseudonymisation: the pseudonymised identity, scrubbing free texts;
* ``gather`` — loaded ORM objects → those data classes (sessions, participants, case sections);
* ``service`` — :class:`DocumentService`: reads what a document needs, hands it to ``gather``.
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
    MinutesData,
    Participant,
    Person,
    SessionInfo,
)
from rcp_desktop.services.documents.redaction import (
    REDACTED,
    identity_terms,
    pseudonymised_identity,
    redactor,
    scrubber,
)
from rcp_desktop.services.documents.service import DocumentService

__all__ = [
    "REDACTED",
    "AddendumLine",
    "AgendaChoice",
    "AgendaData",
    "CalendarData",
    "CaseSection",
    "CaseSheetData",
    "CrisisContactLine",
    "CrisisPlanData",
    "DecisionLine",
    "DocumentService",
    "Identity",
    "Letterhead",
    "MinutesData",
    "Participant",
    "Person",
    "SessionInfo",
    "identity_terms",
    "pseudonymised_identity",
    "redactor",
    "scrubber",
]
