"""request-form, import-request, requests: the headless contract (files, exit codes, nothing
recorded for a refused form)."""

import io
import json
import stat
import sys

import pypdf
import pytest

from rcp_desktop.cli import main
from tests.conftest import PASSPHRASE
from tests.request_forms import GOOD, filled_form


@pytest.fixture(autouse=True)
def env(monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture
def base(tmp_path, capsys):
    path = tmp_path / "rcp.db"
    assert main(["init", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def queue(base, capsys, *extra):
    assert main(["requests", "--db", str(base), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_blank_form_then_import_of_the_filled_form(base, tmp_path, capsys):
    blank = tmp_path / "formulaire.pdf"
    assert main(["request-form", "--db", str(base), "--out", str(blank)]) == 0
    assert "Formulaire vierge écrit" in capsys.readouterr().out
    assert stat.S_IMODE(blank.stat().st_mode) == 0o600
    fields = pypdf.PdfReader(io.BytesIO(blank.read_bytes())).get_fields()
    assert "birth_name" in fields and "question" in fields
    filled = tmp_path / "rempli.pdf"
    filled.write_bytes(filled_form(GOOD, blank.read_bytes()))
    assert main(["import-request", "--db", str(base), "--file", str(filled), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["number"].startswith("D")
    assert row["status"] == "new" and row["pathway"] == "elderly" and row["source"] == "form"
    assert [r["id"] for r in queue(base, capsys)] == [row["id"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a pdf at all", "n'est pas un PDF"),
        (b"%PDF-1.4\n%%garbage", "endommagé"),
        (None, "Caractères refusés dans un nom"),
    ],
)
def test_a_bad_form_exits_1_with_one_line_and_records_nothing(
    base, tmp_path, capsys, content, message
):
    path = tmp_path / "bad.pdf"
    path.write_bytes(
        content if content is not None else filled_form(dict(GOOD, birth_name="<b>Durand</b>"))
    )
    assert main(["import-request", "--db", str(base), "--file", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert queue(base, capsys, "--all") == []


def test_missing_file_and_locked_base(base, tmp_path, capsys, monkeypatch):
    assert main(["import-request", "--db", str(base), "--file", str(tmp_path / "x.pdf")]) == 1
    assert "introuvable" in capsys.readouterr().err
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", "pas la bonne phrase de passe")
    path = tmp_path / "f.pdf"
    path.write_bytes(filled_form(GOOD))
    assert main(["import-request", "--db", str(base), "--file", str(path)]) == 3
