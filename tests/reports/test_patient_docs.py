"""Documents for the patient: the crisis plan in plain words with agreement and signature lines
and who holds a copy; the letter explaining the proposal from the pathway's template."""

from __future__ import annotations

import datetime as dt

import pytest

from rcp_desktop.models import Pathway, PreparedKind
from rcp_desktop.reports.patient_docs import build_patient_crisis_plan, build_patient_letter
from rcp_desktop.services.cases import TimelineKind
from rcp_desktop.services.decisions import DecisionDraft
from rcp_desktop.services.errors import ValidationError
from rcp_desktop.services.meetings import MeetingDraft
from tests.hostile import MARKUP
from tests.reports.factory import Pdf
from tests.services.test_crisis import first_draft
from tests.workflow_world import D


def plan_of(services, world):
    return services.crisis.create_version(world.case_overdue.id, first_draft(world))


def test_the_patient_plan_speaks_plainly_and_lists_who_holds_a_copy(services, world):
    plan = plan_of(services, world)
    choices = services.patient_docs.holder_choices(plan.id)
    assert choices[0] == "Le patient"
    assert "Anne Bertin (Sœur)" in choices
    assert any(c.startswith("Claire Dupont") for c in choices)
    holders = [choices[0], "Anne Bertin (Sœur)", "Pharmacie du centre"]
    content, record_id = services.patient_docs.produce_patient_plan(
        plan.id, holders, build_patient_crisis_plan, drawn_up_by="Dr Marc Leroy"
    )
    pdf = Pdf(content)
    assert "Mon plan en cas de crise" in pdf.flat
    assert "Les signes qui montrent que je commence à aller moins bien" in pdf.flat
    assert "Insomnie, retrait social." in pdf.flat
    assert "Signes d'alerte précoces" not in pdf.flat  # the care team's words stay theirs
    assert "Qui a un exemplaire de ce plan" in pdf.flat
    assert "☐ Pharmacie du centre" in pdf.flat
    assert "Mon accord" in pdf.flat and pdf.flat.count("Signature :") == 2
    assert "Nom : Dr Marc Leroy" in pdf.flat
    assert "3114" in pdf.flat
    assert "BERTIN" not in pdf.title.upper()  # the metadata never names the patient
    [line] = services.patient_docs.prepared(world.case_overdue.id)
    assert line.id == record_id and line.kind is PreparedKind.PATIENT_CRISIS_PLAN
    assert line.recipient == "Le patient"
    assert line.details == ("Version 1", *holders)
    [event] = [
        e for e in services.cases.timeline(world.case_overdue.id) if e.kind is TimelineKind.PREPARED
    ]
    assert event.title == "Plan de crise remis au patient — pour Le patient"
    assert "Pharmacie du centre" in event.detail and event.on == D


@pytest.mark.parametrize(
    "holders",
    [[], ["  ", ""], ["x" * 10_000], [f"Personne {i}" for i in range(25)]],
)
def test_bad_holders_are_refused_and_nothing_is_recorded(services, world, holders):
    plan = plan_of(services, world)
    with pytest.raises(ValidationError) as error:
        services.patient_docs.produce_patient_plan(plan.id, holders, build_patient_crisis_plan)
    assert error.value.message
    assert services.patient_docs.prepared() == []


def held_with_proposal(services, world):
    meeting = services.meetings.plan(
        MeetingDraft(held_on=D, start_time=dt.time(20, 0), animator_id=world.gp.id),
        [world.psychiatrist.id, world.nurse.id],
    )
    services.agenda.add_cases(meeting.id, [world.case_review.id])
    item = services.agenda.items(meeting.id)[0]
    services.meetings.start(meeting.id)
    services.agenda.save_text(
        item.id,
        "proposal",
        "Consultation en CMP <b>rapide</b>",
        expected_version=None,
        previous=None,
    )
    services.decisions.create(
        item.id,
        DecisionDraft(
            description="Rendez-vous au CMP",
            owner_id=world.psychiatrist.id,
            due_on=D + dt.timedelta(days=14),
        ),
    )
    return meeting


def test_the_letter_uses_the_pathway_template(services, world):
    meeting = held_with_proposal(services, world)
    content, _ = services.patient_docs.produce_letter(
        meeting.id, world.case_review.id, build_patient_letter
    )
    pdf = Pdf(content)
    assert "Madame," in pdf.flat
    assert "10/03/2026" in pdf.flat
    assert "Consultation en CMP <b>rapide</b>" in pdf.flat  # printed as typed
    assert "• Rendez-vous au CMP (avant le 24/03/2026)" in pdf.flat
    assert "3114" in pdf.flat  # the mental-health template
    services.patient_docs.set_letter_template(
        Pathway.MENTAL_HEALTH, "{civilite},\nProposition : {proposition}\n{signataire} {cpts}"
    )
    pdf = Pdf(build_patient_letter(services.patient_docs.letter(meeting.id, world.case_review.id)))
    assert "Proposition : Consultation en CMP" in pdf.flat and "3114" not in pdf.flat
    assert "Claire Dupont" in pdf.flat
    services.patient_docs.set_letter_template(Pathway.MENTAL_HEALTH, None)
    assert services.patient_docs.is_default_template(Pathway.MENTAL_HEALTH)
    [line] = services.patient_docs.prepared(world.case_review.id)
    assert line.kind is PreparedKind.PATIENT_LETTER and line.meeting_id == meeting.id


@pytest.mark.parametrize(
    "template, words",
    [
        ("", "vide"),
        ("{civilite} " + "x" * 10_000, "trop long"),
        ("Bonjour {nom_inconnu} {patient}", "{nom_inconnu}"),
        (MARKUP + " {script}", "{script}"),
    ],
)
def test_bad_templates_are_refused_and_change_nothing(services, template, words):
    before = services.patient_docs.letter_template(Pathway.ELDERLY)
    with pytest.raises(ValidationError) as error:
        services.patient_docs.set_letter_template(Pathway.ELDERLY, template)
    assert words in error.value.message
    assert services.patient_docs.letter_template(Pathway.ELDERLY) == before


def test_a_value_with_braces_is_never_read_as_a_field(services, world):
    meeting = held_with_proposal(services, world)
    item = services.agenda.items(meeting.id)[0]
    services.agenda.save_text(
        item.id, "proposal", "Voir {patient} et {cpts}", expected_version=None, previous=None
    )
    data = services.patient_docs.letter(meeting.id, world.case_review.id)
    assert "Voir {patient} et {cpts}" in data.body
