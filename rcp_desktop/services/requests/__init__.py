"""Referral requests (demandes d'inscription): the form's fields, once (``fields``), a request
as typed or read (``drafts``), a filled PDF form read through its fields (``reading``), the
queue and its triage (``service``)."""

from rcp_desktop.services.requests.drafts import RequestDraft, choice_text, draft_from_values
from rcp_desktop.services.requests.fields import (
    EMPTY_CHOICE,
    FIELDS,
    FORM_MARKER,
    FORM_MARKER_FIELD,
    SECTIONS,
    FieldKind,
    FormField,
)
from rcp_desktop.services.requests.reading import RequestFormError, read_form
from rcp_desktop.services.requests.service import RequestService

__all__ = [
    "EMPTY_CHOICE",
    "FIELDS",
    "FORM_MARKER",
    "FORM_MARKER_FIELD",
    "SECTIONS",
    "FieldKind",
    "FormField",
    "RequestDraft",
    "RequestFormError",
    "RequestService",
    "choice_text",
    "draft_from_values",
    "read_form",
]
