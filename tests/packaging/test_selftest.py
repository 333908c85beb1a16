"""`rcp-desktop --self-test`: what an installed copy runs to prove itself without a screen."""

import io
import os
import subprocess
import sys
import tempfile

import pytest

from rcp_desktop import paths, selftest
from rcp_desktop.cli import main
from rcp_desktop.reports import pdf_base
from rcp_desktop.storage import migrate


def test_self_test_passes_in_a_fresh_process_without_a_screen(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    env["TMPDIR"] = str(scratch)
    result = subprocess.run(
        [sys.executable, "-m", "rcp_desktop", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["ok", "ok", "ok"]
    assert "base chiffrée" in lines[0] and "mauvaise clé refusée" in lines[0]
    assert "document PDF" in lines[1]
    assert "plateforme offscreen" in lines[2]  # chosen by the self-test itself
    assert lines[-1] == "Autotest réussi."
    assert list(scratch.iterdir()) == []  # the temporary database folder is gone


@pytest.fixture
def private_tmp(monkeypatch, tmp_path):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_bundle_without_its_migrations_fails_the_database_check(
    monkeypatch, tmp_path, private_tmp
):
    empty = tmp_path / "no-migrations"
    empty.mkdir()
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", empty)
    out = io.StringIO()
    assert selftest.run(["database"], out=out) == selftest.EXIT_FAILED
    text = out.getvalue()
    assert text.startswith("ÉCHEC  base chiffrée : ")
    assert "1 vérification(s) en échec" in text
    assert list(private_tmp.iterdir()) == []


def test_a_bundle_without_its_fonts_fails_the_pdf_check(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_base, "resources_dir", lambda: tmp_path)
    monkeypatch.setattr(pdf_base, "_registered", False)
    out = io.StringIO()
    assert selftest.run(["pdf"], out=out) == selftest.EXIT_FAILED
    assert out.getvalue().startswith("ÉCHEC  document PDF : ")


def test_the_database_and_pdf_checks_pass_in_process(private_tmp):
    out = io.StringIO()
    assert selftest.run(["database", "pdf"], out=out) == selftest.EXIT_OK
    assert [line.split()[0] for line in out.getvalue().splitlines()] == ["ok", "ok", "Autotest"]
    assert list(private_tmp.iterdir()) == []


def test_self_test_combines_with_no_command(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--self-test", "init", "--db", str(tmp_path / "x.db")])
    assert exc.value.code == 2
    assert "--self-test" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_resources_are_found_inside_a_frozen_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_resources_hold_what_the_self_test_checks():
    resources = paths.resources_dir()
    assert (resources / "style.qss").is_file()
    assert (resources / "icons" / f"{selftest.ICON_NAME}.svg").is_file()
    assert (resources / "icons" / f"{selftest.ICON_NAME}-256.png").is_file()
