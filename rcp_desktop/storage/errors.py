"""The storage errors, with French messages, and the translation of what the system and SQLite
say into them (no Qt).

Each failure a user can meet gets its own message and its own class, so that a front-end shows
the truth and a headless command exits with the right code:

- :class:`DatabaseError` — a file that cannot be used as asked (missing, not a base, a folder,
  a special file, exists already…); exit 1;
- :class:`UnlockError` — the key is wrong or missing, or the typed secret cannot be a key;
  the file is left untouched; exit 3;
- :class:`DamagedError` — the file is damaged or was tampered with (a page whose HMAC fails,
  a truncated file, an erased header, an audit chain or schema that does not hold); exit 4;
- :class:`SystemRefusedError` — the system refused: full disk, no permission, read-only folder
  or file system, an input/output error; exit 5.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import TranslatableError


class DatabaseError(TranslatableError):
    """A database file that cannot be used (missing, not ours, already exists…)."""


class UnlockError(DatabaseError):
    """The key does not open the database (wrong or missing). The file is left untouched."""


class DamagedError(DatabaseError):
    """The file is damaged or was changed behind the application's back."""


class SystemRefusedError(DatabaseError):
    """The operating system refused the operation (disk full, permission, read-only…)."""


class ReadOnlyError(DatabaseError):
    """The base was switched to read-only (damaged pages, a chain that does not match its
    anchor): nothing is written until it is restored or its state adopted."""

    def __init__(self) -> None:
        super().__init__(
            _N(
                "core",
                "La base est en lecture seule : un problème d'intégrité a été trouvé. "
                "Restaurez la dernière sauvegarde saine (bandeau en haut de la fenêtre) ; "
                "rien n'a été enregistré.",
            )
        )


# SQLite primary result codes (the low byte of an extended code).
SQLITE_PERM = 3
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

# sqlite3ErrStr(): the fixed English text of each result code.
_SQLITE_MESSAGES = {
    "database or disk is full": SQLITE_FULL,
    "attempt to write a readonly database": SQLITE_READONLY,
    "unable to open database file": SQLITE_CANTOPEN,
    "disk I/O error": SQLITE_IOERR,
    "database disk image is malformed": SQLITE_CORRUPT,
    "file is not a database": SQLITE_NOTADB,
    "access permission denied": SQLITE_PERM,
}

_DISK_FULL = _N("core", "Disque plein : impossible d'écrire dans {folder}. Libérez de la place.")
_NO_PERMISSION = _N("core", "Permission refusée sur {path}.")
_READ_ONLY = _N(
    "core",
    "Le dossier {folder} est en lecture seule : la base ne peut pas y être ouverte ni écrite.",
)
_IO_ERROR = _N(
    "core", "Erreur d'entrée-sortie du disque sur {path} : le support est peut-être défaillant."
)
_DAMAGED = _N(
    "core",
    "La base {path} est endommagée ou tronquée (SQLite : {detail}). Restaurez la dernière sauvegarde.",
)


def os_error(exc: OSError, path: Path | None = None) -> DatabaseError | None:
    """The message for an :class:`OSError` the system raised on *path*; None when it is not one
    of the named cases."""
    where = Path(exc.filename) if isinstance(exc.filename, (str, Path)) else path
    where = where if where is not None else Path(".")
    folder = where.parent if not where.is_dir() else where
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return SystemRefusedError(_DISK_FULL, folder=folder)
    if exc.errno == errno.EROFS:
        return SystemRefusedError(_READ_ONLY, folder=folder)
    if exc.errno in (errno.EACCES, errno.EPERM):
        if not os.path.lexists(where) and folder.is_dir() and not os.access(folder, os.W_OK):
            return SystemRefusedError(_READ_ONLY, folder=folder)  # a file it cannot create
        return SystemRefusedError(_NO_PERMISSION, path=where)
    if exc.errno == errno.EIO:
        return SystemRefusedError(_IO_ERROR, path=where)
    return None


def sqlite_error(exc: BaseException, path: Path) -> DatabaseError | None:
    """The message for a SQLite / SQLCipher error met on the base at *path*; None when it is not
    one of the named cases. Works on the driver's exception or on SQLAlchemy's wrapper."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if not isinstance(code, int):  # the backup API raises without a code: SQLite's own words
        code = next((c for text, c in _SQLITE_MESSAGES.items() if str(orig).startswith(text)), None)
        if code is None or not type(orig).__module__.startswith(("sqlcipher3", "sqlite3")):
            return None
    primary = code & 0xFF
    folder = path.parent
    if primary == SQLITE_FULL:
        return SystemRefusedError(_DISK_FULL, folder=folder)
    if primary in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM):
        if not os.access(folder, os.W_OK):
            return SystemRefusedError(_READ_ONLY, folder=folder)
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            return SystemRefusedError(_NO_PERMISSION, path=path)
        if primary == SQLITE_READONLY:
            return SystemRefusedError(_READ_ONLY, folder=folder)
        return SystemRefusedError(_NO_PERMISSION, path=path)
    if primary == SQLITE_IOERR:
        return SystemRefusedError(_IO_ERROR, path=path)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedError(_DAMAGED, path=path, detail=str(orig).splitlines()[0][:120])
    return None


def explain(exc: BaseException, path: Path | None = None) -> DatabaseError | None:
    """What a user should read for *exc*: itself when it is already one of ours, the named case
    of an OS or SQLite error, else None (an unexpected error)."""
    if isinstance(exc, DatabaseError):
        return exc
    if isinstance(exc, OSError):
        return os_error(exc, path)
    if path is not None:
        return sqlite_error(exc, path)
    return None
