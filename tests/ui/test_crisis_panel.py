"""The crisis-plan panel driven as a user would: a first version with its contacts, a second
one from it with the call order changed, the comparison showing what changed; bad input gets a
French message at the field and stores nothing; hostile texts are shown as typed."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from rcp_desktop.models import CaseStatus, CrisisContactKind
from rcp_desktop.ui.cases.crisis import (
    CrisisCompareDialog,
    CrisisContactDialog,
    CrisisPlanDialog,
    CrisisPlanPanel,
)
from rcp_desktop.ui.cases.textdoc import DELETE_BACKGROUND, INSERT_BACKGROUND, formatted_runs
from tests.hostile import EMOJI, LONG, MARKUP, NAMES, QUOTES, RTL, SQL, TEXTS
from tests.ui.keys import type_text
from tests.workflow_world import D

WAIT = 10_000


@pytest.fixture
def panel(qtbot, services, tasks, world):
    widget = CrisisPlanPanel(services, tasks)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.set_case(world.case_overdue.id)
    return widget


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save(qtbot, dialog):
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))


def open_editor(qtbot, panel) -> CrisisPlanDialog:
    click(qtbot, panel.new_button)
    dialog = panel.dialog
    assert isinstance(dialog, CrisisPlanDialog)
    qtbot.waitExposed(dialog)
    return dialog


def add_contact(qtbot, editor, *, kind, name="", phone="", professional=None, when=""):
    click(qtbot, editor.add_button)
    dialog = editor.contact_dialog
    assert isinstance(dialog, CrisisContactDialog)
    dialog.kind.set_value(kind)
    if professional is not None:
        dialog.professional.set_value(professional)
    type_text(dialog.name, name)
    type_text(dialog.phone, phone)
    type_text(dialog.when_to_call, when)
    save(qtbot, dialog)
    return dialog


def fill_first_version(qtbot, services, world, editor):
    editor.meeting.setCurrentIndex(editor.meeting.findData(world.past_meeting.id))
    editor.drawn_up_on.clear()
    type_text(editor.drawn_up_on, "10/02/2026")
    type_text(editor.next_review_on, "10/08/2026")
    type_text(editor.texts["early_warning_signs"], "Insomnie, retrait ; " + MARKUP)
    type_text(editor.texts["what_helps"], "Un lieu calme " + EMOJI)
    type_text(editor.texts["treatments_to_avoid"], "Halopéridol : dystonie aiguë.")
    add_contact(
        qtbot,
        editor,
        kind=CrisisContactKind.TRUSTED_PERSON,
        name="Anne Bertin",
        phone="06 12 34 56 78",
        when="Dès les premiers signes.",
    )
    add_contact(
        qtbot,
        editor,
        kind=CrisisContactKind.PROFESSIONAL,
        professional=world.psychiatrist.id,
        when="En premier recours.",
    )
    add_contact(qtbot, editor, kind=CrisisContactKind.PROFESSIONAL, professional=world.gp.id)
    assert editor.tabs.tabText(editor.contacts_tab) == "Contacts (3)"


def test_first_version_then_a_second_with_the_call_order_changed_then_compare(
    qtbot, services, world, panel
):
    assert "Pas encore de plan" in panel.status.text()
    assert not panel.compare_button.isEnabled()
    editor = open_editor(qtbot, panel)
    assert editor.intro.text() == "Première version du plan de crise conjoint de ce dossier."
    fill_first_version(qtbot, services, world, editor)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, editor)
    (first,) = services.crisis.versions(world.case_overdue.id)
    assert (
        first.drawn_up_on == dt.date(2026, 2, 10)
        and first.reviewed_meeting_id == world.past_meeting.id
    )
    assert first.early_warning_signs == "Insomnie, retrait ; " + MARKUP
    assert first.what_helps == "Un lieu calme " + EMOJI
    assert [c.name or c.professional.last_name for c in first.contacts] == [
        "Anne Bertin",
        "Leroy",
        "Dupont",
    ]
    shown = panel.view.toPlainText()
    assert "Plan de crise — version 1 du 10/02/2026" in shown
    assert MARKUP in shown and EMOJI in shown  # shown as typed, never as markup
    assert "1. Anne Bertin" in shown and "2. Marc Leroy — Psychiatre" in shown
    assert "Revu en séance du 10/02/2026" in shown

    # Second version: starts from the first; the GP moves up to first place.
    editor = open_editor(qtbot, panel)
    assert editor.intro.text().startswith("Version 2 : elle reprend la version 1 du 10/02/2026")
    assert editor.texts["what_helps"].toPlainText() == "Un lieu calme " + EMOJI
    assert editor.drawn_up_on.text() == "10/03/2026" and editor.meeting.currentData() is None
    editor.tabs.setCurrentIndex(editor.contacts_tab)
    editor.contact_table.selectRow(2)
    assert not editor.down_button.isEnabled()
    click(qtbot, editor.up_button)
    click(qtbot, editor.up_button)
    assert not editor.up_button.isEnabled()
    assert [r[1].professional_id for r in editor.contact_table.source.records()] == [
        world.gp.id,
        None,
        world.psychiatrist.id,
    ]
    editor.texts["what_helps"].clear()
    type_text(editor.texts["what_helps"], "Un lieu calme et la musique " + EMOJI)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, editor)
    first_again, second = services.crisis.versions(world.case_overdue.id)
    assert second.version == 2 and [c.professional_id for c in second.contacts][0] == world.gp.id
    assert [c.name or c.professional.last_name for c in first_again.contacts] == [
        "Anne Bertin",
        "Leroy",
        "Dupont",
    ]
    assert panel.current_version().id == second.id
    assert panel.versions.source.total() == 2 and panel.compare_button.isEnabled()

    # Compare: the changed field and the new call order, highlighted.
    click(qtbot, panel.compare_button)
    compare = panel.dialog
    assert isinstance(compare, CrisisCompareDialog)
    assert (compare.before.currentData(), compare.after.currentData()) == (first.id, second.id)
    result = compare.comparison
    assert result.changed_fields == ("what_helps",) and result.order_changed
    text = compare.view.toPlainText()
    assert "Rubriques modifiées (1)" in text and "Ce qui aide" in text
    assert "Ordre d'appel modifié" in text
    assert "1. Claire Dupont ; 2. Anne Bertin ; 3. Marc Leroy" in text
    runs = formatted_runs(compare.view.document())
    inserted = [t for t, f in runs if f.background().color() == INSERT_BACKGROUND]
    deleted = [
        t for t, f in runs if f.background().color() == DELETE_BACKGROUND and f.fontStrikeOut()
    ]
    assert "1. Claire Dupont ; 2. Anne Bertin ; 3. Marc Leroy" in inserted
    assert "1. Anne Bertin ; 2. Marc Leroy ; 3. Claire Dupont" in deleted
    assert any("musique" in t for t in inserted)
    # Choosing the same version twice says so; swapping compares older → newer.
    compare.after.setCurrentIndex(compare.after.findData(first.id))
    assert "deux versions différentes" in compare.view.toPlainText()
    compare.before.setCurrentIndex(compare.before.findData(second.id))
    assert compare.comparison.before.id == first.id and compare.comparison.changed_fields == (
        "what_helps",
    )


def test_editor_shows_french_errors_at_the_fields_and_stores_nothing(qtbot, services, world, panel):
    editor = open_editor(qtbot, panel)
    # An empty plan.
    save(qtbot, editor)
    assert (
        editor.message("early_warning_signs")
        == "Le plan est vide : renseignez au moins une rubrique ou un contact."
    )
    assert editor.tabs.currentIndex() == 0
    # A date that does not exist, then one in the future, a review before the version.
    editor.drawn_up_on.clear()
    type_text(editor.drawn_up_on, "31/02/2026")
    save(qtbot, editor)
    assert editor.message("drawn_up_on") == "Date invalide : jj/mm/aaaa."
    editor.drawn_up_on.clear()
    type_text(editor.drawn_up_on, "11/03/2026")
    type_text(editor.next_review_on, "01/03/2026")
    type_text(editor.texts["practical_arrangements"], "Garde du chat.")
    save(qtbot, editor)
    assert editor.message("drawn_up_on") == "La date de la version ne peut pas être dans le futur."
    assert (
        editor.message("next_review_on")
        == "La prochaine révision ne peut pas précéder la date de la version."
    )
    # A text beyond the limit: the message is on its tab, which is brought to the front.
    editor.drawn_up_on.clear()
    type_text(editor.drawn_up_on, "10/03/2026")
    editor.next_review_on.clear()
    editor.texts["treatment_preferences"].setPlainText("x" * 20_001)
    editor.tabs.setCurrentIndex(0)
    save(qtbot, editor)
    assert editor.message("treatment_preferences") == "20000 caractères au plus."
    assert editor.tabs.currentIndex() == 2
    assert services.crisis.versions(world.case_overdue.id) == []
    assert editor.isVisible()


def test_contact_dialog_refuses_a_nameless_contact_and_a_bad_phone(qtbot, services, world, panel):
    editor = open_editor(qtbot, panel)
    click(qtbot, editor.add_button)
    dialog = editor.contact_dialog
    save(qtbot, dialog)
    assert dialog.message("name") == "Indiquez un nom ou choisissez un professionnel de l'annuaire."
    type_text(dialog.name, "Anne")
    type_text(dialog.phone, "06 12 34")
    save(qtbot, dialog)
    assert dialog.message("phone").startswith("Numéro de téléphone invalide")
    assert dialog.message("name") == ""
    assert dialog.isVisible() and editor.contacts == []
    dialog.phone.clear()
    type_text(dialog.phone, "3114")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert [(c.name, c.phone) for c in editor.contacts] == [("Anne", "3114")]
    # A trusted person has no directory entry: choosing that kind clears and locks the picker.
    click(qtbot, editor.add_button)
    dialog = editor.contact_dialog
    dialog.kind.set_value(CrisisContactKind.PROFESSIONAL)
    dialog.professional.set_value(world.nurse.id)
    dialog.kind.set_value(CrisisContactKind.TRUSTED_PERSON)
    assert dialog.professional.value() is None and not dialog.professional.isEnabled()
    dialog.reject()
    # Edit, remove.
    editor.contact_table.selectRow(0)
    click(qtbot, editor.edit_button)
    dialog = editor.contact_dialog
    assert dialog.name.text() == "Anne"
    type_text(dialog.name, " Bertin")
    save(qtbot, dialog)
    assert editor.contacts[0].name == "Anne Bertin"
    editor.contact_table.selectRow(0)
    click(qtbot, editor.remove_button)
    assert editor.contacts == [] and editor.tabs.tabText(editor.contacts_tab) == "Contacts (0)"


@pytest.mark.parametrize("sample", sorted(TEXTS))
def test_hostile_texts_through_the_editor_are_stored_and_shown_as_typed(
    qtbot, services, world, panel, sample
):
    value = TEXTS[sample]
    name = NAMES.get(sample, "Anne")
    editor = open_editor(qtbot, panel)
    if sample == "long":
        editor.texts["triggers"].setPlainText(value)
    else:
        type_text(editor.texts["triggers"], value)
    add_contact(
        qtbot,
        editor,
        kind=CrisisContactKind.TRUSTED_PERSON,
        name=name,
        when=value if sample != "long" else "",
    )
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, editor)
    (plan,) = services.crisis.versions(world.case_overdue.id)
    assert plan.triggers == value
    assert plan.contacts[0].name == name
    shown = panel.view.toPlainText()
    assert value in shown and name in shown


def test_hostile_values_in_every_text_field_and_an_empty_panel(qtbot, services, world, panel):
    editor = open_editor(qtbot, panel)
    values = dict(
        zip(
            editor.texts,
            [MARKUP, EMOJI, QUOTES, RTL, SQL, LONG, "ligne 1\nligne 2", MARKUP],
            strict=True,
        )
    )
    for field, value in values.items():
        editor.texts[field].setPlainText(value)
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, editor)
    (plan,) = services.crisis.versions(world.case_overdue.id)
    for field, value in values.items():
        assert getattr(plan, field) == value
    # set_case(None) empties the panel.
    panel.set_case(None)
    assert panel.versions.source.total() == 0
    assert panel.view.toPlainText() == ""
    assert not panel.new_button.isEnabled() and not panel.compare_button.isEnabled()


def test_meeting_choices_are_the_sessions_that_presented_the_case(qtbot, services, world, panel):
    editor = open_editor(qtbot, panel)
    assert [editor.meeting.itemData(i) for i in range(editor.meeting.count())] == [
        None,
        world.past_meeting.id,
    ]
    assert editor.meeting.itemText(1) == "10/02/2026 — RCPT santé mentale"
    editor.reject()
    panel.set_case(world.case_review.id)
    editor = open_editor(qtbot, panel)
    assert editor.meeting.count() == 1
    assert D.strftime("%d/%m/%Y") == editor.drawn_up_on.text()


def test_a_closed_case_shows_its_plan_without_a_new_version(qtbot, services, world, panel):
    editor = open_editor(qtbot, panel)
    type_text(editor.texts["triggers"], "Conflits familiaux.")
    with qtbot.waitSignal(panel.changed, timeout=WAIT):
        save(qtbot, editor)
    services.cases.set_status(world.case_overdue.id, CaseStatus.CLOSED, reason="Déménagement")
    panel.set_case(world.case_overdue.id)
    assert not panel.new_button.isEnabled()
    assert (
        panel.status.text() == "Dossier clos : le plan de crise se consulte, il ne se révise plus."
    )
    assert "Conflits familiaux." in panel.view.toPlainText()
