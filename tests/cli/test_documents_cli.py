"""minutes and case-sheet: the headless contract (outputs, exit codes, private files)."""

import io
import json
import re
import stat
import sys

import pypdf
import pytest

from rcp_desktop.cli import main
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def env(monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture
def demo_file(demo_path):
    return demo_path  # a copy of the session's demo base (tests/conftest.py)


def sessions(path, capsys):
    assert main(["sessions", "--db", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def text_of(path):
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split()), reader


def test_minutes_named_and_pseudonymised(demo_file, tmp_path, capsys):
    session = next(
        s for s in sessions(demo_file, capsys) if s["status"] == "validated" and s["cases"] >= 3
    )
    out = tmp_path / "cr.pdf"
    assert (
        main(
            ["minutes", "--db", str(demo_file), "--session", str(session["id"]), "--out", str(out)]
        )
        == 0
    )
    assert "Compte rendu écrit" in capsys.readouterr().out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    named, reader = text_of(out)
    assert "Compte rendu de séance" in named and "L1110-4" in named
    assert f"1 / {len(reader.pages)}" in named
    pseudo_out = tmp_path / "cr-pseudo.pdf"
    assert (
        main(
            [
                "minutes",
                "--db",
                str(demo_file),
                "--session",
                str(session["id"]),
                "--out",
                str(pseudo_out),
                "--pseudonymise",
            ]
        )
        == 0
    )
    pseudo, _ = text_of(pseudo_out)
    assert "pseudonymisé" in pseudo and "Situation " in pseudo
    # The patients named in the case headings of the plain minutes are absent here.
    # (birth name and first names, then the used name when it differs)
    headings = re.findall(r"\d+\. ([A-ZÀ-Ý' -]{2,}) [A-ZÀ-Ý][a-zà-ÿ]+[^—\n]* — ", named)
    assert len(headings) >= 1
    # A patient's surname a participant also bears (the demo draws both from one list) stays
    # in the participants' list, as the participant's.
    participants = named.split("Situations discutées")[0]
    for name in headings:
        if name.strip() in participants:
            continue
        assert name not in pseudo


def test_case_sheet_by_id_and_by_number(demo_file, tmp_path, capsys):
    from rcp_desktop.services import Actor, Services
    from rcp_desktop.services.documents import DocumentService
    from rcp_desktop.storage import Database
    from rcp_desktop.storage.engine import key_for_secret

    session = next(
        s for s in sessions(demo_file, capsys) if s["status"] == "validated" and s["cases"]
    )
    db = Database.open(demo_file, key_for_secret(demo_file, PASSPHRASE))
    try:
        choice = DocumentService(Services(db, Actor("t", "T")).ctx).agenda_choices(session["id"])[0]
    finally:
        db.close()
    out = tmp_path / "fiche.pdf"
    args = [
        "case-sheet",
        "--db",
        str(demo_file),
        "--session",
        str(session["id"]),
        "--out",
        str(out),
    ]
    assert main(args + ["--case", str(choice.case_id)]) == 0
    text, _ = text_of(out)
    assert "Fiche RCP" in text and choice.case_number in text and choice.patient.split()[0] in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.unlink()
    assert main(args + ["--case", choice.case_number]) == 0
    assert out.exists()


def test_refusals_exit_1_with_one_french_line(demo_file, tmp_path, capsys):
    session = next(s for s in sessions(demo_file, capsys) if s["cases"])
    out = tmp_path / "x.pdf"
    assert main(["minutes", "--db", str(demo_file), "--session", "999999", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Séance introuvable" in err and err.count("\n") == 1
    assert (
        main(
            [
                "case-sheet",
                "--db",
                str(demo_file),
                "--session",
                str(session["id"]),
                "--case",
                "999999",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "n'est pas à l'ordre du jour" in err and err.count("\n") == 1
    assert (
        main(
            [
                "case-sheet",
                "--db",
                str(demo_file),
                "--session",
                str(session["id"]),
                "--case",
                "1999-9999",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert "Dossier introuvable" in capsys.readouterr().err
    assert (
        main(
            [
                "minutes",
                "--db",
                str(demo_file),
                "--session",
                str(session["id"]),
                "--out",
                str(tmp_path / "missing" / "x.pdf"),
            ]
        )
        == 1
    )
    assert "Dossier inexistant" in capsys.readouterr().err
    assert not out.exists()


def test_usage_errors_exit_2(demo_file, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["minutes", "--db", str(demo_file), "--session", "abc", "--out", "x.pdf"])
    assert exc.value.code == 2


def test_a_wrong_key_exits_3(demo_file, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", "pas la bonne phrase du tout")
    assert (
        main(
            ["minutes", "--db", str(demo_file), "--session", "1", "--out", str(tmp_path / "x.pdf")]
        )
        == 3
    )
    assert not (tmp_path / "x.pdf").exists()


def test_pseudonymised_minutes_list_what_remains_on_stderr_and_mask_more(tmp_path, capsys):
    """The review on the command line: what still looks like an identifier goes to stderr,
    --mask masks it; every file made is in the document register with its SHA-256."""
    import hashlib

    from rcp_desktop.models import DocumentAction, DocumentKind
    from rcp_desktop.services import Actor, Services
    from rcp_desktop.services.documents import DocumentRegister
    from rcp_desktop.storage import Database
    from rcp_desktop.storage.engine import key_for_secret
    from tests.reports.pseudonymised_world import build

    path = tmp_path / "base.db"
    assert main(["init", "--db", str(path)]) == 0
    db = Database.open(path, key_for_secret(path, PASSPHRASE))
    try:
        text = "Vue avec sa voisine Léonie Grandcolas ; badge 4471982."
        world = build(Services(db, Actor("t", "T")), text=text, chunked=False)
    finally:
        db.close()
    capsys.readouterr()
    out = tmp_path / "cr.pdf"
    args = ["minutes", "--db", str(path), "--session", str(world.meeting_id), "--out", str(out)]
    assert main([*args, "--pseudonymise"]) == 0
    err = capsys.readouterr().err
    assert "À relire" in err and "« Léonie Grandcolas »" in err and "« 4471982 »" in err
    assert "Situation A" in err  # where it stands
    first, _ = text_of(out)
    assert "Grandcolas" in first
    assert main([*args, "--pseudonymise", "--mask", "Grandcolas", "--mask", "4471982"]) == 0
    err = capsys.readouterr().err
    assert "Grandcolas" not in err and "4471982" not in err
    second, _ = text_of(out)
    assert "Grandcolas" not in second and "4471982" not in second
    assert main([*args, "--mask", "x"]) == 1  # --mask needs --pseudonymise
    db = Database.open(path, key_for_secret(path, PASSPHRASE))
    try:
        records = DocumentRegister(Services(db, Actor("t", "T")).ctx).records(world.meeting_id)
    finally:
        db.close()
    assert [(r.kind, r.action, r.pseudonymised) for r in records] == [
        (DocumentKind.MINUTES, DocumentAction.PRODUCED, True),
        (DocumentKind.MINUTES, DocumentAction.SAVED, True),
    ] * 2
    assert records[-1].sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert records[-1].produced_id == records[-2].id
    assert records[0].labels == (
        ("Situation A", world.case_id),
        ("Situation B", world.listed_case_id),
    )
