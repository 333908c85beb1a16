"""Validated minutes carry the fingerprint of the audit log ("empreinte du journal", issue 13
item 3): the chain's head when printed, a paper anchor outside the base; a draft does not."""

from __future__ import annotations

from rcp_desktop import vault
from rcp_desktop.models import MeetingStatus
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.services.documents import DocumentService
from tests.reports.factory import Pdf


def test_validated_minutes_print_the_logs_fingerprint(demo_services):
    documents = DocumentService(demo_services.ctx)
    by_status = {m.status: m for m in demo_services.meetings.summaries()}
    validated = by_status[MeetingStatus.VALIDATED]
    head = vault.chain_head(demo_services.db)
    data = documents.minutes(validated.id)
    assert data.journal_fingerprint == head.fingerprint
    pdf = Pdf(build_minutes(data))
    assert "Empreinte du journal à l'édition" in pdf.flat
    assert head.hash[:12] in pdf.flat and head.hash[-4:] in pdf.flat
    entries = f"{head.entries:,}".replace(",", "\u202f")
    assert entries.replace("\u202f", "") in pdf.flat.replace("\u202f", "").replace(" ", "")
    # A draft is not the record: no fingerprint.
    draft = next(
        m for m in demo_services.meetings.summaries() if m.status is not MeetingStatus.VALIDATED
    )
    pdf = Pdf(build_minutes(documents.minutes(draft.id)))
    assert "Empreinte du journal" not in pdf.flat
