"""The SQLCipher-backed SQLAlchemy engine.

Every connection: SQLCipher error chatter silenced, the raw key applied, foreign keys enforced,
WAL journal, ``synchronous = FULL`` (a committed note survives a power cut), temporary
structures in memory (never a temp file), a busy timeout. Write transactions start with
``BEGIN IMMEDIATE`` so the audit chain is extended by one writer at a time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlcipher3
from sqlalchemy import URL, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import TranslatableError
from rcp_desktop.storage import audit
from rcp_desktop.storage.keys import DatabaseKey, candidate_keys

log = logging.getLogger(__name__)

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(TranslatableError):
    """A database file that cannot be used (missing, not ours, already exists…)."""


class UnlockError(DatabaseError):
    """The key does not open the database (wrong or missing). The file is left untouched."""


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
    ):
        cur.execute(pragma)
    cur.close()


def keyed_connection(path: Path, key: DatabaseKey) -> sqlcipher3.Connection:
    """A bare DB-API connection to *path* with *key* applied (not verified), for low-level
    work (backup, rekey, checks). Nothing is written until the caller writes."""
    conn = _raw_connect(path)
    conn.execute(f'PRAGMA key = "{key.pragma_value()}"')
    return conn


def key_opens(path: Path, key: DatabaseKey) -> bool:
    """True if *key* decrypts the existing file at *path*; reads only, writes nothing."""
    conn = keyed_connection(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def key_for_secret(path: Path, secret: str) -> DatabaseKey | None:
    """The key a typed secret (passphrase or recovery code) stands for, if it opens *path*."""
    for key in candidate_keys(secret, path):
        if key_opens(path, key):
            return key
    return None


def check_file(path: Path) -> None:
    """Refuse what is clearly not an encrypted rcp-desktop database, before any key is tried."""
    if not path.exists():
        raise DatabaseError(_N("core", "Base introuvable : {path}"), path=path)
    if path.is_dir():
        raise DatabaseError(_N("core", "{path} est un dossier, pas une base."), path=path)
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head == SQLITE_PLAIN_HEADER:
        raise DatabaseError(
            _N("core", "{path} est une base SQLite non chiffrée : refusée."), path=path
        )
    if len(head) < 16:
        raise DatabaseError(_N("core", "{path} n'est pas une base rcp-desktop."), path=path)


class Database:
    """An opened, unlocked, migrated encrypted database."""

    def __init__(self, path: Path, key: DatabaseKey) -> None:
        self.path = Path(path)
        self._key = key
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
            hide_parameters=True,  # no patient data inside exception messages
        )
        event.listen(self.engine, "connect", lambda dbapi, _rec: _apply_pragmas(dbapi))
        event.listen(self.engine, "begin", _begin)
        self._sessions.configure(bind=self.engine)
        self._write_sessions.configure(bind=self.engine.execution_options(rcp_begin="IMMEDIATE"))

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, key: DatabaseKey, *, migrate: bool = True) -> Database:
        """Open an existing database; :class:`UnlockError` (file untouched) on a wrong key."""
        path = Path(path)
        check_file(path)
        if not key_opens(path, key):
            raise UnlockError(_N("core", "La clé ne permet pas d'ouvrir cette base."))
        db = cls(path, key)
        if migrate:
            from rcp_desktop.storage.migrate import upgrade

            try:
                upgrade(db)
            except Exception:
                db.close()
                raise
        return db

    @classmethod
    def create(cls, path: Path, key: DatabaseKey) -> Database:
        """Create a new encrypted database at *path* (refuses an existing file)."""
        from rcp_desktop.storage.migrate import upgrade

        path = Path(path)
        if path.exists():
            raise DatabaseError(_N("core", "Le fichier {path} existe déjà."), path=path)
        if not path.parent.is_dir():
            raise DatabaseError(_N("core", "Le dossier {path} n'existe pas."), path=path.parent)
        old_umask = os.umask(0o077)
        try:
            db = cls(path, key)
            try:
                upgrade(db)
            except Exception:
                db.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
                raise
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
        session = self._write_sessions()
        session.info["actor"] = actor
        try:
            with session.begin():
                yield session
        finally:
            session.close()

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
