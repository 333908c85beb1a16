import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit

from rcp_desktop.models import Pathway, Profession, Professional
from rcp_desktop.services.errors import FieldError, ValidationError
from rcp_desktop.ui.widgets.fields import (
    DateField,
    EnumCombo,
    FieldErrors,
    ProfessionalPicker,
)


def test_date_field(qtbot):
    field = DateField(dt.date(2026, 1, 2))
    qtbot.addWidget(field)
    assert field.text() == "02/01/2026"
    field.clear()
    qtbot.keyClicks(field, "30/02/2026")
    assert not field.is_valid()
    field.clear()
    assert field.value() is None and field.is_valid()


def test_enum_combo_and_picker(qtbot):
    combo = EnumCombo(Pathway, empty="—")
    qtbot.addWidget(combo)
    assert combo.value() is None
    combo.set_value(Pathway.TND)
    assert combo.currentText().startswith("TND")
    pros = [Professional(id=4, last_name="MOREL", first_name="Anne", profession=Profession.NURSE)]
    picker = ProfessionalPicker(lambda: pros, empty="(aucun)")
    qtbot.addWidget(picker)
    assert picker.value() is None
    picker.set_value(4)
    assert picker.value() == 4 and "Infirmier" in picker.currentText()
    picker.setEditText("texte libre inconnu")
    assert picker.value() is None


def test_field_errors_show_and_clear(qtbot):
    name, label, summary = QLineEdit(), QLabel(), QLabel()
    for w in (name, label, summary):
        qtbot.addWidget(w)
    errors = FieldErrors({"birth_name": (name, label)}, summary)
    errors.show(
        ValidationError(
            [FieldError("birth_name", "Ce champ est obligatoire."), FieldError("other", "Autre.")]
        )
    )
    assert errors.message("birth_name") == "Ce champ est obligatoire."
    assert summary.text() == "Autre."
    qtbot.keyClicks(name, "x")
    assert errors.message("birth_name") == ""
