"""The end-of-session evaluation from the Séances page: one action opens the dialog for the
selected session; the scores clicked, a missing answer refused at its field (nothing stored),
then saved, and shown again when reopened."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.models import DurationFeeling
from rcp_desktop.ui.pages.meetings import MeetingsPage
from rcp_desktop.ui.year.evaluation import EvaluationDialog, install_evaluation_action
from tests.ui.keys import type_text
from tests.ui.loading import select_meeting
from tests.ui.test_usipa_panel import click


def test_evaluate_the_selected_session(qtbot, services, tasks, world):
    page = MeetingsPage(services, tasks)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    page.refresh()
    action = install_evaluation_action(page, services)
    select_meeting(qtbot, page, world.past_meeting.id)
    action.trigger()
    dialog = page.evaluation_dialog
    assert isinstance(dialog, EvaluationDialog) and dialog.isVisible()
    qtbot.mouseClick(dialog.satisfaction.group.button(4), Qt.MouseButton.LeftButton)
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert dialog.message("usefulness") == "Ce champ est obligatoire."
    assert dialog.message("duration") == "Ce champ est obligatoire."
    assert services.evaluations.of_meeting(world.past_meeting.id) is None
    qtbot.mouseClick(dialog.usefulness.group.button(5), Qt.MouseButton.LeftButton)
    dialog.duration.set_value(DurationFeeling.TOO_LONG)
    type_text(dialog.comment, "Riche, un peu long")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert not dialog.isVisible()
    saved = services.evaluations.of_meeting(world.past_meeting.id)
    assert (saved.satisfaction, saved.usefulness, saved.duration, saved.comment) == (
        4,
        5,
        DurationFeeling.TOO_LONG,
        "Riche, un peu long",
    )
    # Opened again, it shows what was saved.
    action.trigger()
    again = page.evaluation_dialog
    assert again.satisfaction.value() == 4 and again.duration.value() == DurationFeeling.TOO_LONG
    again.reject()
