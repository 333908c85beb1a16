"""Translations work: every string is extracted by ``pyside6-lupdate`` under the context Qt
looks it up in at run time (``tr()`` in the UI, ``QT_TRANSLATE_NOOP`` + ``translate`` in the
core), so a pseudo-locale compiled by ``pyside6-lrelease`` that wraps and lengthens every string
reaches every label, button, menu, tab, column title and placeholder; and no widget clips a text
that has grown by a third, as French → German would. (Vorta's TRANS_SCALE habit.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)

from rcp_desktop import i18n
from rcp_desktop.ui.main_window import MainWindow
from tests.ui.layout_check import clipped, settled
from tests.ui.test_layout import NOT_CHECKED_HERE

OPEN, CLOSE = "⟦", "⟧"
SOURCE = Path(__file__).resolve().parents[2] / "rcp_desktop"


LUPDATE_ALIASES = "QT_TRANSLATE_NOOP+=_N"  # the core's marker, as the Makefile passes it


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: it ships with PySide6")
    return path


def pseudo_translation(source: str) -> str:
    """⟦source~~~⟧: wrapped, and a third longer; format fields stay intact."""
    return OPEN + source + "~" * (len(source) // 3) + CLOSE


@pytest.fixture(scope="session")
def pseudo_catalogue(tmp_path_factory) -> tuple[Path, ET.ElementTree]:
    """The real pipeline: pyside6-lupdate extracts every string of the sources into a .ts
    catalogue, each gets a pseudo translation, pyside6-lrelease compiles it to a .qm."""
    folder = tmp_path_factory.mktemp("translations")
    ts = folder / "rcp_desktop_pseudo.ts"
    sources = sorted(str(p) for p in SOURCE.rglob("*.py"))
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-silent",
            "-tr-function-alias",
            LUPDATE_ALIASES,
            *sources,
            "-ts",
            str(ts),
        ],
        check=True,
        capture_output=True,
    )
    tree = ET.parse(ts)
    for message in tree.iter("message"):
        translation = message.find("translation")
        translation.text = pseudo_translation(message.findtext("source"))
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    qm = folder / "rcp_desktop_pseudo.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    return qm, tree


@pytest.fixture
def pseudo(app, pseudo_catalogue):
    translator = QTranslator()
    assert translator.load(str(pseudo_catalogue[0]))
    app.installTranslator(translator)
    yield translator
    app.removeTranslator(translator)


def test_every_context_is_one_qt_looks_up_at_run_time(pseudo_catalogue):
    """``self.tr()`` looks strings up under the class name; ``parent.tr()`` in a function is
    extracted under "parent" but looked up under the parent's class: never found."""
    _qm, tree = pseudo_catalogue
    classes = set()
    for path in SOURCE.rglob("*.py"):
        classes |= set(re.findall(r"^\s*class (\w+)", path.read_text(encoding="utf-8"), re.M))
    explicit = {"core", "app", "common", "documents", "attachments", "crisis"}
    contexts = {c.findtext("name") for c in tree.iter("context")}
    assert contexts - classes - explicit == set()
    core = next(c for c in tree.iter("context") if c.findtext("name") == "core")
    assert len(core.findall("message")) > 300  # the core's QT_TRANSLATE_NOOP marks are extracted


def needs_translation(text: str) -> bool:
    """A text a user reads (letters), not a number, a date, a separator or a shortcut."""
    text = text.replace("&", "").strip()
    return bool(re.search(r"[A-Za-zÀ-ÿ]{2,}", text)) and not re.fullmatch(
        r"(Ctrl|Alt|Shift|F\d+)[+\w]*", text
    )


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every user-facing text under *root*."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if text and needs_translation(text):
            found.append((where, text))

    if root.windowTitle() != "rcp-desktop":  # the product's name is not translated
        add("title", root.windowTitle())
    for widget in root.findChildren(QWidget):
        name = f"{type(widget).__name__}:{widget.objectName()}"
        if isinstance(widget, QLabel):
            add(name, widget.text())
        elif isinstance(widget, QAbstractButton):
            box = widget.parent()
            if (
                isinstance(box, QDialogButtonBox)
                and box.standardButton(widget) != QDialogButtonBox.StandardButton.NoButton
            ):
                continue  # Qt's own standard buttons, translated by Qt's catalogue (qtbase_fr)
            add(name, widget.text())
            add(name + " tooltip", widget.toolTip())
        elif isinstance(widget, QGroupBox):
            add(name, widget.title())
        elif isinstance(widget, QLineEdit):
            add(name + " placeholder", widget.placeholderText())
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                add(name + " tab", widget.tabText(i))
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            for i in range(widget.count()):
                add(name + " item", widget.itemText(i))
        elif isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for c in range(model.columnCount()):
                add(
                    name + " column",
                    model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole),
                )
        elif isinstance(widget, QMenu):
            add(name, widget.title())
            for action in widget.actions():
                add(name + " action", action.text())
    return found


def test_every_text_of_every_page_goes_through_the_translator(qtbot, pseudo, services, tasks):
    assert i18n.translate("Ouvert").startswith(OPEN)  # the core is wired to Qt's translators
    window = MainWindow(
        services, tasks, protection=QCoreApplication.translate("app", "phrase de passe")
    )
    qtbot.addWidget(window)
    window.show()
    untranslated = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert window.nav.item(row).text().startswith(OPEN)
    for where, text in shown_texts(window):
        if OPEN not in text:
            untranslated.append(f"{where}: {text!r}")
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text() and needs_translation(action.text()) and OPEN not in action.text():
                untranslated.append(f"menu: {action.text()!r}")
    assert untranslated == []


