"""Regenerate the README screenshots from a fresh demo database: ``make screenshots``.

Runs offscreen by default; under Xvfb (``xvfb-run make screenshots``) the same code applies.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from rcp_desktop.app import configure_app, start_demo
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(app: QApplication, *widgets, timeout: float = 20.0) -> None:
    """Let the events run until none of *widgets* is loading (the pages, the case view and
    the statistics read their data off the GUI thread)."""
    deadline = time.monotonic() + timeout
    while True:
        app.processEvents()
        if not any(getattr(w, "loading", False) for w in widgets):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"still loading: {[type(w).__name__ for w in widgets]}")
        time.sleep(0.01)
    app.processEvents()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_app(app)
    tasks = TaskRunner()
    opened = start_demo(tasks)
    window = MainWindow(opened.services, tasks, demo=True, protection=opened.protection)
    window.resize(1280, 800)
    window.show()
    OUT.mkdir(exist_ok=True)
    only = set(sys.argv[1:])  # e.g. "annuaire": regenerate that page only
    rows = {type(page).__name__: row for row, page in enumerate(window.pages)}
    shots = {0: "dossiers", 1: "seances", 2: "suivi", 3: "usipa", rows["DirectoryPage"]: "annuaire"}
    for row, name in shots.items():
        if only and name not in only:
            continue
        window.nav.setCurrentRow(row)
        page = window.current_page()
        settle(app, page)
        table = (
            getattr(page, "patients", None)
            or getattr(page, "meetings", None)
            or getattr(page, "board", None)
        )
        if name == "annuaire":
            table = page.table
        if name == "seances":
            # The last session held: its agenda, the notes of its first case, its decisions.
            held = next(m for m in opened.services.meetings.summaries() if m.decisions)
            page.select_meeting(held.id)
            settle(app, page)
            page.items.selectRow(0)
            table = None
        if table is not None:
            table.selectRow(min(4, table.model().rowCount() - 1))
        settle(app, page)
        window.grab().save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")
    # The case view of the demo case with the most attachments, on its timeline.
    services = opened.services
    if not only or "dossier-chronologie" in only:
        window.nav.setCurrentRow(0)
        page = window.current_page()
        case = max(
            services.cases.list(), key=lambda c: (len(services.attachments.list(c.id)), -c.id)
        )
        page.select_patient(case.patient_id)
        settle(app, page)
        page.open_case(case.id)
        page.case_view.tabs.setCurrentWidget(page.case_view.timeline)
        settle(app, page, page.case_view)
        window.grab().save(str(OUT / "dossier-chronologie.png"))
        print(OUT / "dossier-chronologie.png")
        page.show_list()
    if not only or {"statistiques", "statistiques-exports"} & only:
        _statistics_shots(app, window, services)
    if not only or "mode-seance" in only:
        live_shots(app, opened.services)
    window.close()
    opened.close()
    return 0


def _statistics_shots(app, window, services) -> None:
    """The Statistiques page on last year, then its Exports tab after one export."""
    from rcp_desktop.reports.statistics import writer_for
    from rcp_desktop.services.statistics import ExportRequest
    from rcp_desktop.ui.pages.statistics import StatisticsPage

    page = window.page(StatisticsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    settle(app, page)
    page.scroll.verticalScrollBar().setValue(0)
    app.processEvents()
    window.grab().save(str(OUT / "statistiques.png"))
    print(OUT / "statistiques.png")
    year = services.ctx.today().year - 1
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("pdf", "csv"):
            path = Path(folder) / f"statistiques-aci-{year}.{fmt}"
            services.statistics.export(ExportRequest(year), path, writer_for(path))
    page.refresh()  # the page now shows the edition
    settle(app, page)
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.exports_table.parentWidget()))
    page.exports_table.selectRow(0)
    app.processEvents()
    window.grab().save(str(OUT / "statistiques-exports.png"))
    print(OUT / "statistiques-exports.png")
    page.tabs.setCurrentIndex(0)


def live_shots(app: QApplication, services) -> None:
    """Live mode as projected: a crisis-anticipation session at 1024×768 and 1280×720, a long
    decision typed with its deviation, then the crisis plan in large type (F4)."""
    from rcp_desktop.models import MeetingStatus, Pathway
    from rcp_desktop.ui.live.window import LiveMeetingWindow

    meeting = next(
        m
        for m in reversed(services.meetings.summaries())
        if m.status is MeetingStatus.PLANNED and m.pathway is Pathway.MENTAL_HEALTH and m.cases > 2
    )
    services.meetings.start(meeting.id)
    live = LiveMeetingWindow(services, meeting.id)
    index = next(
        i
        for i, item in enumerate(live.agenda_cursor.items)
        if services.agenda.context(item.id).crisis_plan is not None
    )
    live.go(index)
    live.notes.setPlainText(
        "Rupture de traitement depuis dix jours, insomnie signalée par la sœur. Le patient "
        "accepte une visite à domicile ; il refuse pour l'instant le CMP."
    )
    row = live.new_decision()
    row.what.setText(
        "Visite à domicile de l'infirmière dans la semaine, puis consultation au CMP si la "
        "reprise du traitement n'est pas effective"
    )
    row.deviation_toggle.setChecked(True)
    row.deviation.setText("Le patient refuse le CMP pour l'instant : suivi à domicile d'abord")
    assert live.flush()
    for width, height in ((1024, 768), (1280, 720)):
        live.resize(width, height)
        live.show()
        app.processEvents()
        app.processEvents()
        path = OUT / f"mode-seance-{width}x{height}.png"
        live.grab().save(str(path))
        print(path)
    live.resize(1024, 768)
    live.toggle_crisis_plan()
    app.processEvents()
    path = OUT / "mode-seance-plan-de-crise.png"
    live.grab().save(str(path))
    print(path)
    live.close()


if __name__ == "__main__":
    sys.exit(main())
