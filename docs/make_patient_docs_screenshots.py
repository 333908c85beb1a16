"""Screenshots of the documents for the patient, the record and the GP, on a fresh demo base:
the first page of the crisis plan as the patient gets it and of the letter to the patient, the
dialog that asks who holds a copy of the plan, the letter templates per pathway (Paramètres),
and the Séances page's Documents menu with its new entries. ``make screenshots`` runs it (or
``python docs/make_patient_docs_screenshots.py``)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docs.make_document_screenshots import demo_logo, first_page_png
from rcp_desktop.app import configure_app, start_demo
from rcp_desktop.models import Pathway, PreparedKind
from rcp_desktop.reports.patient_docs import (
    build_patient_crisis_plan,
    build_patient_letter,
)
from rcp_desktop.ui.patient_docs.dialogs import HoldersDialog, LetterTemplatesDialog
from rcp_desktop.ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(seconds: float = 0.5) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QGuiApplication.processEvents()
        time.sleep(0.02)


def grab(widget, name: str, size: tuple[int, int]) -> Path:
    widget.resize(*size)
    widget.show()
    settle()
    path = OUT / name
    widget.grab().save(str(path))
    widget.close()
    return path


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_app(app)
    tasks = TaskRunner()
    opened = start_demo(tasks)
    paths: list[Path] = []
    try:
        services = opened.services
        services.settings.set_logo(demo_logo())
        patient_docs = services.patient_docs
        OUT.mkdir(exist_ok=True)
        prepared = patient_docs.prepared()
        plan_case = next(p for p in prepared if p.kind is PreparedKind.PATIENT_CRISIS_PLAN)
        letter = next(p for p in prepared if p.kind is PreparedKind.PATIENT_LETTER)
        plan = services.crisis.latest(plan_case.case_id)
        content, _ = patient_docs.produce_patient_plan(
            plan.id, patient_docs.holder_choices(plan.id), build_patient_crisis_plan
        )
        paths.append(OUT / "plan-de-crise-patient.png")
        first_page_png(content, paths[-1])
        content, _ = patient_docs.produce_letter(
            letter.meeting_id, letter.case_id, build_patient_letter
        )
        paths.append(OUT / "courrier-patient.png")
        first_page_png(content, paths[-1])
        holders = HoldersDialog(services, plan.id)
        holders.other.setText("Pharmacie du centre")
        holders.add_other()
        paths.append(grab(holders, "plan-patient-detenteurs.png", (640, 520)))
        templates = LetterTemplatesDialog(services)
        templates.pathway.setCurrentIndex(templates.pathway.findData(Pathway.TND))
        paths.append(grab(templates, "modeles-courrier-patient.png", (900, 640)))
    finally:
        opened.close()
        app.processEvents()
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
