"""The SQLCipher-backed SQLAlchemy engine.

Every connection: SQLCipher error chatter silenced, the raw key applied, foreign keys enforced,
WAL journal, ``synchronous = FULL`` (a committed note survives a power cut), temporary
structures in memory (never a temp file), a busy timeout, a page cache of 16 MB. Write
transactions start with ``BEGIN IMMEDIATE`` so the audit chain is extended by one writer at a
time.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3
from sqlalchemy import URL, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.storage import audit, pages
from rcp_desktop.storage.errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    DamagedError,
    DatabaseError,
    ReadOnlyError,
    SystemRefusedError,
    UnlockError,
    explain,
)
from rcp_desktop.storage.keys import DatabaseKey, iter_candidate_keys

log = logging.getLogger(__name__)

__all__ = [
    "DamagedError",
    "Database",
    "DatabaseError",
    "SystemRefusedError",
    "UnlockError",
    "check_file",
    "key_for_secret",
    "key_opens",
    "keyed_connection",
    "readonly_connection",
]

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# Decrypted pages kept per connection (KiB; SQLCipher's default is 8,000). SQLCipher decrypts
# a page each time it enters the cache: the Suivi board and the agenda proposal of a decade's
# base touch more than 8 MB of pages and re-decrypted most of them at each call (×1.2–1.7 the
# cost of the same reads on plain SQLite; ×1.0–1.05 with 16 MB, docs/performance.md). The cache
# only grows with the pages read, and is kept between transactions while nothing is written.
CACHE_SIZE_KIB = 16_000
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _raw_connect(path: Path) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    # Before the key: keeps SQLCipher from printing "hmac check failed" on the terminal.
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _apply_pragmas(conn: sqlcipher3.Connection) -> None:
    cur = conn.cursor()
    for pragma in (
        "PRAGMA foreign_keys = ON",
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA temp_store = MEMORY",
        f"PRAGMA cache_size = -{CACHE_SIZE_KIB}",
    ):
        cur.execute(pragma)
    cur.close()


def keyed_connection(path: Path, key: DatabaseKey) -> sqlcipher3.Connection:
    """A bare DB-API connection to *path* with *key* applied (not verified), for low-level
    work (backup, rekey, checks). Nothing is written until the caller writes."""
    conn = _raw_connect(path)
    conn.execute(f'PRAGMA key = "{key.pragma_value()}"')
    return conn


def readonly_connection(path: Path, key: DatabaseKey | None = None) -> sqlcipher3.Connection:
    """A connection that can only read the main file as it is: ``immutable`` means no lock, no
    ``-wal`` or ``-shm`` read, created or folded in, no checkpoint: testing a key through it
    leaves every byte of the base and of its side files as they were."""
    uri = Path(path).absolute().as_uri() + "?mode=ro&immutable=1"
    conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f'PRAGMA key = "{key.pragma_value()}"')
    return conn


def _first_page_decrypts(path: Path, key: DatabaseKey) -> bool:
    conn = readonly_connection(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError as exc:
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == SQLITE_NOTADB:
            return False
        if code == SQLITE_CORRUPT:
            # Page 1 decrypted (a wrong key stops at NOTADB) but the main file alone is not a
            # whole base: pages still in the -wal, or a truncated file. Opening tells which.
            return True
        raise explain(exc, Path(path)) or exc from exc
    finally:
        conn.close()


_HEADER_DAMAGED = _N(
    "core",
    "La première page de {path} (l'en-tête) est endommagée : la clé est bonne, mais la base ne "
    "peut plus s'ouvrir. Restaurez la dernière sauvegarde.",
)
_SALT_DAMAGED = pages.SALT_DAMAGED


def key_opens(path: Path, key: DatabaseKey, *, known_salt: bytes | None = None) -> bool:
    """True if *key* opens the existing file at *path*; False for a wrong key. Reads the main
    file only, through an immutable read-only connection: nothing is written, created beside
    it, or folded in from a leftover ``-wal``.

    A refusal is then explained from the page HMACs: when *key* verifies other pages, page 1
    is damaged (:class:`DamagedError`, never "wrong key"); when the key only opens with
    *known_salt* (the salt this computer recorded for the base), the file's salt is damaged."""
    path = Path(path)
    if _first_page_decrypts(path, key):
        return True
    if pages.first_page_ok(path, key):
        return _first_page_decrypts(path, key)  # page 1 was being rewritten: read it again
    if pages.key_verifies_some_page(path, key):
        raise DamagedError(_HEADER_DAMAGED, path=path)
    if known_salt is not None and key.salt is None:
        salted = DatabaseKey(key.raw, known_salt)
        if known_salt != pages.file_salt(path) and pages.key_verifies_some_page(path, salted):
            raise DamagedError(_SALT_DAMAGED, path=path)
    return False


