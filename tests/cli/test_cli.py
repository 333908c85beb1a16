"""The headless-command contract: outputs and exit codes."""

import hashlib
import json
import os
import subprocess
import sys

import pytest

from rcp_desktop.cli import main
from tests.conftest import PASSPHRASE


@pytest.fixture
def env_passphrase(monkeypatch):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)


@pytest.fixture(autouse=True)
def no_tty(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_file(demo_path, env_passphrase):
    return demo_path  # a copy of the session's demo base (tests/conftest.py)


def test_init_creates_an_encrypted_database_and_refuses_an_existing_one(
    tmp_path, env_passphrase, capsys
):
    path = tmp_path / "new.db"
    assert main(["init", "--db", str(path)]) == 0
    assert "Base créée" in capsys.readouterr().out
    assert not path.read_bytes().startswith(b"SQLite format 3")
    before = sha(path)
    assert main(["init", "--db", str(path)]) == 1
    assert "existe déjà" in capsys.readouterr().err
    assert sha(path) == before


def test_init_with_a_weak_passphrase_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", "court")
    assert main(["init", "--db", str(tmp_path / "x.db")]) == 1
    assert "au moins" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_init_without_any_key_source_exits_3(tmp_path, capsys):
    assert main(["init", "--db", str(tmp_path / "x.db")]) == 3
    assert "Aucune source de clé" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_init_uses_the_keyring_when_a_trusted_one_exists(tmp_path, fake_keyring, capsys):
    path = tmp_path / "k.db"
    assert main(["init", "--db", str(path), "--show-recovery-code"]) == 0
    out = capsys.readouterr().out
    assert "trousseau" in out
    (secret,) = fake_keyring.store.values()
    assert secret.startswith("raw:")
    # Later commands unlock silently with the keyring entry.
    assert main(["sessions", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_demo_data_creates_a_base_the_other_commands_open(tmp_path, env_passphrase, capsys):
    path = tmp_path / "demo.db"
    assert main(["demo-data", "--db", str(path), "--years", "1", "--seed", "5"]) == 0
    assert "Données fictives :" in capsys.readouterr().out
    assert main(["sessions", "--db", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)


def test_sessions_json_follows_the_contract(demo_file, env_passphrase, capsys):
    assert main(["sessions", "--db", str(demo_file), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    for row in rows:
        assert {"id", "date", "pathway", "status", "cases"} <= row.keys()
        assert isinstance(row["id"], int) and isinstance(row["cases"], int)
    assert {r["status"] for r in rows} >= {"validated", "planned"}
    assert any(r["cases"] > 0 for r in rows)


def test_sessions_human_output(demo_file, env_passphrase, capsys):
    assert main(["sessions", "--db", str(demo_file)]) == 0
    assert "dossier(s)" in capsys.readouterr().out


def test_wrong_passphrase_exits_3_and_changes_nothing(demo_file, monkeypatch, capsys):
    before = sha(demo_file)
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", "ce n'est pas la bonne phrase")
    for command in (["sessions"], ["check"], ["export", "--out", str(demo_file.parent / "x.json")]):
        assert main([command[0], "--db", str(demo_file), *command[1:]]) == 3
    err = capsys.readouterr().err
    assert "ne permet pas d'ouvrir" in err and "hmac" not in err.lower()
    assert sha(demo_file) == before
    assert not (demo_file.parent / "x.json").exists()


def test_no_key_available_exits_3(demo_file, monkeypatch, capsys):
    monkeypatch.delenv("RCP_DESKTOP_PASSPHRASE")
    assert main(["sessions", "--db", str(demo_file)]) == 3
    assert "Aucune clé" in capsys.readouterr().err


def test_check_passes_then_detects_tampering_with_exit_4(demo_file, env_passphrase, capsys):
    assert main(["check", "--db", str(demo_file)]) == 0
    assert "Base intègre" in capsys.readouterr().out
    import sqlcipher3

    from rcp_desktop.storage import keys

    (key,) = keys.candidate_keys(PASSPHRASE, demo_file)
    conn = sqlcipher3.connect(str(demo_file))
    conn.execute(f'PRAGMA key = "{key.pragma_value()}"')
    conn.execute("UPDATE decision SET description = 'modifié en douce' WHERE id = 1")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(demo_file)]) == 4
    assert "decision n° 1" in capsys.readouterr().out


def test_export_writes_private_json_with_every_table(demo_file, env_passphrase, capsys, tmp_path):
    out = tmp_path / "export.json"
    assert main(["export", "--db", str(demo_file), "--out", str(out)]) == 0
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "rcp-desktop-export"
    assert data["tables"]["patient"] and data["tables"]["meeting"] and data["tables"]["audit_entry"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_refused_inputs_exit_1(demo_file, env_passphrase, capsys, tmp_path):
    assert main(["export", "--db", str(demo_file), "--out", str(tmp_path / "nope" / "x.json")]) == 1
    assert main(["sessions", "--db", str(tmp_path / "absent.db")]) == 1
    assert main(["demo-data", "--db", str(demo_file), "--years", "99"]) == 1
    err = capsys.readouterr().err
    assert "introuvable" in err and "entre 1 et 30" in err


def test_demo_data_sizes_are_the_generators(capsys):
    """--size offers the generator's sizes by name (the large one is built in bench/, not
    here: it takes minutes); an unknown size is a usage error."""
    from rcp_desktop.cli import build_parser
    from rcp_desktop.cli.core import DEMO_SIZES
    from rcp_desktop.services import demo

    assert set(DEMO_SIZES) == set(demo.SIZES)
    args = build_parser().parse_args(["demo-data", "--db", "x.db", "--size", "large"])
    assert args.size == "large"
    with pytest.raises(SystemExit) as exc:
        main(["demo-data", "--db", "x.db", "--size", "huge"])
    assert exc.value.code == 2
    assert "huge" in capsys.readouterr().err


def test_the_stats_parser_values_are_the_services():
    """cli/stats.py builds its parser without importing the statistics: its copies agree."""
    from rcp_desktop.cli import stats
    from rcp_desktop.models import Pathway
    from rcp_desktop.services.statistics import ALL
    from rcp_desktop.services.statistics.periods import EXPORT_MIN_THRESHOLD

    assert stats.ALL == ALL and stats.EXPORT_MIN_THRESHOLD == EXPORT_MIN_THRESHOLD
    assert [ALL, *(p.value for p in Pathway)] == stats.PATHWAY_CODES


HEAVY = (
    "sqlalchemy",
    "sqlcipher3",
    "alembic",
    "PySide6",
    "reportlab",
    "keyring",
    "xlsxwriter",
    "PIL",
    "highspy",
)


def test_version_and_help_import_no_command_dependency():
    """Building the parser (for --version, --help, a usage error) imports neither the database,
    Qt, nor the document writers: each command imports what it needs when it runs. Speed is
    measured in bench/; this checks the cause."""
    code = (
        "import sys, contextlib, io\n"
        "from rcp_desktop.cli import main\n"
        "for argv in (['--version'], ['--help'], ['stats', '--help'], ['import-directory',"
        " '--help'], ['report', '--help'], ['patient-plan', '--help'], ['requests', '--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main(argv)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out.strip().replace("'", '"')))
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_parser_constants_agree_with_their_sources():
    from rcp_desktop import vault
    from rcp_desktop.cli.directory import IMPORT_FORMATS
    from rcp_desktop.cli.security import NEW_PASSPHRASE_ENV
    from rcp_desktop.services.directory_import import ImportFormat

    assert NEW_PASSPHRASE_ENV == vault.NEW_PASSPHRASE_ENV
    assert set(IMPORT_FORMATS) == {f.value for f in ImportFormat}


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["sessions"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2


def test_module_entry_point_runs_in_a_subprocess(demo_file, tmp_path):
    env = dict(os.environ, RCP_DESKTOP_PASSPHRASE=PASSPHRASE)
    done = subprocess.run(
        [sys.executable, "-m", "rcp_desktop", "sessions", "--db", str(demo_file), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)
    bad = subprocess.run(
        [sys.executable, "-m", "rcp_desktop", "check", "--db", str(demo_file)],
        capture_output=True,
        text=True,
        env=dict(env, RCP_DESKTOP_PASSPHRASE="mauvaise phrase !!"),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert bad.returncode == 3
    assert bad.stderr.strip().count("\n") == 0 and "ERROR CORE" not in bad.stderr
