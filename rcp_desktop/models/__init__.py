"""SQLAlchemy 2 ORM classes of the domain. No Qt, no I/O."""

from rcp_desktop.models.audit import AuditEntry, Setting
from rcp_desktop.models.base import Base, utcnow
from rcp_desktop.models.case import (
    Attachment,
    CaseFile,
    CrisisPlanContact,
    CrisisPlanVersion,
    UsipaContact,
    UsipaEnrolment,
    UsipaTeamMember,
)
from rcp_desktop.models.directory import Professional
from rcp_desktop.models.enums import (
    AttendanceMode,
    CaseStatus,
    ConsentForm,
    ConsentKind,
    CrisisContactKind,
    DecisionStatus,
    IdentityStatus,
    ItemKind,
    MeetingStatus,
    Pathway,
    Presence,
    Profession,
    Sex,
    Triage,
    UsipaContactKind,
    UsipaOutcome,
    label,
)
from rcp_desktop.models.meeting import AgendaItem, Addendum, Attendance, Decision, Meeting
from rcp_desktop.models.patient import Consent, Patient

__all__ = [
    "Addendum",
    "AgendaItem",
    "Attachment",
    "Attendance",
    "AttendanceMode",
    "AuditEntry",
    "Base",
    "CaseFile",
    "CaseStatus",
    "Consent",
    "ConsentForm",
    "ConsentKind",
    "CrisisContactKind",
    "CrisisPlanContact",
    "CrisisPlanVersion",
    "Decision",
    "DecisionStatus",
    "IdentityStatus",
    "ItemKind",
    "Meeting",
    "MeetingStatus",
    "Pathway",
    "Patient",
    "Presence",
    "Profession",
    "Professional",
    "Setting",
    "Sex",
    "Triage",
    "UsipaContact",
    "UsipaContactKind",
    "UsipaEnrolment",
    "UsipaOutcome",
    "UsipaTeamMember",
    "label",
    "utcnow",
]
