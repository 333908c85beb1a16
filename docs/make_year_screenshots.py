"""Screenshots of the CPTS's year (issue 15), from a fresh demo base: the Année CPTS page
(Rapport annuel, Indemnisation), a case's Événements de santé tab, the end-of-session
evaluation of a session, and the first page of the annual report and of a statement. Part of
``make screenshots``; ``python docs/make_year_screenshots.py`` alone regenerates them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from rcp_desktop.app import configure_app, start_demo
from rcp_desktop.models import OutcomeKind
from rcp_desktop.reports.annual_report import report_pdf
from rcp_desktop.reports.indemnities import build_statement
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.pages.cases import CasesPage
from rcp_desktop.ui.pages.meetings import MeetingsPage
from rcp_desktop.ui.pages.year import YearPage
from rcp_desktop.ui.tasks import TaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tree, for docs.*
from docs.make_document_screenshots import first_page_png

OUT = Path(__file__).resolve().parent / "screenshots"


def save(app, widget, name: str) -> None:
    app.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_app(app)
    tasks = TaskRunner()
    opened = start_demo(tasks)
    services = opened.services
    window = MainWindow(services, tasks, demo=True, protection=opened.protection)
    window.resize(1280, 800)
    window.show()
    OUT.mkdir(exist_ok=True)
    rows = {type(page).__name__: row for row, page in enumerate(window.pages)}

    # Année CPTS: the annual report of last year, then the indemnities.
    window.nav.setCurrentRow(rows["YearPage"])
    page = window.current_page()
    assert isinstance(page, YearPage)
    page.tabs.setCurrentWidget(page.report)
    save(app, window, "annee-rapport")
    page.tabs.setCurrentWidget(page.indemnities)
    page.indemnities.professionals.selectRow(0)
    save(app, window, "annee-indemnisation")
    year = page.selected_year()
    report = services.annual_report.report(year)
    first_page_png(report_pdf(report), OUT / "rapport-annuel.png")
    print(OUT / "rapport-annuel.png")
    data = services.indemnities.year(year)
    first_page_png(
        build_statement(data, data.rows[0], services.indemnities.letterhead()),
        OUT / "releve-indemnisation.png",
    )
    print(OUT / "releve-indemnisation.png")

    # A case with health events, on its Événements de santé tab.
    window.nav.setCurrentRow(rows["CasesPage"])
    cases_page = window.current_page()
    assert isinstance(cases_page, CasesPage)
    case = max(
        services.cases.list(),
        key=lambda c: (
            sum(e.kind is OutcomeKind.HOSPITALISATION for e in services.outcomes.of_case(c.id)),
            len(services.outcomes.readmissions(c.id)),
            -c.id,
        ),
    )
    cases_page.select_patient(case.patient_id)
    cases_page.open_case(case.id)
    cases_page.case_view.tabs.setCurrentWidget(cases_page.case_view.outcomes)
    save(app, window, "dossier-evenements")
    cases_page.show_list()

    # The end-of-session evaluation of the last session held.
    window.nav.setCurrentRow(rows["MeetingsPage"])
    meetings = window.current_page()
    assert isinstance(meetings, MeetingsPage)
    evaluated = [
        m
        for m in services.meetings.summaries()
        if m.status.value in ("held", "validated") and services.evaluations.of_meeting(m.id)
    ]
    meetings.meetings.select_id(max(evaluated, key=lambda m: m.held_on).id)
    meetings.evaluation_action.trigger()
    save(app, meetings.evaluation_dialog, "evaluation-seance")
    meetings.evaluation_dialog.reject()
    window.close()
    opened.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
