"""Every headless command against every hostile file of the corpus (issue 13, items 6 and 8):
the exit code, the words of the message, and the bytes of the base and of its side files,
before and after. Nothing ends in "Erreur inattendue", nothing says "phrase de passe" unless the
key is wrong, nothing is created beside the file but, once the key is known good, its lock."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from rcp_desktop.cli import main
from rcp_desktop.models import AgendaItem
from rcp_desktop.storage import Database
from tests.security.corpus import VARIANTS, snapshot, without_locks

DATA = Path(__file__).resolve().parents[1] / "data" / "liste-cpts-exemple.csv"
NEW = "une toute nouvelle phrase de passe"


def commands(db: Path, out: Path, session: int = 1, case: int = 1) -> dict[str, list[str]]:
    return {
        "sessions": ["sessions", "--db", str(db)],
        "sessions-json": ["sessions", "--db", str(db), "--json"],
        "check": ["check", "--db", str(db)],
        "export": ["export", "--db", str(db), "--out", str(out / "export.json")],
        "backup": ["backup", "--db", str(db), "--out", str(out / "copie.rcpbak")],
        "rekey": ["rekey", "--db", str(db)],
        "minutes": [
            *("minutes", "--db", str(db), "--session", str(session)),
            *("--out", str(out / "cr.pdf")),
        ],
        "case-sheet": [
            *("case-sheet", "--db", str(db), "--session", str(session), "--case", str(case)),
            *("--out", str(out / "fiche.pdf")),
        ],
        "stats": [
            *("stats", "--db", str(db), "--from", "2025-01-01", "--to", "2025-12-31"),
            *("--out", str(out / "stats.csv")),
        ],
        "demo-data": ["demo-data", "--db", str(db), "--years", "1"],
        "import-directory": ["import-directory", "--db", str(db), "--file", str(DATA)],
        "restore-from": ["restore", "--backup", str(db), "--db", str(out / "restauree.db")],
        "init": ["init", "--db", str(db)],
    }


COMMAND_NAMES = list(commands(Path("b"), Path("o")))


@pytest.fixture(autouse=True)
def headless(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setenv("RCP_DESKTOP_NEW_PASSPHRASE", NEW)


@pytest.fixture
def sound(demo_template, tmp_path, monkeypatch):
    source, key = demo_template
    folder = tmp_path / "sain"
    folder.mkdir()
    copy = folder / "base.db"
    shutil.copyfile(source, copy)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", key.recovery_code())
    return copy


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("command", COMMAND_NAMES)
def test_every_command_on_every_hostile_file(sound, tmp_path, capsys, command, variant):
    spec = VARIANTS[variant]
    folder, out = tmp_path / "base", tmp_path / "sortie"
    folder.mkdir()
    out.mkdir()
    path = folder / "base.db"
    spec.make(sound, path)
    before = snapshot(folder)
    capsys.readouterr()
    code = main(commands(path, out)[command])
    captured = capsys.readouterr()
    err = captured.err + (captured.out if command == "check" else "")  # check reports on stdout
    expected = 1 if command == "init" else spec.code
    words = ("existe déjà",) if command == "init" else spec.words
    assert code == expected, err
    assert "Erreur inattendue" not in err and "Traceback" not in err
    assert "phrase de passe" not in err.lower(), err
    for word in words:
        assert word in err, err
    after = snapshot(folder)
    if spec.key_opens and command != "init":
        assert without_locks(after) == without_locks(before)
    else:
        assert after == before  # not even a lock file beside it
    assert not [p for p in snapshot(out) if not p.endswith(".lock")]  # no output written


def test_a_sound_copy_passes_every_command_the_corpus_refuses(
    sound, demo_template, tmp_path, capsys, monkeypatch
):
    """The control: the same commands on the sound base do their work (so the refusals above
    come from the damage, not from the command lines)."""
    out = tmp_path / "sortie"
    out.mkdir()
    _source, key = demo_template
    db = Database.open(sound, key)
    with db.read() as s:
        item = s.scalars(select(AgendaItem).order_by(AgendaItem.id)).first()
        session, case = item.meeting_id, item.case_id
    db.close()
    for name, args in commands(sound, out, session, case).items():
        if name in {"init", "demo-data", "rekey"}:
            continue
        assert main(args) == 0, (name, capsys.readouterr().err)
    assert main(["rekey", "--db", str(sound)]) == 0
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", NEW)
    assert main(["check", "--db", str(sound)]) == 0
