"""The `stats` and `exports` commands of the headless contract."""

import datetime as dt
import hashlib
import json
import shutil
import stat
import sys

import openpyxl
import pytest
from pypdf import PdfReader

from rcp_desktop.cli import main
from tests.conftest import PASSPHRASE

# The CLI runs on the real clock: the last calendar year is the one an export may cover.
YEAR = dt.date.today().year - 1


@pytest.fixture(autouse=True)
def no_tty(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture(scope="module")
def cli_demo_template(tmp_path_factory):
    """A 2-year demo base made once through the CLI on the real clock (the shared demo base
    of tests/conftest.py runs on a fixed clock); each test gets a copy."""
    path = tmp_path_factory.mktemp("stats-cli") / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
        mp.setattr(sys.stdin, "isatty", lambda: False, raising=False)
        assert main(["demo-data", "--db", str(path), "--years", "2", "--seed", "3"]) == 0
    return path


@pytest.fixture
def demo_file(cli_demo_template, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "demo.db"
    shutil.copyfile(cli_demo_template, path)
    capsys.readouterr()
    return path


def stats(db, *args):
    return main(["stats", "--db", str(db), *args])


def exports_json(db, capsys):
    capsys.readouterr()
    assert main(["exports", "--db", str(db), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_stats_writes_each_format_privately_and_records_it(demo_file, tmp_path, capsys):
    for ext in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"aci.{ext}"
        assert stats(demo_file, "--year", str(YEAR), "--out", str(out)) == 0
        printed = capsys.readouterr().out
        assert "seuil 11" in printed and "inscrit au registre" in printed
        assert hashlib.sha256(out.read_bytes()).hexdigest() in printed
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert (tmp_path / "aci.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    book = openpyxl.load_workbook(tmp_path / "aci.xlsx")
    assert len(book.worksheets) > 5
    text = PdfReader(tmp_path / "aci.pdf").pages[0].extract_text()
    assert f"01/01/{YEAR} au 31/12/{YEAR}" in text
    records = exports_json(demo_file, capsys)
    assert [r["format"] for r in records] == ["pdf", "xlsx", "csv"]
    for r in records:
        out = tmp_path / r["file_name"]
        assert r["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
        assert (r["period_start"], r["period_end"]) == (f"{YEAR}-01-01", f"{YEAR}-12-31")
        assert r["pathway"] == "*" and r["threshold"] == 11 and r["size"] == out.stat().st_size
        assert r["edition"] == records[0]["edition"]
        assert set(r) >= {"id", "exported_at", "operator", "os_user", "edition_created_at"}
    assert main(["exports", "--db", str(demo_file)]) == 0
    listing = capsys.readouterr().out
    assert listing.count(f"01/01/{YEAR}–31/12/{YEAR}") == 3 and "aci.pdf" in listing


def test_stats_accepts_the_year_as_from_and_to_a_pathway_and_a_higher_threshold(
    demo_file, tmp_path, capsys
):
    out = tmp_path / "usipa.csv"
    args = ["--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31", "--out", str(out)]
    assert stats(demo_file, *args, "--threshold", "15", "--pathway", "usipa") == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert "Seuil de secret statistique;15" in text and "Parcours;USIPA" in text
    assert "Santé mentale" not in text
    # The year is published at 15 now: another threshold needs a new edition.
    assert stats(demo_file, *args, "--threshold", "11") == 1
    assert "déjà publiée au seuil 15" in capsys.readouterr().err
    assert stats(demo_file, *args, "--threshold", "11", "--new-edition") == 0
    assert [r["threshold"] for r in exports_json(demo_file, capsys)] == [11, 15]


def test_the_exports_register_of_a_new_base_is_empty(demo_file, capsys):
    assert exports_json(demo_file, capsys) == []
    assert main(["exports", "--db", str(demo_file)]) == 0
    assert "Aucun export" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-02-30", "--to", "2025-12-31", "--out", "x.csv"], "date invalide"),
        (["--from", "01/01/2025", "--to", "2025-12-31", "--out", "x.csv"], "date invalide"),
        (["--from", "2025-12-31", "--to", "2025-01-01", "--out", "x.csv"], "Période inversée"),
        (["--from", "2025-01-01", "--to", "2025-12-30", "--out", "x.csv"], "année civile"),
        (["--from", "2024-01-01", "--to", "2025-12-31", "--out", "x.csv"], "année civile"),
        (["--year", str(YEAR + 1), "--out", "x.csv"], "n'est pas terminée"),
        (["--year", str(YEAR), "--from", "2025-01-01", "--out", "x.csv"], "pas les deux"),
        (["--out", "x.csv"], "Indiquez l'année"),
        (["--year", str(YEAR), "--out", "x.ods"], "Extension inconnue"),
        (["--year", str(YEAR), "--out", "x.csv", "--threshold", "10"], "--threshold"),
        (["--year", str(YEAR), "--out", "x.csv", "--threshold", "2"], "SNDS"),
    ],
)
def test_bad_input_exits_1_with_one_french_line_and_writes_nothing(
    demo_file, tmp_path, capsys, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    assert stats(demo_file, *args) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not list(tmp_path.glob("x.*"))
    assert exports_json(demo_file, capsys) == []


def test_stats_without_a_key_exits_3(demo_file, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("RCP_DESKTOP_PASSPHRASE")
    assert stats(demo_file, "--year", str(YEAR), "--out", str(tmp_path / "x.csv")) == 3
    assert main(["exports", "--db", str(demo_file)]) == 3
    assert not (tmp_path / "x.csv").exists()
