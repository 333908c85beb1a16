"""Gender where French needs it, in the GUI: a professional's civility chosen in the directory
dialog gives her a feminine profession label everywhere she is picked; the patient's card says
"Née le"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.models import Civility
from rcp_desktop.ui.directory.professional_dialog import ProfessionalDialog
from rcp_desktop.ui.widgets.fields import ProfessionalPicker
from tests.ui.layout_check import clipped
from tests.ui.loading import select_patient

WAIT = 10_000


def test_the_civility_chosen_in_the_directory_feminises_the_profession(qtbot, services, world):
    dialog = ProfessionalDialog(services, services.directory.get(world.nurse.id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert clipped(dialog) == []
    dialog.civility.setCurrentIndex(dialog.civility.findText("Madame"))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    nurse = services.directory.get(world.nurse.id)
    assert nurse.civility is Civility.MADAME
    picker = ProfessionalPicker(lambda: services.directory.list(active_only=True))
    qtbot.addWidget(picker)
    assert picker.findText("Sonia Petit — Infirmière") >= 0
    assert picker.findText("Marc Leroy — Psychiatre") >= 0


def test_the_patient_card_agrees_with_the_sex(qtbot, services, world, tasks):
    from rcp_desktop.ui.pages.cases import CasesPage

    page = CasesPage(services, tasks)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    select_patient(qtbot, page, world.case_review.patient_id)
    assert "Née le 04/05/1970" in page.identity.text() and "Né(e)" not in page.identity.text()
