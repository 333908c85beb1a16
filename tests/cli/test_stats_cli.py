"""The `stats` command of the headless contract."""

import stat
import sys

import openpyxl
import pytest
from pypdf import PdfReader

from rcp_desktop.cli import main
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def no_tty(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture
def demo_file(demo_path, monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    return demo_path  # a copy of the session's demo base (tests/conftest.py)


def stats(db, *args):
    return main(["stats", "--db", str(db), *args])


def test_stats_writes_each_format_privately(demo_file, tmp_path, capsys):
    for ext in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"aci.{ext}"
        assert (
            stats(demo_file, "--from", "2025-01-01", "--to", "2026-12-31", "--out", str(out)) == 0
        )
        assert "seuil 11" in capsys.readouterr().out
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert (tmp_path / "aci.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    book = openpyxl.load_workbook(tmp_path / "aci.xlsx")
    assert len(book.worksheets) > 5
    text = PdfReader(tmp_path / "aci.pdf").pages[0].extract_text()
    assert "01/01/2025 au 31/12/2026" in text


def test_stats_threshold_option(demo_file, tmp_path, capsys):
    out = tmp_path / "aci.csv"
    assert (
        stats(
            demo_file,
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--out",
            str(out),
            "--threshold",
            "5",
        )
        == 0
    )
    text = out.read_bytes().decode("utf-8-sig")
    assert "Seuil de secret statistique;5" in text
    assert "< 11" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-02-30", "--to", "2025-12-31", "--out", "x.csv"], "date invalide"),
        (["--from", "01/01/2025", "--to", "2025-12-31", "--out", "x.csv"], "date invalide"),
        (["--from", "2025-12-31", "--to", "2025-01-01", "--out", "x.csv"], "Période inversée"),
        (["--from", "2025-01-01", "--to", "2025-12-31", "--out", "x.ods"], "Extension inconnue"),
        (
            ["--from", "2025-01-01", "--to", "2025-12-31", "--out", "x.csv", "--threshold", "1"],
            "--threshold",
        ),
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


def test_stats_without_a_key_exits_3(demo_file, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("RCP_DESKTOP_PASSPHRASE")
    assert (
        stats(
            demo_file,
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--out",
            str(tmp_path / "x.csv"),
        )
        == 3
    )
    assert not (tmp_path / "x.csv").exists()