def key_for_secret(
    path: Path, secret: str, *, known_salt: bytes | None = None
) -> DatabaseKey | None:
    """The key a typed secret (passphrase or recovery code) stands for, if it opens *path*;
    :class:`~rcp_desktop.storage.keys.InvalidSecretError` when the secret is not text."""
    path = Path(path)
    salts = (known_salt,) if known_salt is not None else ()
    own_salt = pages.file_salt(path)
    for key in iter_candidate_keys(secret, path, salts=salts):
        if key.salt is not None and key.salt == known_salt and known_salt != own_salt:
            # The passphrase only opens the base with the salt this computer knows.
            if pages.key_verifies_some_page(path, key):
                raise DamagedError(_SALT_DAMAGED, path=path)
            continue
        if key_opens(path, key, known_salt=known_salt):
            return key
    return None


def check_file(path: Path) -> None:
    """Refuse at once what cannot be an encrypted rcp-desktop base, before any key is tried,
    without following a link or opening what could block (a FIFO): a missing file, a link, a
    folder, a special file, a file that cannot be read, an empty or plain SQLite file
    (:class:`DatabaseError`, :class:`SystemRefusedError`); an erased first page or a file cut
    in the middle of a page (:class:`DamagedError`)."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise DatabaseError(_N("core", "Base introuvable : {path}"), path=path) from None
    except PermissionError:
        raise SystemRefusedError(
            _N("core", "Permission refusée sur {path}."), path=path.parent
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise DatabaseError(
            _N("core", "{path} est un lien symbolique : indiquez le fichier lui-même ({target})."),
            path=path,
            target=os.path.realpath(path),
        )
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(_N("core", "{path} est un dossier, pas une base."), path=path)
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseError(
            _N(
                "core",
                "{path} n'est pas un fichier ordinaire (tube, périphérique ou socket) : refusé.",
            ),
            path=path,
        )
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except PermissionError:
        raise SystemRefusedError(_N("core", "Permission refusée sur {path}."), path=path) from None
    with os.fdopen(fd, "rb") as fh:
        head = fh.read(pages.PAGE_SIZE)
    if not head:
        raise DatabaseError(_N("core", "{path} est vide : ce n'est pas une base."), path=path)
    if head.startswith(SQLITE_PLAIN_HEADER):
        raise DatabaseError(
            _N("core", "{path} est une base SQLite non chiffrée : refusée."), path=path
        )
    if len(head) < pages.PAGE_SIZE:
        raise DatabaseError(
            _N("core", "{path} n'est pas une base rcp-desktop ({size} octets)."),
            path=path,
            size=len(head),
        )
    if not any(head):
        raise DamagedError(
            _N(
                "core",
                "La première page de {path} est effacée (remplie de zéros) : la base est "
                "endommagée. Restaurez la dernière sauvegarde.",
            ),
            path=path,
        )
    if info.st_size % pages.PAGE_SIZE:
        raise DamagedError(
            _N(
                "core",
                "{path} est tronqué : il s'arrête au milieu d'une page ({size} octets). "
                "Restaurez la dernière sauvegarde.",
            ),
            path=path,
            size=info.st_size,
        )


class Database:
    """An opened, unlocked, migrated encrypted database."""

    def __init__(self, path: Path, key: DatabaseKey) -> None:
        self.path = Path(path)
        self._key = key
        # Called after each committed write (the vault keeps the chain's anchor up to date).
        self.commit_hooks: list[Callable[[], None]] = []
        # Set when an integrity problem was found: every write is refused (ReadOnlyError).
        self.read_only = False
        self._sessions = sessionmaker(expire_on_commit=False)
        self._write_sessions = sessionmaker(expire_on_commit=False)
        for factory in (self._sessions, self._write_sessions):
            audit.install(factory)
        self._bind_engine()

    def _bind_engine(self) -> None:
        url = URL.create(
            "sqlite+pysqlcipher", password=self._key.pragma_value(), database=str(self.path)
        )
        self.engine: Engine = create_engine(
            url,
            creator=lambda: _raw_connect(self.path),
            poolclass=QueuePool,
            pool_size=4,
            max_overflow=4,
            pool_use_lifo=True,  # the last connection back is reused: its page cache is warm
            hide_parameters=True,  # no patient data inside exception messages
        )
        event.listen(self.engine, "connect", lambda dbapi, _rec: _apply_pragmas(dbapi))
        event.listen(self.engine, "begin", _begin)
        self._sessions.configure(bind=self.engine)
        self._write_sessions.configure(bind=self.engine.execution_options(rcp_begin="IMMEDIATE"))

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, key: DatabaseKey, *, migrate: bool = True) -> Database:
        """Open an existing database; :class:`UnlockError` (file untouched) on a wrong key; the
        system's and SQLite's refusals become their named errors (:mod:`.errors`)."""
        path = Path(path)
        check_file(path)
        if not key_opens(path, key):
            raise UnlockError(_N("core", "La clé ne permet pas d'ouvrir cette base."))
        db = cls(path, key)
        try:
            with db.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            if migrate:
                from rcp_desktop.storage.migrate import upgrade

                upgrade(db)
        except Exception as exc:
            db.close()
            known = explain(exc, path)
            if known is None or known is exc:
                raise
            raise known from exc
        return db

    @classmethod
    def create(cls, path: Path, key: DatabaseKey) -> Database:
        """Create a new encrypted database at *path* (refuses an existing file)."""
        from rcp_desktop.storage.migrate import upgrade

        path = Path(path)
        if os.path.lexists(path):  # a dangling link too: never create through it
            raise DatabaseError(_N("core", "Le fichier {path} existe déjà."), path=path)
        if not path.parent.is_dir():
            raise DatabaseError(_N("core", "Le dossier {path} n'existe pas."), path=path.parent)
        old_umask = os.umask(0o077)
        try:
            db = cls(path, key)
            try:
                upgrade(db)
            except Exception as exc:
                db.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
                known = explain(exc, path)
                if known is None or known is exc:
                    raise
                raise known from exc
        finally:
            os.umask(old_umask)
        return db

    # --- sessions --------------------------------------------------------------------------

    @property
    def key(self) -> DatabaseKey:
        return self._key

    def read(self) -> Session:
        """A session for reading (``with db.read() as s: ...``)."""
        return self._sessions()

    @contextmanager
    def write(self, actor: audit.Actor) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE) on behalf of *actor*, audited, committed on
        success, rolled back on error."""
        if self.read_only:
            raise ReadOnlyError()
        session = self._write_sessions()
        session.info["actor"] = actor
        try:
            with session.begin():
                yield session
        finally:
            session.close()
        for hook in list(self.commit_hooks):
            try:
                hook()
            except Exception:  # a hook (the anchor keeper) never undoes a commit
                log.warning("commit hook failed", exc_info=True)

    def rekey(self, new_key: DatabaseKey) -> None:
        """Re-encrypt the whole file under *new_key* (``PRAGMA rekey``, done by SQLCipher in
        one transaction), then reopen the pool with it and verify."""
        self.checkpoint()
        self.engine.dispose()
        conn = keyed_connection(self.path, self._key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute(f'PRAGMA rekey = "{new_key.pragma_value()}"')
        finally:
            conn.close()
        if not key_opens(self.path, new_key):
            raise DatabaseError(
                _N("core", "Le changement de clé a échoué ; l'ancienne clé reste valable.")
            )
        self._key = new_key
        self._bind_engine()

    def reload(self) -> None:
        """Drop every pooled connection and reconnect (after the file was replaced)."""
        self.engine.dispose()
        self._bind_engine()

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (before a file copy)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.engine.dispose()


def _begin(conn) -> None:
    mode = conn.get_execution_options().get("rcp_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")
