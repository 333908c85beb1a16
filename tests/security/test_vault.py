"""The vault: one life cycle of a base for every front-end, on real SQLCipher files."""

import datetime as dt
import hashlib
import stat

import keyring
import pytest
from keyring.backends import fail
from keyring.errors import PasswordSetError
from sqlalchemy import select

from rcp_desktop import vault
from rcp_desktop.models import Patient, Sex
from rcp_desktop.services.errors import RefusedError
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage.engine import key_for_secret
from rcp_desktop.storage.lock import InstanceLock
from rcp_desktop.vault import Protection
from tests.conftest import PASSPHRASE, MemoryKeyring

NEW = "une toute nouvelle phrase de passe"


@pytest.fixture(autouse=True)
def no_key_in_the_environment(monkeypatch):
    monkeypatch.delenv(vault.PASSPHRASE_ENV, raising=False)
    monkeypatch.delenv(vault.NEW_PASSPHRASE_ENV, raising=False)


class Script:
    """A front-end without a window: answers from a list, records what it was told."""

    def __init__(self, secrets=(), new_passphrases=()):
        self.secrets = list(secrets)
        self.new_passphrases = list(new_passphrases)
        self.asked = []
        self.notices = []

    def prompter(self, *, terminal=True):
        if not terminal:
            return vault.Prompter(notice=self.notices.append)
        return vault.Prompter(
            secret=lambda: self._answer("secret", self.secrets),
            new_passphrase=lambda: self._answer("new", self.new_passphrases),
            notice=self.notices.append,
        )

    def _answer(self, what, answers):
        self.asked.append(what)
        return answers.pop(0)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def add_patient(db, actor, name="Vaultier"):
    with db.write(actor) as s:
        s.add(
            Patient(
                birth_name=name, first_names="Zoé", birth_date=dt.date(1970, 1, 1), sex=Sex.FEMALE
            )
        )


def names(db):
    with db.read() as s:
        return sorted(s.scalars(select(Patient.birth_name)))


def passphrase_base(tmp_path, actor, name="p.db"):
    opened = vault.create(tmp_path / name, Protection.PASSPHRASE, actor, passphrase=PASSPHRASE)
    path = opened.db.path
    opened.close()
    return path


# --- creating ------------------------------------------------------------------------------------


def test_create_with_a_passphrase(tmp_path, actor):
    opened = vault.create(
        tmp_path / "sub" / "p.db",
        Protection.PASSPHRASE,
        actor,
        passphrase=PASSPHRASE,
        make_folder=True,
    )
    assert opened.mode is Protection.PASSPHRASE and opened.protection == "phrase de passe"
    assert opened.services.ctx.actor == actor
    assert stat.S_IMODE((tmp_path / "sub").stat().st_mode) == 0o700
    code = opened.recovery_code
    path = opened.db.path
    opened.close()
    assert not path.read_bytes().startswith(b"SQLite format 3")
    for secret in (PASSPHRASE, code):
        reopened = vault.open_with_secret(path, secret, actor)
        assert reopened is not None and reopened.mode is Protection.PASSPHRASE
        reopened.close()


def test_create_in_the_keyring(tmp_path, actor, fake_keyring):
    opened = vault.create(tmp_path / "k.db", Protection.KEYRING, actor)
    path, key = opened.db.path, opened.db.key
    opened.close()
    assert keymod.keyring_get(path) == key
    assert vault.protection_of(path, key) is Protection.KEYRING
    reopened = vault.open_with_keyring(path, actor)
    assert reopened is not None and reopened.mode is Protection.KEYRING
    assert "trousseau" in reopened.protection
    reopened.close()


def test_demo_base_lives_in_a_private_folder_removed_on_close(actor, fake_keyring):
    opened = vault.create_demo(actor)
    folder = opened.temp_dir
    assert opened.demo and opened.db.path.parent == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert fake_keyring.store == {}  # the key stays in memory
    opened.close()
    assert not folder.exists()


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service, username, password):
        raise PasswordSetError("refused")


def test_a_keyring_that_refuses_the_key_leaves_no_file(tmp_path, actor, fake_keyring):
    keyring.set_keyring(RefusingKeyring())
    path = tmp_path / "k.db"
    with pytest.raises(vault.KeyringRefusedError, match="refusé la clé"):
        vault.create(path, Protection.KEYRING, actor)
    assert list(tmp_path.iterdir()) == []


