"""Encrypted backups (a SQLCipher page copy under the same key, never a plaintext dump),
automatic rotation, and restore with verification before anything is replaced."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from rcp_desktop.files import fsync_dir
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.paths import create_private_dirs
from rcp_desktop.storage import pages
from rcp_desktop.storage.engine import (
    Database,
    check_file,
    key_opens,
    keyed_connection,
    readonly_connection,
)
from rcp_desktop.storage.errors import DamagedError, DatabaseError, UnlockError, explain
from rcp_desktop.storage.keys import DatabaseKey

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".rcpbak"
_STAMP = re.compile(r"-(\d{8}T\d{6})" + re.escape(BACKUP_SUFFIX) + "$")


def backup_to(db: Database, target: Path) -> Path:
    """Copy *db* (consistent, online) into *target*, encrypted with the same key; verify the
    copy opens and passes the integrity check before it takes its final name."""
    target = Path(target)
    if not target.parent.is_dir():
        raise DatabaseError(_N("core", "Le dossier {path} n'existe pas."), path=target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # SQLite creates it, keyed, with the umask below
    old_umask = os.umask(0o077)
    try:
        src = keyed_connection(db.path, db.key)
        dst = keyed_connection(tmp, db.key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            dst.close()
            src.close()
        problems = integrity_problems(tmp, db.key)
        if problems:
            raise DamagedError(
                _N("core", "La copie de sauvegarde est défectueuse : {detail}"),
                detail=" ; ".join(problems),
            )
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        known = explain(exc, target) if isinstance(exc, Exception) else None
        if known is not None and known is not exc:  # a full disk, a read-only folder…
            raise known from exc
        raise
    finally:
        os.umask(old_umask)
    os.chmod(target, 0o600)
    log.info("backup written (%d bytes)", target.stat().st_size)
    return target


def integrity_problems(path: Path, key: DatabaseKey) -> list[str]:
    """SQLite's integrity check of the self-contained file at *path*, on an immutable read-only
    connection (nothing created beside it); [] when sound, else its first lines."""
    conn = readonly_connection(path, key)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlcipher3.DatabaseError as exc:  # a page so damaged the check cannot even run
        rows = [
            translate(_N("core", "fichier tronqué ou endommagé (SQLite : {detail})")).format(
                detail=str(exc)
            )
        ]
    finally:
        conn.close()
    return [] if rows == ["ok"] else summarise(rows)


def summarise(rows: list[str], shown: int = 3) -> list[str]:
    """The first lines of SQLite's integrity report (it may run to thousands)."""
    lines = [
        line.strip()
        for row in rows
        for line in str(row).splitlines()
        if line.strip() and not line.startswith("***")
    ]
    if len(lines) > shown:
        return [*lines[:shown], f"(+{len(lines) - shown})"]
    return lines


@dataclass(frozen=True)
class BackupPolicy:
    folder: Path
    keep: int = 7
    every: dt.timedelta = dt.timedelta(days=1)


def backup_name(db_path: Path, when: dt.datetime) -> str:
    return f"{Path(db_path).stem}-{when:%Y%m%dT%H%M%S}{BACKUP_SUFFIX}"


def existing_backups(folder: Path, db_path: Path) -> list[Path]:
    """Backups of *db_path* in *folder*, oldest first."""
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    found = [
        p
        for p in folder.iterdir()
        if p.name.startswith(stem + "-") and _STAMP.search(p.name) and p.is_file()
    ]
    return sorted(found, key=lambda p: _STAMP.search(p.name).group(1))


def last_backup_time(folder: Path, db_path: Path) -> dt.datetime | None:
    backups = existing_backups(folder, db_path)
    if not backups:
        return None
    return dt.datetime.strptime(_STAMP.search(backups[-1].name).group(1), "%Y%m%dT%H%M%S")


def automatic_backup(db: Database, policy: BackupPolicy, now: dt.datetime) -> Path | None:
    """Back up when the last backup is older than the policy's period; keep the newest
    ``keep`` backups. Returns the new backup or None when none was due."""
    last = last_backup_time(policy.folder, db.path)
    if last is not None and now - last < policy.every:
        return None
    create_private_dirs(policy.folder)
    target = backup_to(db, policy.folder / backup_name(db.path, now))
    for old in existing_backups(policy.folder, db.path)[: -policy.keep]:
        old.unlink(missing_ok=True)
        log.info("old backup removed by rotation")
    return target


def verify_backup(backup: Path, key: DatabaseKey) -> None:
    """Raise unless *backup* is an encrypted database that *key* opens and that is sound."""
    check_file(backup)
    if not key_opens(backup, key):
        raise UnlockError(_N("core", "La clé ne permet pas d'ouvrir cette sauvegarde."))
    damage = pages.damage(backup, key)
    if damage is not None:
        raise damage
    problems = integrity_problems(backup, key)
    if problems:
        raise DamagedError(
            _N("core", "Sauvegarde défectueuse : {detail}"), detail=" ; ".join(problems)
        )


def restore(backup: Path, target: Path, key: DatabaseKey, *, force: bool = False) -> Path | None:
    """Replace *target* by *backup* after verifying it. Refuses an existing target unless
    *force*; then the current file is first set aside (returned path). The target must not be
    open (the caller holds the single-instance lock)."""
    backup, target = Path(backup), Path(target)
    verify_backup(backup, key)
    if backup.resolve() == target.resolve():
        raise DatabaseError(_N("core", "La sauvegarde et la base sont le même fichier."))
    if not target.parent.is_dir():
        raise DatabaseError(_N("core", "Le dossier {path} n'existe pas."), path=target.parent)
    set_aside = None
    if target.exists():
        if not force:
            raise DatabaseError(
                _N("core", "La base {path} existe : restauration refusée sans --force."),
                path=target,
            )
        # Fold any WAL of the current base into it before setting it aside.
        if key_opens(target, key):
            conn = keyed_connection(target, key)
            with contextlib.closing(conn):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        set_aside = target.with_name(f"{target.name}.avant-restauration-{stamp}")
        os.replace(target, set_aside)
        for suffix in ("-wal", "-shm"):
            side = Path(str(target) + suffix)
            if side.exists():
                os.replace(side, Path(str(set_aside) + suffix))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(backup, tmp)
        os.chmod(tmp, 0o600)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("database restored from a verified backup")
    return set_aside
