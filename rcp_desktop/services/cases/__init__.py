"""Case files (dossiers): open, edit, change status / close, list; each case's timeline.

One module per job:

* ``drafts`` — a case as typed (:class:`CaseDraft`), its checks, the closure reasons offered;
* ``timeline`` — every dated event of a case (:class:`TimelineEvent`), read and ordered;
* ``service`` — :class:`CaseService`.
"""

from rcp_desktop.services.cases.drafts import (
    CLOSURE_REASON_SUGGESTIONS,
    MAX_CASE_TEXT,
    MAX_CLOSURE_REASON,
    CaseDraft,
    clean_case,
)
from rcp_desktop.services.cases.service import CaseService
from rcp_desktop.services.cases.timeline import (
    TIMELINE_FILTERS,
    TimelineEvent,
    TimelineKind,
    case_timeline,
)

__all__ = [
    "CLOSURE_REASON_SUGGESTIONS",
    "MAX_CASE_TEXT",
    "MAX_CLOSURE_REASON",
    "TIMELINE_FILTERS",
    "CaseDraft",
    "CaseService",
    "TimelineEvent",
    "TimelineKind",
    "case_timeline",
    "clean_case",
]
