"""Pages that load off the GUI thread: the newest request wins over a slower older one, a
selection by id holds across an off-thread load, the search waits for a pause in the typing
(Enter searches at once), and a load that fails shows a French message, not a traceback."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt

from rcp_desktop.models import Pathway, Sex
from rcp_desktop.services.errors import ServiceError
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.ui.latest import LatestLoad
from rcp_desktop.ui.pages.cases import CasesPage
from rcp_desktop.ui.pages.meetings import MeetingsPage
from tests.ui.loading import WAIT_MS, loaded, select_meeting
from tests.workflow_world import D


def meetings_page(qtbot, services, tasks) -> MeetingsPage:
    page = MeetingsPage(services, tasks)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return loaded(qtbot, page)


def cases_page(qtbot, services, tasks) -> CasesPage:
    page = CasesPage(services, tasks)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return loaded(qtbot, page)


def test_the_newest_request_wins_over_a_slower_older_one(qtbot, app, tasks):
    loader = LatestLoad(tasks)
    release = threading.Event()
    shown = []

    def slow():
        release.wait(WAIT_MS / 1000)
        return "old"

    loader.run(slow, shown.append)
    assert loader.loading
    with qtbot.waitSignal(loader.finished, timeout=WAIT_MS):
        loader.run(lambda: "new", shown.append)
    assert shown == ["new"] and not loader.loading
    release.set()
    assert tasks.wait(WAIT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=WAIT_MS)
    assert shown == ["new"]  # the older result arrived after, and was dropped


def test_a_session_selected_meanwhile_wins_over_the_one_selected_before(
    qtbot, services, world, tasks
):
    page = meetings_page(qtbot, services, tasks)
    other = services.meetings.plan(
        MeetingDraft(
            held_on=D + dt.timedelta(days=7),
            start_time=dt.time(18, 0),
            duration_minutes=60,
            pathway=Pathway.MENTAL_HEALTH,
        ),
        [world.psychiatrist.id],
    )
    page.refresh()
    loaded(qtbot, page)
    assert page.select_meeting(world.past_meeting.id)
    assert page.loading and page.meeting is None  # nothing acts on the session shown before
    assert not page.edit_action.isEnabled()
    assert page.select_meeting(other.id)
    loaded(qtbot, page)
    assert page.meeting.id == other.id and page.current_meeting_id() == other.id
    assert tasks.wait(WAIT_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=WAIT_MS)
    assert page.meeting.id == other.id  # the first selection's late result was dropped


def test_the_selected_session_stays_selected_across_a_reload(qtbot, services, world, tasks):
    page = meetings_page(qtbot, services, tasks)
    select_meeting(qtbot, page, world.past_meeting.id)
    page.refresh()
    assert page.loading
    loaded(qtbot, page)
    assert page.current_meeting_id() == world.past_meeting.id
    assert page.meeting.id == world.past_meeting.id
    assert page.items.source.total() == len(services.meetings.get(world.past_meeting.id).items)


def test_a_patient_selected_by_id_outside_the_search_is_shown_once_loaded(
    qtbot, services, world, tasks
):
    page = cases_page(qtbot, services, tasks)
    page.search.setText("zzz-personne")
    page.reload_list()
    loaded(qtbot, page)
    assert page.patients.source.total() == 0
    patient_id = world.case_review.patient_id
    page.select_patient(patient_id)
    assert page.loading
    loaded(qtbot, page)
    assert [p.id for p in page.patients.source.records()] == [patient_id]
    assert page.patient.id == patient_id and page.patients.current_record().id == patient_id
    assert page.cases.source.total() >= 1


def test_the_search_waits_for_a_pause_and_enter_searches_at_once(qtbot, services, world, tasks):
    page = cases_page(qtbot, services, tasks)
    everyone = page.patients.source.total()
    target = services.patients.get(world.case_review.patient_id)
    calls = []
    search = services.patients.search

    def counted(*args, **kwargs):
        calls.append(args)
        return search(*args, **kwargs)

    services.patients.search = counted
    qtbot.keyClicks(page.search, target.birth_name[:3].lower())
    # Typing: no search yet, one is due a short while after the last key.
    assert calls == [] and page._timer.isActive() and not page.loading
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter: at once
    assert not page._timer.isActive() and page.loading
    loaded(qtbot, page)
    assert len(calls) == 1 and calls[0][0] == target.birth_name[:3].lower()
    assert 0 < page.patients.source.total() < everyone
    assert target.id in {p.id for p in page.patients.source.records()}
    # A pause after typing searches once, with every letter typed.
    qtbot.keyClicks(page.search, target.birth_name[3:5].lower())
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=WAIT_MS)
    loaded(qtbot, page)
    assert calls[1][0] == target.birth_name[:5].lower()


def test_a_failed_load_shows_a_french_message_not_a_traceback(qtbot, services, world, tasks):
    page = meetings_page(qtbot, services, tasks)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk I/O error")

    services.meetings.summaries = broken
    page.refresh()
    loaded(qtbot, page)
    assert page.message.text().startswith("Le chargement a échoué.")
    assert "RuntimeError" not in page.message.text() and "disk" not in page.message.text()

    def refused(*_args, **_kwargs):
        raise ServiceError("Séance introuvable.")

    services.meetings.get = refused
    page.select_meeting(world.past_meeting.id)
    loaded(qtbot, page)
    assert page.message.text() == "Séance introuvable." and page.meeting is None


def test_a_failed_patient_search_shows_a_french_message(qtbot, services, world, tasks):
    page = cases_page(qtbot, services, tasks)

    def broken(*_args, **_kwargs):
        raise OSError("database is locked")

    services.patients.search = broken
    page.reload_list()
    loaded(qtbot, page)
    assert page.message.text().startswith("Le chargement a échoué.")


def test_a_new_patient_is_added_while_the_list_loads(qtbot, services, world, tasks):
    """Sanity: creating a patient and selecting it by id, with the list reloading around it."""
    page = cases_page(qtbot, services, tasks)
    created = services.patients.create(
        PatientDraft(
            birth_name="Zanetti",
            first_names="Lou",
            birth_date=dt.date(1990, 2, 3),
            sex=Sex.FEMALE,
        )
    )
    page.reload_list()
    page.select_patient(created.id)
    loaded(qtbot, page)
    assert page.patient.id == created.id and "ZANETTI Lou" in page.identity.text()
