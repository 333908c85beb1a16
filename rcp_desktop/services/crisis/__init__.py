"""Crisis-anticipation plans (plans de crise conjoints): versions, contacts, comparison.

A case's plan is a series of dated versions. A version, once written, is history: it is never
edited. A new version starts from a copy of the latest one (:meth:`CrisisPlanService.new_draft`)
and is written whole by :meth:`CrisisPlanService.create_version`. Contacts (trusted persons,
professionals to call) are kept in the order in which they are to be called.

:meth:`CrisisPlanService.compare` tells, field by field and contact by contact, what changed
between two versions of the same plan; free texts come with a word-level difference.

One module per job:

* ``plan`` — the plan's fields and labels (their one home), drafts, checks, phone plausibility;
* ``compare`` — what changed between two versions (:func:`compare_versions`, :func:`word_diff`);
* ``service`` — :class:`CrisisPlanService`.
"""

from rcp_desktop.services.crisis.compare import (
    ContactChange,
    FieldChange,
    PlanComparison,
    Segment,
    compare_versions,
    contact_label,
    word_diff,
)
from rcp_desktop.services.crisis.plan import (
    CONTACT_FIELDS,
    CONTACT_LABELS,
    FIELD_LABELS,
    MAX_PLAN_TEXT,
    MAX_WHEN_TO_CALL,
    NEXT_REVIEW_LABEL,
    TEXT_FIELD_NAMES,
    TEXT_FIELDS,
    ContactDraft,
    PlanDraft,
    clean_contact,
    contact_field,
    phone_is_plausible,
)
from rcp_desktop.services.crisis.service import CrisisPlanService

__all__ = [
    "CONTACT_FIELDS",
    "CONTACT_LABELS",
    "FIELD_LABELS",
    "MAX_PLAN_TEXT",
    "MAX_WHEN_TO_CALL",
    "NEXT_REVIEW_LABEL",
    "TEXT_FIELDS",
    "TEXT_FIELD_NAMES",
    "ContactChange",
    "ContactDraft",
    "CrisisPlanService",
    "FieldChange",
    "PlanComparison",
    "PlanDraft",
    "Segment",
    "clean_contact",
    "compare_versions",
    "contact_field",
    "contact_label",
    "phone_is_plausible",
    "word_diff",
]
