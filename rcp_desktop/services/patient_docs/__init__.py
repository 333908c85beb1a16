"""Documents for the patient and the register of what was prepared for whom.

* ``letters`` — the letter templates per pathway (pure);
* ``model`` — the frozen data the patient's documents lay out;
* ``service`` — :class:`PatientDocumentService`: the crisis plan in plain words with who holds
  a copy, the letter explaining the proposal, the register (``prepared_document``).
"""

from rcp_desktop.services.patient_docs.model import (
    PatientLetterData,
    PatientPlanData,
    PreparedLine,
)
from rcp_desktop.services.patient_docs.service import PatientDocumentService, check_holders

__all__ = [
    "PatientDocumentService",
    "PatientLetterData",
    "PatientPlanData",
    "PreparedLine",
    "check_holders",
]
