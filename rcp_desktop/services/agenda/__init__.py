"""The agenda of a session: proposals (cases due for review, cases with overdue actions),
adding cases (consent required), triage, order, timing, and what the live meeting writes on
an item (notes, proposal, next review date, start / end, quorum).

One module per job:

* ``proposals`` — which cases the agenda proposes, and why (:class:`Proposal`);
* ``service`` — :class:`AgendaService`, with the item draft, the timing and an item's context.
"""

from rcp_desktop.services.agenda.proposals import Proposal, proposals_for
from rcp_desktop.services.agenda.service import (
    DEFAULT_MINUTES,
    EDITABLE_TEXTS,
    NO_CONSENT_MESSAGE,
    TEXT_CONFLICT,
    AgendaService,
    AgendaTiming,
    ItemContext,
    ItemDraft,
    consent_covers,
    timing_of,
)

__all__ = [
    "DEFAULT_MINUTES",
    "EDITABLE_TEXTS",
    "NO_CONSENT_MESSAGE",
    "TEXT_CONFLICT",
    "AgendaService",
    "AgendaTiming",
    "ItemContext",
    "ItemDraft",
    "Proposal",
    "consent_covers",
    "proposals_for",
    "timing_of",
]
