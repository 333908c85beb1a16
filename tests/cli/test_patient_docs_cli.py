"""patient-plan, patient-letter, case-sheet-cda, gp-message and --pdfa: the headless
counterparts of the patient's and the record's documents, on the demo base (which shows them)."""

from __future__ import annotations

import email
import stat
import sys
from email import policy

import pytest
from sqlalchemy import select

from rcp_desktop.cli import main
from rcp_desktop.models import (
    CaseFile,
    CrisisPlanVersion,
    Pathway,
    PreparedDocument,
    PreparedKind,
)
from rcp_desktop.reports.cda import cda_problems, embedded_pdf
from rcp_desktop.reports.pdfa import pdfa_problems
from rcp_desktop.services import Actor, Services
from rcp_desktop.storage import Database
from tests.conftest import PASSPHRASE, TODAY
from tests.reports.factory import Pdf


@pytest.fixture(autouse=True)
def env(monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


def demo_facts(demo_path, demo_template):
    """What the demo prepared (its GP message: a session and a case whose GP has a secure
    address), a case with a crisis plan and one without."""
    db = Database.open(demo_path, demo_template[1])
    try:
        with db.read() as s:
            message = s.scalar(
                select(PreparedDocument).where(PreparedDocument.kind == PreparedKind.GP_MESSAGE)
            )
            kinds = set(s.scalars(select(PreparedDocument.kind)))
            with_plan = s.scalar(
                select(CaseFile.number).join(CrisisPlanVersion).order_by(CaseFile.id).limit(1)
            )
            without_plan = s.scalar(
                select(CaseFile.number)
                .where(~CaseFile.crisis_plans.any())
                .order_by(CaseFile.id)
                .limit(1)
            )
            return message.meeting_id, message.case_id, kinds, with_plan, without_plan
    finally:
        db.close()


def run(*args) -> int:
    return main([str(a) for a in args])


def test_the_demo_shows_the_prepared_documents(demo_path, demo_template):
    *_ids, kinds, _with, _without = demo_facts(demo_path, demo_template)
    assert {
        PreparedKind.PATIENT_CRISIS_PLAN,
        PreparedKind.PATIENT_LETTER,
        PreparedKind.GP_MESSAGE,
    } <= kinds
    db = Database.open(demo_path, demo_template[1])
    try:
        services = Services(db, Actor("t", "t"), lambda: TODAY)
        assert not services.patient_docs.is_default_template(Pathway.TND)
    finally:
        db.close()


def test_every_document_from_the_command_line(demo_path, demo_template, tmp_path, capsys):
    meeting_id, case_id, _kinds, with_plan, _without = demo_facts(demo_path, demo_template)
    db = ("--db", demo_path)
    out = tmp_path / "plan.pdf"
    assert (
        run(
            "patient-plan",
            *db,
            "--case",
            with_plan,
            "--holder",
            "Le patient",
            "--holder",
            "<b>Pharmacie</b>",
            "--out",
            out,
        )
        == 0
    )
    text = Pdf(out.read_bytes()).flat
    assert "Mon plan en cas de crise" in text and "☐ <b>Pharmacie</b>" in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    letter = tmp_path / "courrier.pdf"
    assert (
        run("patient-letter", *db, "--session", meeting_id, "--case", case_id, "--out", letter) == 0
    )
    text = Pdf(letter.read_bytes()).flat
    assert "Suite à la RCP du" in text and "{" not in text  # every field filled in
    cda = tmp_path / "fiche.xml"
    assert run("case-sheet-cda", *db, "--session", meeting_id, "--case", case_id, "--out", cda) == 0
    assert cda_problems(cda.read_bytes()) == []
    assert pdfa_problems(embedded_pdf(cda.read_bytes())) == []
    eml = tmp_path / "message.eml"
    assert run("gp-message", *db, "--session", meeting_id, "--case", case_id, "--out", eml) == 0
    printed = capsys.readouterr().out
    assert "mssante.fr>" in printed and "À envoyer depuis votre messagerie sécurisée" in printed
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].domain.endswith("mssante.fr")
    assert len(list(message.iter_attachments())) == 2
    for command, target in (("minutes", tmp_path / "cr.pdf"), ("case-sheet", tmp_path / "f.pdf")):
        extra = ("--case", case_id) if command == "case-sheet" else ()
        assert run(command, *db, "--session", meeting_id, *extra, "--out", target, "--pdfa") == 0
        assert pdfa_problems(target.read_bytes()) == []
    capsys.readouterr()
    with pytest.raises(SystemExit):
        run("minutes", "--help")
    assert "--pdfa" in capsys.readouterr().out


def test_refusals_exit_1_with_one_french_line_and_write_nothing(
    demo_path, demo_template, tmp_path, capsys
):
    meeting_id, _case_id, _kinds, with_plan, without_plan = demo_facts(demo_path, demo_template)
    db = ("--db", demo_path)
    out = tmp_path / "x.pdf"
    assert run("patient-plan", *db, "--case", without_plan, "--out", out) == 1
    err = capsys.readouterr().err
    assert "pas de plan de crise" in err and err.count("\n") == 1
    assert (
        run("patient-plan", *db, "--case", with_plan, "--holder", "x" * 10_000, "--out", out) == 1
    )
    assert "200 caractères au plus" in capsys.readouterr().err
    assert run("patient-plan", *db, "--case", with_plan, "--version", 99, "--out", out) == 1
    assert "Version 99 introuvable" in capsys.readouterr().err
    assert (
        run(
            "gp-message",
            *db,
            "--session",
            meeting_id,
            "--case",
            999999,
            "--out",
            tmp_path / "m.eml",
        )
        == 1
    )
    assert "Dossier introuvable" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "m.eml").exists()
    assert run("patient-letter", *db, "--session", 999999, "--case", 1, "--out", out) == 1
    assert "Séance introuvable" in capsys.readouterr().err