def test_keyring_mode_without_any_trusted_keyring_leaves_no_file(tmp_path, actor):
    assert not vault.keyring_available() and vault.keyring_name() is None
    with pytest.raises(vault.KeyringRefusedError):
        vault.create(tmp_path / "k.db", Protection.KEYRING, actor)
    assert list(tmp_path.iterdir()) == []


def test_a_weak_passphrase_is_refused_before_any_file(tmp_path, actor):
    with pytest.raises(RefusedError, match="au moins 12"):
        vault.create(tmp_path / "w.db", Protection.PASSPHRASE, actor, passphrase="court")
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_an_existing_file(tmp_path, actor):
    path = tmp_path / "x.db"
    path.write_bytes(b"precious")
    with pytest.raises(vault.DatabaseError, match="existe déjà"):
        vault.create(path, Protection.PASSPHRASE, actor, passphrase=PASSPHRASE)
    assert path.read_bytes() == b"precious"


def test_headless_protection_order(monkeypatch, fake_keyring):
    script = Script(new_passphrases=[NEW])
    monkeypatch.setenv(vault.PASSPHRASE_ENV, PASSPHRASE)
    assert vault.headless_protection(script.prompter()) == (Protection.PASSPHRASE, PASSPHRASE)
    monkeypatch.delenv(vault.PASSPHRASE_ENV)
    assert vault.headless_protection(script.prompter()) == (Protection.KEYRING, None)
    keyring.set_keyring(fail.Keyring())  # no trusted keyring any more
    assert vault.headless_protection(script.prompter()) == (Protection.PASSPHRASE, NEW)
    assert script.asked == ["new"] and "Pas de trousseau" in script.notices[0]
    with pytest.raises(vault.UnlockError, match="Aucune source de clé"):
        vault.headless_protection(script.prompter(terminal=False))


# --- unlocking -----------------------------------------------------------------------------------


def test_unlock_order_environment_then_keyring_then_prompt(
    tmp_path, actor, monkeypatch, fake_keyring
):
    path = passphrase_base(tmp_path, actor)
    key = keymod.candidate_keys(PASSPHRASE, path)[-1]
    keymod.keyring_set(path, key)
    # 1. The environment passphrase, before the keyring and before any prompt.
    script = Script(secrets=[PASSPHRASE])
    monkeypatch.setenv(vault.PASSPHRASE_ENV, PASSPHRASE)
    fake_keyring.store.clear()
    assert vault.unlock_key(path, script.prompter()) == key and script.asked == []
    # A wrong one is final: neither the keyring nor a prompt is tried.
    keymod.keyring_set(path, key)
    monkeypatch.setenv(vault.PASSPHRASE_ENV, "pas la bonne phrase de passe")
    with pytest.raises(vault.UnlockError, match="RCP_DESKTOP_PASSPHRASE"):
        vault.unlock_key(path, script.prompter())
    assert script.asked == []
    # 2. Without it, the keyring entry, before any prompt.
    monkeypatch.delenv(vault.PASSPHRASE_ENV)
    assert vault.unlock_key(path, script.prompter()) == key and script.asked == []
    # 3. A stale keyring entry is passed over for the prompt.
    keymod.keyring_set(path, DatabaseKey.generate())
    assert vault.unlock_key(path, script.prompter()) == key and script.asked == ["secret"]


def test_three_wrong_secrets_then_no_source(tmp_path, actor):
    path = passphrase_base(tmp_path, actor)
    before = sha(path)
    script = Script(secrets=["faux un", "faux deux", "faux trois", PASSPHRASE])
    with pytest.raises(vault.UnlockError, match="Trois essais"):
        vault.unlock_key(path, script.prompter())
    assert script.asked == ["secret"] * 3 and script.notices == ["Clé incorrecte."] * 3
    with pytest.raises(vault.UnlockError, match="Aucune clé disponible"):
        vault.unlock_key(path, script.prompter(terminal=False))
    assert sha(path) == before


def test_a_wrong_key_leaves_the_file_untouched(tmp_path, actor):
    path = passphrase_base(tmp_path, actor)
    before = sha(path)
    assert vault.open_with_secret(path, "pas la bonne phrase du tout", actor) is None
    assert vault.open_with_secret(path, DatabaseKey.generate().recovery_code(), actor) is None
    assert vault.open_with_keyring(path, actor) is None
    with pytest.raises(vault.UnlockError):
        vault.open_base(path, DatabaseKey.generate(), Protection.PASSPHRASE, actor)
    assert sha(path) == before
    assert not any(p.name.endswith(("-wal", "-shm")) for p in tmp_path.iterdir())


