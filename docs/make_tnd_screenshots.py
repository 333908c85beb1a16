"""Screenshots of the TND pathway from a fresh demo database: the TND tab of a child's case, its
dialogs, and the TND table of the Statistiques page (last year, TND pathway).
``.venv/bin/python docs/make_tnd_screenshots.py`` (offscreen by default)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from rcp_desktop.app import configure_app, start_demo
from rcp_desktop.models import TndStep
from rcp_desktop.services.tnd import TndService
from rcp_desktop.ui.cases.tnd import FollowUpDialog, StepDialog
from rcp_desktop.ui.main_window import MainWindow
from rcp_desktop.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent / "screenshots"


def richest_tnd_case(services) -> int:
    """The demo TND case with the most assessments and interventions."""
    with services.db.read() as s:
        case_id = s.scalar(
            select(TndStep.case_id)
            .group_by(TndStep.case_id)
            .order_by(func.count().desc(), TndStep.case_id)
        )
    assert case_id is not None, "the demo has TND pathways"
    return int(case_id)


def _statistics_shot(app, window) -> None:
    """The Statistiques page on last year, TND pathway: its table of steps and delays."""
    from rcp_desktop.ui.pages.statistics import StatisticsPage

    page = window.page(StatisticsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    app.processEvents()
    page.pathway.setCurrentIndex(page.pathway.findData("tnd"))
    app.processEvents()
    page.scroll.ensureWidgetVisible(page.tables["tnd"], 0, 40)
    app.processEvents()
    window.grab().save(str(OUT / "statistiques-tnd.png"))
    print(OUT / "statistiques-tnd.png")


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

    window.nav.setCurrentRow(0)
    page = window.current_page()
    case = services.cases.get(richest_tnd_case(services))
    page.select_patient(case.patient_id)
    page.open_case(case.id)
    view = page.case_view
    view.tabs.setCurrentIndex(view.tnd_tab)
    app.processEvents()
    window.grab().save(str(OUT / "dossier-tnd.png"))
    print(OUT / "dossier-tnd.png")

    overview = TndService(services.ctx).overview(case.id)
    for name, dialog in (
        ("tnd-pco-mdph", FollowUpDialog(services, case.id, overview, window)),
        ("tnd-bilan", StepDialog(services, case.id, overview.steps[0], window)),
    ):
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")
        dialog.close()

    page.show_list()
    _statistics_shot(app, window)
    window.close()
    opened.close()
    tasks.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
