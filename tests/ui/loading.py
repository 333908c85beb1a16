"""Waiting for a page that loads off the GUI thread (its ``loading`` state), never sleeping."""

from __future__ import annotations

WAIT_MS = 10_000


def loaded(qtbot, page, timeout: int = WAIT_MS):
    """Wait until *page* shows what was last asked of it; return the page."""
    qtbot.waitUntil(lambda: not page.loading, timeout=timeout)
    return page


def select_meeting(qtbot, page, meeting_id: int) -> None:
    """Select a session on the Séances page once its list is in, and wait for its detail."""
    loaded(qtbot, page)
    assert page.select_meeting(meeting_id)
    loaded(qtbot, page)
    assert page.meeting is not None and page.meeting.id == meeting_id


def select_patient(qtbot, page, patient_id: int) -> None:
    """Show a patient on the Dossiers page and wait for the list and the patient's panel."""
    page.select_patient(patient_id)
    loaded(qtbot, page)
    assert page.patient is not None and page.patient.id == patient_id


def timeline_events(qtbot, view) -> list:
    """A case view's timeline events, once read off the GUI thread."""
    qtbot.waitUntil(lambda: not view.timeline.loading, timeout=WAIT_MS)
    return view.timeline.events()
