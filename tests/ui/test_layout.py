"""Nothing cut on a 1024×768 projector or a 1280×800 laptop: every page of the main window (on
the demo base: long names, full agendas) and every dialog, checked by ``layout_check.clipped``
(buttons, labels, column titles, columns behind a scroll bar, tabs, placeholders). Live mode
has its own test (``test_live_layout``)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from rcp_desktop.models import MeetingStatus, Pathway, Sex
from rcp_desktop.services.requests import RequestDraft
from rcp_desktop.storage import DatabaseKey
from rcp_desktop.ui.main_window import MainWindow
from tests.services.test_crisis import first_draft as crisis_draft
from tests.ui.layout_check import SIZES, clipped, settled
from tests.workflow_world import D

# The Statistiques page is another change's (its charts are being redone there).
NOT_CHECKED_HERE = {"StatisticsPage"}


@pytest.fixture
def demo_window(qtbot, demo_services, tasks):
    window = MainWindow(demo_services, tasks, demo=True, protection="test")
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_page_fits_with_nothing_cut(qtbot, demo_window, demo_services, width, height):
    window = demo_window
    meetings = window.pages[1]
    held = next(
        m for m in demo_services.meetings.summaries() if m.status is MeetingStatus.VALIDATED
    )
    problems = []
    for row, page in enumerate(window.pages):
        if type(page).__name__ in NOT_CHECKED_HERE:
            continue
        window.nav.setCurrentRow(row)
        if page is meetings:
            page.select_meeting(held.id)
            page.items.selectRow(0)
        window.resize(width, height)
        settled(qtbot, page)
        assert (window.width(), window.height()) == (width, height), type(page).__name__
        problems += clipped(window, f"{type(page).__name__} at {width}×{height}")
    assert problems == []


def dialogs(services, tasks, db_path, world):
    """Every dialog of the application, built on the workflow world."""
    from rcp_desktop.services.documents import DocumentService
    from rcp_desktop.services.meetings import MeetingDraft
    from rcp_desktop.ui.cases.attachments import AddAttachmentDialog
    from rcp_desktop.ui.cases.case_dialog import CaseDialog, CaseStatusDialog
    from rcp_desktop.ui.cases.consent import ConsentDialog
    from rcp_desktop.ui.cases.crisis import CrisisContactDialog, CrisisPlanDialog
    from rcp_desktop.ui.cases.patient_dialog import PatientDialog
    from rcp_desktop.ui.cases.tnd import FollowUpDialog, RepresentativeDialog, StepDialog
    from rcp_desktop.ui.cases.usipa import EnrolmentDialog
    from rcp_desktop.ui.crash_dialog import CrashDialog
    from rcp_desktop.ui.dialogs import FirstRunDialog, RecoveryCodeDialog, UnlockDialog
    from rcp_desktop.ui.directory.import_dialog import ImportDialog
    from rcp_desktop.ui.directory.professional_dialog import ProfessionalDialog
    from rcp_desktop.ui.documents import CaseChooserDialog
    from rcp_desktop.ui.meetings.agenda import AgendaItemDialog, ProposalsDialog
    from rcp_desktop.ui.meetings.attendance import AttendanceDialog, InviteDialog, WalkInDialog
    from rcp_desktop.ui.meetings.decisions import AddendumDialog, DecisionDialog, MarkDoneDialog
    from rcp_desktop.ui.meetings.participation import (
        GuestsDialog,
        ItemInviteesDialog,
        PatientInformedDialog,
    )
    from rcp_desktop.ui.meetings.planning import MeetingDialog, SeriesDialog
    from rcp_desktop.ui.meetings.times import MeetingTimesDialog
    from rcp_desktop.ui.patient_docs.dialogs import HoldersDialog, LetterTemplatesDialog
    from rcp_desktop.ui.requests.dialogs import AcceptDialog, AnswerDialog, RequestDialog
    from rcp_desktop.ui.security import ChangeKeyDialog
    from rcp_desktop.ui.settings_dialog import SettingsDialog

    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(18, 0)), [world.nurse.id, world.gp.id]
    )
    items = services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    meeting = services.meetings.get(meeting.id)
    patient = services.patients.get(world.case_review.patient_id)
    case = services.cases.get(world.case_review.id)
    decision = world.overdue_decision
    plan = services.crisis.create_version(world.case_overdue.id, crisis_draft(world))
    request = services.requests.create(
        RequestDraft(
            referrer_name="Dr Paul Roux",
            birth_name="Morel",
            first_names="Lucas",
            birth_date=dt.date(2018, 6, 1),
            sex=Sex.MALE,
            pathway=Pathway.TND,
            question="Orientation vers la PCO ?",
        )
    )
    return {
        "request": lambda: RequestDialog(services),
        "complete request": lambda: RequestDialog(services, request),
        "accept request": lambda: AcceptDialog(services, request),
        "refuse request": lambda: AnswerDialog(services, request, refuse=True),
        "item invitees": lambda: ItemInviteesDialog(services, meeting.id),
        "guests": lambda: GuestsDialog(services, meeting.id),
        "patient informed": lambda: PatientInformedDialog(services, items[0].id, "Dossier"),
        "first run": lambda: FirstRunDialog(db_path.parent / "nouvelle.db", "Dr Test", tasks),
        "unlock": lambda: UnlockDialog(db_path, "Dr Test", tasks),
        "recovery code": lambda: RecoveryCodeDialog(DatabaseKey.generate(), tasks=tasks),
        "change key": lambda: ChangeKeyDialog(services, tasks),
        "crash": lambda: CrashDialog("Traceback (most recent call last): …"),
        "settings": lambda: SettingsDialog(services),
        "letter templates": lambda: LetterTemplatesDialog(services),
        "plan holders": lambda: HoldersDialog(services, plan.id),
        "meeting": lambda: MeetingDialog(services),
        "edit meeting": lambda: MeetingDialog(services, meeting),
        "series": lambda: SeriesDialog(services),
        "times": lambda: MeetingTimesDialog(services, meeting),
        "agenda item": lambda: AgendaItemDialog(
            services, meeting, services.agenda.get_item(items[0].id)
        ),
        "proposals": lambda: ProposalsDialog(services, meeting),
        "attendance": lambda: AttendanceDialog(services, meeting.id),
        "invite": lambda: InviteDialog(services, meeting.id, set()),
        "walk in": lambda: WalkInDialog(services, meeting.id),
        "decision": lambda: DecisionDialog(
            services, services.agenda.get_item(items[0].id), meeting_status=meeting.status
        ),
        "mark done": lambda: MarkDoneDialog(services, decision),
        "addendum": lambda: AddendumDialog(services, world.past_meeting.id),
        "case chooser": lambda: CaseChooserDialog(
            DocumentService(services.ctx).agenda_choices(meeting.id)
        ),
        "patient": lambda: PatientDialog(services),
        "edit patient": lambda: PatientDialog(services, patient),
        "case": lambda: CaseDialog(services, patient),
        "case status": lambda: CaseStatusDialog(services, case),
        "consent": lambda: ConsentDialog(services, patient),
        "crisis plan": lambda: CrisisPlanDialog(services, case.id),
        "crisis contact": lambda: CrisisContactDialog(services),
        "usipa inclusion": lambda: EnrolmentDialog(services, case.id),
        "tnd follow-up": lambda: FollowUpDialog(services, case.id, services.tnd.overview(case.id)),
        "tnd representative": lambda: RepresentativeDialog(services, case.id),
        "tnd step": lambda: StepDialog(services, case.id),
        "attachment": lambda: AddAttachmentDialog(services, tasks, case.id),
        "professional": lambda: ProfessionalDialog(services, world.nurse),
        "directory import": lambda: ImportDialog(services, tasks),
    }


def test_every_dialog_fits_a_small_screen_with_nothing_cut(qtbot, services, world, tasks, db_path):
    width, height = SIZES[0]
    problems = []
    for name, make in dialogs(services, tasks, db_path, world).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        size = dialog.size()
        if size.width() > width or size.height() > height - 40:  # the window frame and a panel
            problems.append(f"{name}: {size.width()}×{size.height()} px")
        problems += clipped(dialog, name)
        dialog.close()
    assert problems == []