def test_buttons_and_labels_are_not_clipped_by_longer_translations(qtbot, pseudo, services, tasks):
    """Every page at 1280×800 with every text a third longer: nothing cut (``layout_check``)."""
    window = MainWindow(services, tasks, protection="x")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    problems = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        page = window.current_page()
        if type(page).__name__ in NOT_CHECKED_HERE:
            continue
        window.resize(1280, 800)
        settled(qtbot, page)
        problems += clipped(window, f"{type(page).__name__} (pseudo-locale)")
    assert problems == []


def test_no_f_string_or_concatenation_inside_tr():
    """``tr(f"…{x}")`` can never be translated (the source text changes with the data)."""
    offenders = []
    pattern = re.compile(r"""\b(?:tr|translate|QT_TRANSLATE_NOOP|_N)\(\s*(?:"[^"]*",\s*)?f["']""")
    for path in SOURCE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []


def _patient_and_case(services):
    """A patient and a case whose texts are made of digits and signs only, so that what the
    dialogs show of them is not mistaken for an untranslated string."""
    import datetime as dt

    from rcp_desktop.models import Pathway, Sex
    from rcp_desktop.services.cases import CaseDraft
    from rcp_desktop.services.patients import PatientDraft

    patient = services.patients.create(
        PatientDraft(
            birth_name="X", first_names="Y", birth_date=dt.date(1980, 1, 1), sex=Sex.FEMALE
        )
    )
    case = services.cases.create(
        CaseDraft(
            patient_id=patient.id,
            pathway=Pathway.USIPA,
            opened_on=dt.date(2026, 1, 5),
            referral_reason="1",
            question="2",
        )
    )
    return services.patients.get(patient.id), services.cases.get(case.id)


def _dialogs(services, tasks, db_path):
    from rcp_desktop.ui.cases.case_dialog import CaseDialog, CaseStatusDialog
    from rcp_desktop.ui.cases.consent import ConsentDialog
    from rcp_desktop.ui.cases.crisis import CrisisContactDialog, CrisisPlanDialog
    from rcp_desktop.ui.cases.patient_dialog import PatientDialog
    from rcp_desktop.ui.cases.usipa import EnrolmentDialog
    from rcp_desktop.ui.dialogs import FirstRunDialog, UnlockDialog
    from rcp_desktop.ui.meetings.planning import MeetingDialog, SeriesDialog
    from rcp_desktop.ui.settings_dialog import SettingsDialog

    def with_case(make):
        return lambda: make(*_patient_and_case(services))

    return {
        "first run": lambda: FirstRunDialog(db_path.parent / "nouvelle.db", "Dr Test", tasks),
        "unlock": lambda: UnlockDialog(db_path, "Dr Test", tasks),
        "settings": lambda: SettingsDialog(services),
        "meeting": lambda: MeetingDialog(services),
        "series": lambda: SeriesDialog(services),
        "patient": lambda: PatientDialog(services),
        "case": with_case(lambda patient, case: CaseDialog(services, patient)),
        "case status": with_case(lambda patient, case: CaseStatusDialog(services, case)),
        "consent": with_case(lambda patient, case: ConsentDialog(services, patient)),
        "crisis plan": with_case(lambda patient, case: CrisisPlanDialog(services, case.id)),
        "crisis contact": lambda: CrisisContactDialog(services),
        "usipa inclusion": with_case(lambda patient, case: EnrolmentDialog(services, case.id)),
    }


DIALOGS = [
    "first run",
    "unlock",
    "settings",
    "meeting",
    "series",
    "patient",
    "case",
    "case status",
    "consent",
    "crisis plan",
    "crisis contact",
    "usipa inclusion",
]


@pytest.mark.parametrize("name", DIALOGS)
def test_dialogs_are_translated_and_not_clipped(qtbot, pseudo, services, tasks, db_path, name):
    dialog = _dialogs(services, tasks, db_path)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.windowTitle().startswith(OPEN)
    assert [f"{w}: {t!r}" for w, t in shown_texts(dialog) if OPEN not in t] == []
    assert clipped(dialog, f"{name} (pseudo-locale)") == []


def test_live_mode_is_translated(qtbot, pseudo, services, world):
    """Every panel of the live screen, the shortcut help and the crisis-plan summary included
    (pseudonymised, so that no patient name is mistaken for an untranslated text)."""
    import datetime as dt

    from rcp_desktop.models import CrisisContactKind
    from rcp_desktop.services.crisis import ContactDraft, PlanDraft
    from rcp_desktop.services.meetings import MeetingDraft
    from rcp_desktop.ui.live.window import LiveMeetingWindow
    from tests.workflow_world import D

    services.crisis.create_version(
        world.case_review.id,
        PlanDraft(
            drawn_up_on=D,
            early_warning_signs="1",
            contacts=[ContactDraft(CrisisContactKind.TRUSTED_PERSON, name="2", role="3")],
        ),
    )
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(18, 0), duration_minutes=60), [world.nurse.id]
    )
    services.agenda.add_cases(meeting.id, [world.case_review.id, world.case_overdue.id])
    services.meetings.start(meeting.id)
    live = LiveMeetingWindow(services, meeting.id, pseudonymise=True)
    qtbot.addWidget(live)
    live.show()
    live.new_decision()
    assert live.windowTitle().startswith(OPEN)
    assert OPEN in live.crisis_plan.text() and live.crisis_plan.text().count("\n") == 2
    assert all(OPEN in line for line in live.help.text().split("·"))
    assert [f"{w}: {t!r}" for w, t in shown_texts(live) if OPEN not in t] == []
