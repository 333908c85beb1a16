from pathlib import Path

import sqlcipher3
from keyring.backend import KeyringBackend
from keyring.backends import chainer

from rcp_desktop.storage import DatabaseKey
from rcp_desktop.storage import keys as keymod
from tests.conftest import MemoryKeyring


def test_recovery_code_round_trip_raw_and_salted():
    raw = DatabaseKey.generate()
    salted = DatabaseKey.new_from_passphrase("correct horse battery staple")
    for key in (raw, salted):
        code = key.recovery_code()
        assert all(len(group) == 4 for group in code.split("-"))
        again = DatabaseKey.from_recovery_code(code.lower().replace("-", " "))
        assert again == key
    assert len(raw.recovery_code().split("-")) == 16
    assert len(salted.recovery_code().split("-")) == 24


def test_from_recovery_code_rejects_other_text():
    assert DatabaseKey.from_recovery_code("not a code") is None
    assert DatabaseKey.from_recovery_code("ABCD-" * 15 + "ABC") is None


def test_repr_never_shows_the_key():
    key = DatabaseKey.generate()
    assert key.raw.hex() not in repr(key)
    assert key.raw.hex()[:8] not in repr(key)


def test_derived_key_opens_a_database_keyed_by_sqlcipher_passphrase(tmp_path):
    """Our PBKDF2 derivation is SQLCipher 4's: a file made with PRAGMA key='…' opens with it."""
    path = tmp_path / "x.db"
    conn = sqlcipher3.connect(str(path))
    conn.execute("PRAGMA key = 'une phrase de passe'")
    conn.execute("CREATE TABLE t(a)")
    conn.execute("INSERT INTO t VALUES ('ok')")
    conn.commit()
    conn.close()
    (key,) = keymod.candidate_keys("une phrase de passe", path)
    conn = sqlcipher3.connect(str(path))
    conn.execute(f'PRAGMA key = "{key.pragma_value()}"')
    assert conn.execute("SELECT a FROM t").fetchall() == [("ok",)]
    conn.close()


def test_passphrase_problems():
    assert keymod.passphrase_problems("court")
    assert keymod.passphrase_problems("aaaaaaaaaaaaaaaa")
    assert keymod.passphrase_problems("le chat dort sur le canapé") == []


class PlaintextLikeKeyring(KeyringBackend):
    """Looks like keyrings.alt's plaintext file backend."""

    priority = 20

    def get_password(self, service, username):
        return None

    def set_password(self, service, username, password):
        raise AssertionError("a plaintext keyring must never receive the key")

    def delete_password(self, service, username):
        pass


PlaintextLikeKeyring.__module__ = "keyrings.alt.file"


def test_untrusted_or_missing_keyring_means_no_keyring(monkeypatch):
    import keyring

    keyring.set_keyring(PlaintextLikeKeyring())
    try:
        assert keymod.secure_keyring() is None
        assert keymod.keyring_set(Path("/tmp/x.db"), DatabaseKey.generate()) is False
    finally:
        from keyring.backends import fail

        keyring.set_keyring(fail.Keyring())
    assert keymod.secure_keyring() is None  # the fail backend is "none at all"


def test_chainer_picks_the_trusted_backend_even_if_a_plaintext_one_ranks_higher(
    monkeypatch, tmp_path
):
    import keyring
    from keyring.backends import fail

    trusted = MemoryKeyring()
    monkeypatch.setattr(keymod, "extra_trusted_backend_types", (MemoryKeyring,))
    chain = chainer.ChainerBackend()
    monkeypatch.setattr(
        chainer.ChainerBackend, "backends", property(lambda self: [PlaintextLikeKeyring(), trusted])
    )
    keyring.set_keyring(chain)
    try:
        assert keymod.secure_keyring() is trusted
        key = DatabaseKey.generate()
        assert keymod.keyring_set(tmp_path / "a.db", key)
        assert keymod.keyring_get(tmp_path / "a.db") == key
        assert keymod.keyring_get(tmp_path / "b.db") is None
    finally:
        keyring.set_keyring(fail.Keyring())


def test_keyring_entry_is_per_database(fake_keyring, tmp_path):
    k1, k2 = DatabaseKey.generate(), DatabaseKey.generate()
    keymod.keyring_set(tmp_path / "one.db", k1)
    keymod.keyring_set(tmp_path / "two.db", k2)
    assert keymod.keyring_get(tmp_path / "one.db") == k1
    assert keymod.keyring_get(tmp_path / "two.db") == k2
    keymod.keyring_delete(tmp_path / "one.db")
    assert keymod.keyring_get(tmp_path / "one.db") is None
