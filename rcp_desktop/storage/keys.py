"""Database keys: random raw keys, passphrase derivation, recovery codes, the OS keyring.

SQLCipher 4 derives its page key from a passphrase with PBKDF2-HMAC-SHA512, 256,000 iterations,
and the 16-byte salt stored at the start of the file. We perform that same derivation once, in
Python, and hand SQLCipher the resulting raw key (``x'<key><salt>'``): the file is bit-for-bit
what ``PRAGMA key = '<passphrase>'`` would produce, while every pooled connection opens without
paying the derivation again.

Keyring mode stores a random 256-bit key in the OS store. Only trusted system backends are used
(Secret Service, macOS Keychain, Windows Credential Manager, KWallet); a backend that keeps
secrets in plain text, or none at all, means "no keyring": passphrase mode, never a fallback.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.storage.errors import UnlockError

log = logging.getLogger(__name__)

KEY_BYTES = 32
SALT_BYTES = 16
KDF_ITERATIONS = 256_000  # SQLCipher 4 default
KEYRING_SERVICE = "rcp-desktop"
PASSPHRASE_ENV = "RCP_DESKTOP_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 12


class InvalidSecretError(UnlockError):
    """A typed or given secret that cannot stand for any key (not text: invalid UTF-8 bytes,
    lone surrogates). Nothing was tried on the file."""

    def __init__(self) -> None:
        super().__init__(
            _N(
                "core",
                "La phrase de passe reçue n'est pas du texte valide (octets hors UTF-8) : "
                "vérifiez l'encodage du terminal ou de la variable RCP_DESKTOP_PASSPHRASE.",
            )
        )


def passphrase_bytes(passphrase: str) -> bytes:
    """The UTF-8 bytes a passphrase stands for; :class:`InvalidSecretError` when it holds what
    is not text (bytes that were not UTF-8 arrive as lone surrogates)."""
    try:
        return passphrase.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidSecretError() from None


@dataclass(frozen=True)
class DatabaseKey:
    """Raw SQLCipher key material (never printed: its repr hides it)."""

    raw: bytes = field(repr=False)
    salt: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError("a SQLCipher raw key is 32 bytes")
        if self.salt is not None and len(self.salt) != SALT_BYTES:
            raise ValueError("a SQLCipher salt is 16 bytes")

    def pragma_value(self) -> str:
        """The value for ``PRAGMA key``: ``x'<hex key>[<hex salt>]'``."""
        return "x'" + self.raw.hex() + (self.salt.hex() if self.salt else "") + "'"

    def recovery_code(self) -> str:
        """The key written for humans: groups of 4 upper-case hex digits."""
        digits = (self.raw + (self.salt or b"")).hex().upper()
        return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))

    @classmethod
    def generate(cls) -> DatabaseKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def from_recovery_code(cls, text: str) -> DatabaseKey | None:
        """Parse a recovery code (spaces and dashes ignored); None if it is not one."""
        digits = re.sub(r"[\s\-]", "", text)
        if not re.fullmatch(r"[0-9A-Fa-f]{64}([0-9A-Fa-f]{32})?", digits):
            return None
        data = bytes.fromhex(digits)
        return cls(data[:KEY_BYTES], data[KEY_BYTES:] or None)

    @classmethod
    def from_passphrase(cls, passphrase: str, salt: bytes) -> DatabaseKey:
        raw = hashlib.pbkdf2_hmac(
            "sha512", passphrase_bytes(passphrase), salt, KDF_ITERATIONS, KEY_BYTES
        )
        return cls(raw, salt)

    @classmethod
    def new_from_passphrase(cls, passphrase: str) -> DatabaseKey:
        """Key for a new database protected by *passphrase* (fresh random salt)."""
        return cls.from_passphrase(passphrase, secrets.token_bytes(SALT_BYTES))


def read_salt(path: Path) -> bytes:
    """The salt SQLCipher keeps in the first 16 bytes of the file."""
    with open(path, "rb") as fh:
        salt = fh.read(SALT_BYTES)
    if len(salt) != SALT_BYTES:
        raise ValueError("file too short to be a SQLCipher database")
    return salt


def iter_candidate_keys(
    secret: str, path: Path, *, salts: tuple[bytes, ...] = ()
) -> Iterator[DatabaseKey]:
    """The keys a typed secret may stand for, cheapest first: a recovery code, then the
    passphrase derived with the file's salt, then with each of *salts* (a salt known from
    elsewhere, when the file's may be damaged). Each derivation is paid only when asked for."""
    passphrase_bytes(secret)  # refuse what is not text before anything else
    code = DatabaseKey.from_recovery_code(secret)
    if code is not None:
        yield code
    if secret:
        own = read_salt(path)
        yield DatabaseKey.from_passphrase(secret, own)
        for salt in salts:
            if salt != own:
                yield DatabaseKey.from_passphrase(secret, salt)


