"""indemnities: the accountant's CSV and the annual statements without a window, on a base with
known attendance (tests/year/indemnity_world.py)."""

import csv
import io
import stat
import sys

import pypdf
import pytest

from rcp_desktop.cli import main
from rcp_desktop.services import Actor, Services
from rcp_desktop.storage import Database
from rcp_desktop.storage.keys import DatabaseKey
from tests.conftest import PASSPHRASE, TODAY
from tests.year import indemnity_world


@pytest.fixture(autouse=True)
def env(monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture
def base(tmp_path):
    path = tmp_path / "year.db"
    database = Database.create(path, DatabaseKey.new_from_passphrase(PASSPHRASE))
    world = indemnity_world.build(Services(database, Actor("t", "Dr Test"), lambda: TODAY))
    database.close()
    return path, world


def run(path, *args):
    return main(["indemnities", "--db", str(path), *args])


def test_csv_and_statements_are_written_privately(base, tmp_path, capsys):
    path, world = base
    out = tmp_path / "compta.csv"
    folder = tmp_path / "releves"
    folder.mkdir()
    assert run(path, "--year", "2025", "--csv", str(out), "--statements", str(folder)) == 0
    printed = capsys.readouterr().out
    assert "2 relevé(s) écrit(s)" in printed and "Plafond atteint : Claire Dupont" in printed
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(out.read_bytes()[3:].decode()), delimiter=";"))
    assert [r[0] for r in rows[2:]] == ["Dupont", "Petit", "Total"]
    files = sorted(p.name for p in folder.iterdir())
    assert files == [
        f"releve-2025-dupont-claire-{world.gp.id}.pdf",
        f"releve-2025-petit-sonia-{world.nurse.id}.pdf",
    ]
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(folder / files[1]).pages).split()
    assert "3 h 45" in " ".join(text)


def test_one_professional_and_bad_input(base, tmp_path, capsys):
    path, world = base
    assert (
        run(
            path,
            "--year",
            "2025",
            "--statements",
            str(tmp_path),
            "--professional",
            str(world.nurse.id),
        )
        == 0
    )
    assert [p.name for p in tmp_path.glob("releve-*.pdf")] == [
        f"releve-2025-petit-sonia-{world.nurse.id}.pdf"
    ]
    capsys.readouterr()
    assert run(path, "--year", "2025") == 1
    assert "Indiquez --csv" in capsys.readouterr().err
    assert run(path, "--year", "2025", "--csv", str(tmp_path / "x.txt")) == 1
    assert run(path, "--year", "2025", "--csv", str(tmp_path / "nope" / "x.csv")) == 1
    assert (
        run(
            path,
            "--year",
            "2025",
            "--statements",
            str(tmp_path),
            "--professional",
            str(world.psychologist.id),
        )
        == 1
    )
    assert "aucune séance" in capsys.readouterr().err
    assert not (tmp_path / "x.txt").exists()


def test_report_is_written_and_recorded(base, tmp_path, capsys):
    path, _world = base
    out = tmp_path / "rapport.pdf"
    assert main(["report", "--db", str(path), "--year", "2025", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Rapport annuel écrit" in printed and "inscrit au registre" in printed
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    assert "Rapport annuel d'activité 2025" in text and "Séances tenues" in text
    assert main(["exports", "--db", str(path), "--json"]) == 0
    assert '"file_name": "rapport.pdf"' in capsys.readouterr().out
    # A year not over, an unknown extension: refused, nothing written.
    assert (
        main(["report", "--db", str(path), "--year", "2030", "--out", str(tmp_path / "f.pdf")]) == 1
    )
    assert (
        main(["report", "--db", str(path), "--year", "2025", "--out", str(tmp_path / "f.doc")]) == 1
    )
    assert not (tmp_path / "f.pdf").exists() and not (tmp_path / "f.doc").exists()
