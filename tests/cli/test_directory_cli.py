"""The import-directory command: outputs, the default territory, and the exit-code contract."""

import hashlib
import sys

import pytest

from rcp_desktop.cli import main
from tests import annuaire_files as af
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def no_tty(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)


@pytest.fixture
def base(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "rcp.db"
    assert main(["init", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def run(db, *args):
    return main(["import-directory", "--db", str(db), *args])


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_then_reimport(base, tmp_path, capsys):
    sample = af.write_annuaire(tmp_path / "a.txt", af.sample_rows())
    territory = "Athis-Mons, Juvisy-sur-Orge, Viry-Châtillon, Savigny-sur-Orge, Morangis, Paray-Vieille-Poste"
    assert run(base, "--file", str(sample), "--territory", territory, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "À importer : 10 ajout(s)" in out and "rien n'a été enregistré" in out
    report = tmp_path / "rapport.csv"
    assert run(base, "--file", str(sample), "--territory", territory, "--report", str(report)) == 0
    out = capsys.readouterr().out
    assert "10 ajouté(s)" in out and "Hors du territoire choisi : 2" in out
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")
    # Without --territory, an extraction is restricted to the communes already in the directory.
    assert run(base, "--file", str(sample)) == 0
    out = capsys.readouterr().out
    assert "Territoire : Athis-Mons" in out and "10 inchangé(s)" in out
    # A CPTS list is not restricted by default.
    csv_path = af.write_cpts_csv(tmp_path / "cpts.csv")
    assert run(base, "--file", str(csv_path)) == 0
    out = capsys.readouterr().out
    assert "Territoire : tout le fichier." in out and "4 ajouté(s), 1 mis à jour" in out


@pytest.mark.parametrize(
    "content, extra, code, message",
    [
        (b"", (), 1, "Le fichier est vide."),
        (b"\x00\x01\x02\x03" * 100, (), 1, "pas un fichier texte"),
        (b"Couleur;Taille\nbleu;12\n", (), 1, "«\u00a0Nom\u00a0», «\u00a0Profession\u00a0»"),
        (
            b"Nom;Profession\nA;Infirmier\n",
            ("--format", "annuaire"),
            1,
            "«\u00a0Identifiant PP\u00a0»",
        ),
        (b"Nom;Profession\nA;Infirmier\n", ("--format", "xml"), 2, "invalid choice"),
        (b"Nom;Profession\nA;Infirmier\n", ("--territory", "91", "--whole-file"), 2, "not allowed"),
    ],
)
def test_refusals_exit_1_usage_exits_2_and_the_base_is_untouched(
    base, tmp_path, capsys, content, extra, code, message
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = sha(base)
    if code == 2:
        with pytest.raises(SystemExit) as info:
            run(base, "--file", str(bad), *extra)
        assert info.value.code == 2
    else:
        assert run(base, "--file", str(bad), *extra) == code
    assert message in capsys.readouterr().err
    assert sha(base) == before


def test_missing_file_and_report_folder(base, tmp_path, capsys):
    assert run(base, "--file", str(tmp_path / "absent.txt")) == 1
    assert "introuvable" in capsys.readouterr().err
    sample = af.write_annuaire(tmp_path / "a.txt", af.sample_rows())
    assert run(base, "--file", str(sample), "--report", str(tmp_path / "nope" / "r.csv")) == 1
    assert "Dossier inexistant" in capsys.readouterr().err


def test_wrong_passphrase_exits_3(base, tmp_path, monkeypatch, capsys):
    sample = af.write_annuaire(tmp_path / "a.txt", af.sample_rows())
    monkeypatch.setenv("RCP_DESKTOP_PASSPHRASE", "pas la bonne phrase de passe du tout")
    before = sha(base)
    assert run(base, "--file", str(sample)) == 3
    assert sha(base) == before
    monkeypatch.delenv("RCP_DESKTOP_PASSPHRASE")
    assert run(base, "--file", str(sample)) == 3
    assert "Aucune clé disponible" in capsys.readouterr().err