def candidate_keys(secret: str, path: Path) -> list[DatabaseKey]:
    """The keys a typed secret may stand for: a recovery code, and/or a passphrase."""
    return list(iter_candidate_keys(secret, path))


def passphrase_problems(passphrase: str) -> list[str]:
    """Reasons (French, translatable) why a new passphrase is too weak; empty if fine."""
    problems = []
    try:
        passphrase_bytes(passphrase)
    except InvalidSecretError as exc:
        return [exc.message]
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        problems.append(
            translate(
                _N("core", "La phrase de passe doit compter au moins {n} caractères.")
            ).format(n=MIN_PASSPHRASE_LENGTH)
        )
    if passphrase and len(set(passphrase)) < 5:
        problems.append(translate(_N("core", "La phrase de passe est trop répétitive.")))
    return problems


# --- OS keyring -----------------------------------------------------------------------------

_TRUSTED_BACKEND_MODULES = (
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.kwallet",
)
# Tests register an in-memory backend here, standing in for an OS store that cannot exist.
extra_trusted_backend_types: tuple[type, ...] = ()


def _is_trusted(backend: object) -> bool:
    if isinstance(backend, extra_trusted_backend_types):
        return True
    module = type(backend).__module__
    return any(module == m or module.startswith(m + ".") for m in _TRUSTED_BACKEND_MODULES)


def secure_keyring():
    """The highest-priority trusted keyring backend, or None (then: passphrase mode)."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend

        current = keyring.get_keyring()
        candidates = list(current.backends) if isinstance(current, ChainerBackend) else [current]
        trusted = [b for b in candidates if _is_trusted(b)]
    except Exception:  # a broken keyring install must not stop the app
        log.warning("keyring unavailable", exc_info=True)
        return None
    if not trusted:
        return None
    return max(trusted, key=lambda b: getattr(b, "priority", 0))


def keyring_description() -> str | None:
    backend = secure_keyring()
    return getattr(backend, "name", type(backend).__name__) if backend else None


def _keyring_account(path: Path) -> str:
    return "db:" + str(Path(path).resolve())


def keyring_get(path: Path) -> DatabaseKey | None:
    backend = secure_keyring()
    if backend is None:
        return None
    try:
        value = backend.get_password(KEYRING_SERVICE, _keyring_account(path))
    except Exception:
        log.warning("keyring read failed", exc_info=True)
        return None
    if not value or not value.startswith("raw:"):
        return None
    return DatabaseKey.from_recovery_code(value[4:])


def keyring_set(path: Path, key: DatabaseKey) -> bool:
    """Store *key* for the database at *path*; False if no trusted keyring could take it."""
    backend = secure_keyring()
    if backend is None:
        return False
    try:
        secret = "raw:" + key.raw.hex() + (key.salt.hex() if key.salt else "")
        backend.set_password(KEYRING_SERVICE, _keyring_account(path), secret)
    except Exception:
        log.warning("keyring write failed", exc_info=True)
        return False
    return True


def keyring_delete(path: Path) -> None:
    backend = secure_keyring()
    if backend is None:
        return
    try:
        backend.delete_password(KEYRING_SERVICE, _keyring_account(path))
    except Exception:
        log.info("no keyring entry to delete")


def env_passphrase() -> str | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return value if value else None
