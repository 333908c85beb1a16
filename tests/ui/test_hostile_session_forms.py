"""Hostile values typed through the session forms (planning, agenda item, decision, addendum,
live mode): stored as typed, shown as typed in the page's tables, printed as typed in the
minutes, never a traceback; very old and far-future dates get a French message at the field."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.models import MeetingStatus, Pathway
from rcp_desktop.reports.minutes import build_minutes
from rcp_desktop.services.documents import DocumentService
from rcp_desktop.services.meetings import MeetingDraft
from rcp_desktop.ui.live.window import LiveMeetingWindow
from rcp_desktop.ui.meetings.agenda import AgendaItemDialog
from rcp_desktop.ui.meetings.decisions import AddendumDialog, DecisionDialog
from rcp_desktop.ui.meetings.planning import MeetingDialog
from rcp_desktop.ui.pages.meetings import MeetingsPage
from tests import hostile
from tests.reports.factory import Pdf
from tests.ui.keys import type_text
from tests.workflow_world import D

WAIT = 10_000
SHORT = [hostile.MARKUP, hostile.EMOJI, hostile.QUOTES, hostile.RTL, hostile.SQL]


def save(qtbot, dialog):
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def shown(table, column_title: str) -> list[str]:
    """The texts a RecordTable shows in the column titled *column_title*."""
    model = table.model()
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        == column_title
    )
    return [
        model.index(r, column).data(Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())
    ]


@pytest.mark.parametrize("text", SHORT, ids=["markup", "emoji", "quotes", "rtl", "sql"])
def test_meeting_dialog_stores_and_lists_hostile_texts_as_typed(qtbot, services, world, text):
    dialog = MeetingDialog(services)
    qtbot.addWidget(dialog)
    dialog.held_on.clear()
    type_text(dialog.held_on, "24/03/2026")
    type_text(dialog.place, f"Salle {text}")
    type_text(dialog.theme, text)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.summary.text()
    stored = services.meetings.get(dialog.result_meeting.id)
    assert (stored.place, stored.theme) == (f"Salle {text}", text)
    page = MeetingsPage(services, None)
    qtbot.addWidget(page)
    page.refresh()
    assert text in shown(page.meetings, "Parcours / thème")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("01/01/1850", "passé"),
        ("01/01/2200", ""),
        ("31/02/2026", "Date invalide : jj/mm/aaaa."),
    ],
)
def test_meeting_dates_at_the_edges(qtbot, services, world, typed, message):
    before = len(services.meetings.summaries())
    dialog = MeetingDialog(services)
    qtbot.addWidget(dialog)
    dialog.held_on.clear()
    type_text(dialog.held_on, typed)
    save(qtbot, dialog)
    if typed == "01/01/2200":
        # Far in the future is odd but not impossible: stored as typed, never a traceback.
        assert dialog.result() == dialog.DialogCode.Accepted, dialog.summary.text()
        assert services.meetings.get(dialog.result_meeting.id).held_on == dt.date(2200, 1, 1)
    else:
        assert dialog.result() != dialog.DialogCode.Accepted
        assert message in dialog.message("held_on")
        assert len(services.meetings.summaries()) == before


def held_session(services, world):
    meeting = services.meetings.plan(
        MeetingDraft(
            held_on=D,
            start_time=dt.time(18, 0),
            duration_minutes=90,
            pathway=Pathway.MENTAL_HEALTH,
            animator_id=world.gp.id,
        ),
        [world.gp.id, world.psychiatrist.id, world.nurse.id],
    )
    services.agenda.add_cases(meeting.id, [world.case_review.id])
    services.meetings.start(meeting.id)
    return services.meetings.get(meeting.id)


def test_item_decision_live_notes_and_addendum_take_hostile_texts_to_the_minutes(
    qtbot, services, world
):
    meeting = held_session(services, world)
    item = meeting.items[0]

    # The agenda item's question, with every hostile short text.
    dialog = AgendaItemDialog(services, meeting, item)
    qtbot.addWidget(dialog)
    dialog.question.clear()
    question = "\n".join(SHORT)
    type_text(dialog.question, question)
    save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.summary.text()
    assert services.agenda.get_item(item.id).question == question

    # A decision whose text is 10,000+ characters is refused at the field, nothing stored…
    decision_dialog = DecisionDialog(
        services, services.agenda.get_item(item.id), meeting_status=MeetingStatus.IN_PROGRESS
    )
    qtbot.addWidget(decision_dialog)
    decision_dialog.description.setPlainText(hostile.LONG)  # pasted
    save(qtbot, decision_dialog)
    assert decision_dialog.result() != decision_dialog.DialogCode.Accepted
    assert "5000" in decision_dialog.message("description").replace("\u202f", "").replace(" ", "")
    assert services.agenda.get_item(item.id).decisions == []
    # …and a hostile one of ordinary length is stored as typed.
    decision_dialog.description.clear()
    type_text(decision_dialog.description, f"{hostile.MARKUP} {hostile.EMOJI}")
    save(qtbot, decision_dialog)
    assert decision_dialog.result() == decision_dialog.DialogCode.Accepted, (
        decision_dialog.summary.text()
    )
    (decision,) = services.agenda.get_item(item.id).decisions
    assert decision.description == f"{hostile.MARKUP} {hostile.EMOJI}"

    # Live mode: notes typed (RTL, quotes, markup, emoji), committed as typed.
    live = LiveMeetingWindow(services, meeting.id)
    qtbot.addWidget(live)
    live.show()
    notes = f"{hostile.RTL} — {hostile.QUOTES}\n{hostile.MARKUP}\n{hostile.EMOJI}"
    live.notes.setFocus()
    type_text(live.notes, notes)
    qtbot.waitUntil(
        lambda: services.agenda.get_item(item.id).discussion_notes == notes, timeout=WAIT
    )
    assert live.flush()
    live.close()

    # Close and validate, then an addendum with a control character pasted in the middle.
    services.meetings.close(meeting.id)
    services.meetings.validate(meeting.id)
    addendum = AddendumDialog(services, meeting.id)
    qtbot.addWidget(addendum)
    addendum.text.setPlainText(f"Correctif {hostile.CONTROL} {hostile.SQL}")
    save(qtbot, addendum)
    assert addendum.result() == addendum.DialogCode.Accepted, addendum.summary.text()

    pdf = Pdf(build_minutes(DocumentService(services.ctx).minutes(meeting.id)))
    for text in SHORT:
        if text is hostile.RTL:
            continue  # shaped into display order: checked in tests/reports
        assert text in pdf.text, text
    assert " ".join(decision.description.split()) in pdf.flat
    assert "Correctif avant" in pdf.flat and hostile.SQL in pdf.flat