def test_files_that_are_not_bases_are_refused_before_any_key(tmp_path, actor):
    plain = tmp_path / "plain.db"
    plain.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(vault.DatabaseError, match="non chiffrée"):
        vault.open_with_secret(plain, PASSPHRASE, actor)
    with pytest.raises(vault.DatabaseError, match="introuvable"):
        vault.check_file(tmp_path / "absent.db")
    with pytest.raises(vault.DatabaseError, match="dossier"):
        vault.unlock_key(tmp_path, Script().prompter())


def test_lock_screen_checks(tmp_path, actor, fake_keyring):
    opened = vault.create(tmp_path / "k.db", Protection.KEYRING, actor)
    assert vault.keyring_unlocks(opened.db)
    assert vault.secret_unlocks(opened.db, opened.recovery_code)
    assert not vault.secret_unlocks(opened.db, "pas la bonne phrase du tout")
    fake_keyring.store.clear()  # the OS session no longer vouches for the user
    assert not vault.keyring_unlocks(opened.db)
    opened.close()


def test_claim_is_exclusive_and_released_on_close(tmp_path, actor):
    path = tmp_path / "new" / "p.db"
    lock = vault.claim(path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with pytest.raises(vault.AlreadyOpenError, match="déjà ouverte"):
        vault.claim(path)
    opened = vault.create(path, Protection.PASSPHRASE, actor, passphrase=PASSPHRASE)
    opened.lock = lock
    opened.close()
    assert not lock.held
    vault.claim(path).release()


# --- changing the key ----------------------------------------------------------------------------


def test_rekey_from_passphrase_to_keyring_and_back(tmp_path, actor, fake_keyring):
    opened = vault.create(tmp_path / "p.db", Protection.PASSPHRASE, actor, passphrase=PASSPHRASE)
    db, path = opened.db, opened.db.path
    add_patient(db, actor)
    old_code = opened.recovery_code
    assert vault.change_key_with_secret(db, "pas la bonne phrase", Protection.KEYRING) is None
    assert db.key == keymod.candidate_keys(PASSPHRASE, path)[-1]  # nothing changed
    to_keyring = vault.change_key_with_secret(db, PASSPHRASE, Protection.KEYRING)
    assert to_keyring == db.key == keymod.keyring_get(path)
    assert vault.protection_of(path, db.key) is Protection.KEYRING
    assert key_for_secret(path, old_code) is None and names(db) == ["Vaultier"]
    back = vault.change_key(db, Protection.PASSPHRASE, passphrase=NEW)
    assert keymod.keyring_get(path) is None  # the entry leaves with the keyring mode
    assert key_for_secret(path, NEW) == back == db.key
    assert key_for_secret(path, to_keyring.recovery_code()) is None
    add_patient(db, actor, "Apres")  # the open base keeps working on the new key
    opened.close()
    reopened = vault.open_with_secret(path, NEW, actor)
    assert names(reopened.db) == ["Apres", "Vaultier"]
    reopened.close()


def test_a_weak_new_passphrase_changes_nothing(tmp_path, actor):
    opened = vault.create(tmp_path / "p.db", Protection.PASSPHRASE, actor, passphrase=PASSPHRASE)
    before = opened.db.key
    with pytest.raises(RefusedError):
        vault.change_key(opened.db, Protection.PASSPHRASE, passphrase="court")
    assert opened.db.key == before
    opened.close()


def test_headless_rekey_keeps_the_keyring_mode_unless_told(
    tmp_path, actor, monkeypatch, fake_keyring
):
    opened = vault.create(tmp_path / "k.db", Protection.KEYRING, actor)
    path, first = opened.db.path, opened.db.key
    opened.close()
    script = Script(new_passphrases=[NEW])
    key, mode = vault.rekey_headless(path, script.prompter())
    assert mode is Protection.KEYRING and key != first and keymod.keyring_get(path) == key
    monkeypatch.setenv(vault.NEW_PASSPHRASE_ENV, NEW)  # before any prompt
    key, mode = vault.rekey_headless(path, script.prompter(), to_passphrase=True)
    assert mode is Protection.PASSPHRASE and script.asked == []
    assert keymod.keyring_get(path) is None and key_for_secret(path, NEW) == key


def test_headless_rekey_refusals_leave_the_file_untouched(tmp_path, actor, monkeypatch):
    path = passphrase_base(tmp_path, actor)
    monkeypatch.setenv(vault.PASSPHRASE_ENV, PASSPHRASE)
    before = sha(path)
    with pytest.raises(RefusedError, match="RCP_DESKTOP_NEW_PASSPHRASE"):
        vault.rekey_headless(path, Script().prompter(terminal=False))
    with pytest.raises(vault.DatabaseError, match="--to-passphrase"):
        vault.rekey_headless(path, Script().prompter(), to_keyring=True)
    monkeypatch.setenv(vault.NEW_PASSPHRASE_ENV, NEW)
    with InstanceLock(path), pytest.raises(vault.AlreadyOpenError):
        vault.rekey_headless(path, Script().prompter())
    assert sha(path) == before


# --- backups -------------------------------------------------------------------------------------


def test_backup_verify_restore(tmp_path, actor, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    opened = vault.create(tmp_path / "p.db", Protection.PASSPHRASE, actor, passphrase=PASSPHRASE)
    db = opened.db
    add_patient(db, actor, "Avant")
    suggested = vault.suggested_backup(db, dt.datetime(2026, 3, 10, 9, 30))
    assert suggested.parent == vault.backup_folder() and suggested.parent.is_dir()
    assert suggested.name == "p-20260310T093000" + vault.BACKUP_SUFFIX
    copy = vault.backup(db, suggested)
    with pytest.raises(vault.DatabaseError, match="existe déjà"):
        vault.backup(db, copy)
    vault.verify_backup(copy, db.key)
    with pytest.raises(vault.UnlockError):
        vault.verify_backup(copy, DatabaseKey.generate())
    add_patient(db, actor, "Apres")
    # In the window: the open base is replaced and keeps working.
    set_aside = vault.restore_open(db, copy)
    assert names(db) == ["Avant"] and set_aside.exists()
    opened.close()
    # Without a window: refused over an existing base unless forced, unlocked like a base.
    monkeypatch.setenv(vault.PASSPHRASE_ENV, PASSPHRASE)
    target = tmp_path / "p.db"
    before = sha(target)
    with pytest.raises(vault.DatabaseError, match="--force"):
        vault.restore_headless(copy, target, Script().prompter())
    assert sha(target) == before
    assert vault.restore_headless(copy, target, Script().prompter(), force=True) is not None
    assert vault.restore_headless(copy, tmp_path / "fresh.db", Script().prompter()) is None
    fresh = vault.open_headless(tmp_path / "fresh.db", actor, Script().prompter())
    assert names(fresh.db) == ["Avant"]
    fresh.close()


def test_headless_backup_refuses_an_existing_file_before_asking(tmp_path, actor):
    path = passphrase_base(tmp_path, actor)
    out = tmp_path / "b.rcpbak"
    out.write_bytes(b"precious")
    script = Script(secrets=[PASSPHRASE])
    with pytest.raises(vault.DatabaseError, match="existe déjà"):
        vault.backup_headless(path, out, script.prompter())
    assert script.asked == [] and out.read_bytes() == b"precious"
    out.unlink()
    assert vault.backup_headless(path, out, script.prompter()) == out
    assert script.asked == ["secret"]
    copy = Database.open(out, keymod.candidate_keys(PASSPHRASE, out)[-1], migrate=False)
    assert names(copy) == []
    copy.close()


def test_automatic_backup_goes_to_the_backup_folder(tmp_path, actor, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    opened = vault.create(tmp_path / "p.db", Protection.PASSPHRASE, actor, passphrase=PASSPHRASE)
    start = dt.datetime(2026, 3, 1, 9, 0)
    made = [vault.automatic_backup(opened.db, start + dt.timedelta(days=i)) for i in range(9)]
    assert all(m is not None and m.parent == vault.backup_folder() for m in made)
    kept = sorted(p.name for p in vault.backup_folder().iterdir() if p.suffix == ".rcpbak")
    assert len(kept) == vault.BACKUP_KEEP
    # each with the fingerprint of its chain beside it, the rotated ones' removed with them
    assert sorted(p.name for p in vault.backup_folder().iterdir() if p.suffix != ".rcpbak") == [
        name + ".empreinte" for name in kept
    ]
    assert vault.automatic_backup(opened.db, start + dt.timedelta(days=8, hours=1)) is None
    opened.close()
