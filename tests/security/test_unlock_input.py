"""Unlocking input (issue 13, item 7): any passphrase bytes — invalid UTF-8, lone surrogates,
100 KB, control characters — get a clear message and exit 3 headless (a new attempt at the
prompt); a wrong key creates no file beside the base and leaves a leftover ``-wal`` as it was."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rcp_desktop import vault
from rcp_desktop.cli import main
from rcp_desktop.models import Patient, Sex
from rcp_desktop.services import Actor
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.storage import Database, DatabaseKey
from tests.conftest import PASSPHRASE
from tests.security.corpus import run_cli, snapshot

HOSTILE_ENV_BYTES = {
    "invalid-utf8": b"phrase \xff\xfe de passe",
    "encoded-surrogate": b"phrase \xed\xa0\x80 de passe",
    "latin1": "une phrase de passe assez longué".encode("latin-1"),  # a latin-1 terminal
}
NOT_TEXT = "n'est pas du texte valide"


def crashed_base(folder: Path, key: DatabaseKey, patients: int = 5) -> Path:
    """A base as a crashed writer leaves it: committed rows still in its ``-wal`` (no
    ``-shm``), copied while the writer had it open."""
    live = folder / "vivante" / "base.db"
    live.parent.mkdir(parents=True)
    db = Database.create(live, key)
    for i in range(patients):
        with db.write(Actor("t", "t")) as s:
            s.add(
                Patient(
                    birth_name=f"WAL{i}",
                    first_names="A",
                    birth_date=dt.date(1970, 1, 1),
                    sex=Sex.FEMALE,
                )
            )
    target = folder / "base.db"
    shutil.copyfile(live, target)
    shutil.copyfile(Path(str(live) + "-wal"), Path(str(target) + "-wal"))
    db.close()
    shutil.rmtree(live.parent)
    return target


@pytest.fixture
def passphrase_base(tmp_path):
    folder = tmp_path / "base"
    folder.mkdir()
    return crashed_base(folder, DatabaseKey.new_from_passphrase(PASSPHRASE))


@pytest.mark.parametrize("name", list(HOSTILE_ENV_BYTES))
def test_passphrase_bytes_that_are_not_text_exit_3_with_a_clear_message(passphrase_base, name):
    before = snapshot(passphrase_base.parent)
    env = {**{k: v for k, v in os.environ.items() if k != "RCP_DESKTOP_PASSPHRASE"}}
    envb = {k.encode(): v.encode("utf-8", "surrogateescape") for k, v in env.items()}
    envb[b"RCP_DESKTOP_PASSPHRASE"] = HOSTILE_ENV_BYTES[name]
    envb[b"QT_QPA_PLATFORM"] = b"offscreen"
    result = subprocess.run(
        [sys.executable, "-m", "rcp_desktop", "sessions", "--db", str(passphrase_base)],
        env=envb,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 3, result.stderr
    assert NOT_TEXT in result.stderr
    assert "Erreur inattendue" not in result.stderr
    assert snapshot(passphrase_base.parent) == before


@pytest.mark.parametrize(
    "secret",
    [
        "x" * 100_000,  # 100 KB
        "phrase\x01\x1b[2J\x7fde passe",  # control characters
        "\u202eessap ed esarhp",  # a right-to-left override
        " " * 20,
        "😀" * 40,
    ],
    ids=["100KB", "control", "bidi", "spaces", "emoji"],
)
def test_long_or_strange_passphrases_are_just_wrong_keys(
    passphrase_base, secret, monkeypatch, capsys
):
    before = snapshot(passphrase_base.parent)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", secret)
    assert main(["sessions", "--db", str(passphrase_base)]) == 3
    err = capsys.readouterr().err
    assert "ne permet pas d'ouvrir" in err and "Erreur inattendue" not in err
    assert snapshot(passphrase_base.parent) == before


class Typed:
    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.notices: list[str] = []

    def prompter(self) -> vault.Prompter:
        return vault.Prompter(secret=lambda: self.answers.pop(0), notice=self.notices.append)


def test_the_prompt_says_what_is_wrong_and_asks_again(passphrase_base, monkeypatch):
    monkeypatch.delenv("RCP_DESKTOP_PASSPHRASE", raising=False)
    before = snapshot(passphrase_base.parent)
    typed = Typed("\ud800 seul", "ctrl\x00\x07", PASSPHRASE)
    key = vault.unlock_key(passphrase_base, typed.prompter())
    assert key is not None
    assert NOT_TEXT in typed.notices[0] and typed.notices[1] == "Clé incorrecte."
    typed = Typed("\udcff", "\ud83d", "\udc80\udc81")
    with pytest.raises(vault.UnlockError, match="Trois essais"):
        vault.unlock_key(passphrase_base, typed.prompter())
    assert all(NOT_TEXT in notice for notice in typed.notices)
    assert snapshot(passphrase_base.parent) == before


def test_a_terminal_sending_bytes_that_are_not_utf8(passphrase_base, monkeypatch, capsys):
    """getpass itself fails to decode: the command says so and asks again."""
    monkeypatch.delenv("RCP_DESKTOP_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter([UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid"), PASSPHRASE])

    def fake_getpass(prompt=""):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    import getpass

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    assert main(["sessions", "--db", str(passphrase_base)]) == 0
    assert NOT_TEXT in capsys.readouterr().err


def test_a_new_passphrase_that_is_not_text_is_refused(tmp_path):
    problems = vault.passphrase_problems("une phrase \udcff assez longue")
    assert problems and NOT_TEXT in problems[0]
    with pytest.raises(RefusedError, match="texte valide"):
        vault.check_new_passphrase("une phrase \udcff assez longue")
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_key_creates_nothing_and_leaves_a_leftover_wal(passphrase_base, actor):
    folder = passphrase_base.parent
    before = snapshot(folder)
    assert set(before) == {"base.db", "base.db-wal"}
    assert vault.open_with_secret(passphrase_base, "pas la bonne phrase du tout", actor) is None
    assert (
        vault.open_with_secret(passphrase_base, DatabaseKey.generate().recovery_code(), actor)
        is None
    )
    assert vault.open_with_keyring(passphrase_base, actor) is None
    with pytest.raises(vault.UnlockError):
        vault.open_base(passphrase_base, DatabaseKey.generate(), vault.Protection.PASSPHRASE, actor)
    result = run_cli(
        ["check", "--db", str(passphrase_base)],
        {"RCP_DESKTOP_PASSPHRASE": "pas la bonne phrase du tout"},
    )
    assert result.returncode == 3, result.stderr
    assert snapshot(folder) == before  # no -shm, the -wal byte for byte
    # The control: the right key replays the leftover -wal (the committed rows survive).
    opened = vault.open_with_secret(passphrase_base, PASSPHRASE, actor)
    assert opened is not None
    with opened.db.read() as s:
        assert s.scalar(select(func.count(Patient.id))) == 5
    opened.close()
