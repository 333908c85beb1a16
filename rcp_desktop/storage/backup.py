"""Encrypted backups (a SQLCipher page copy under the same key, never a plaintext dump),
automatic rotation, and restore with verification before anything is replaced."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import glob
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from rcp_desktop.files import fsync_dir
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.paths import create_private_dirs
from rcp_desktop.storage import anchor as anchors
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
        head = backup_head(tmp, db.key)
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
    try:
        anchors.write_sidecar(target, head)
    except OSError:  # the backup is whole; only its fingerprint is missing
        log.warning("backup fingerprint not written")
    log.info("backup written (%d bytes)", target.stat().st_size)
    return target


def backup_head(path: Path, key: DatabaseKey) -> anchors.ChainHead:
    """The head of the audit chain in the self-contained file *path* (reads only)."""
    conn = readonly_connection(path, key)
    try:
        return anchors.chain_head(conn)
    finally:
        conn.close()


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
    return sorted(found, key=lambda p: _stamp(p.name))


def _stamp(name: str) -> str:
    match = _STAMP.search(name)
    return match.group(1) if match else ""


def last_backup_time(folder: Path, db_path: Path) -> dt.datetime | None:
    backups = existing_backups(folder, db_path)
    if not backups:
        return None
    return dt.datetime.strptime(_stamp(backups[-1].name), "%Y%m%dT%H%M%S")


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
        anchors.remove_sidecar(old)
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
    try:
        recorded = anchors.read_sidecar(backup)
    except ValueError:
        raise DamagedError(
            _N("core", "L'empreinte enregistrée à côté de la sauvegarde {path} est illisible."),
            path=anchors.sidecar(backup),
        ) from None
    if recorded is not None:
        found = backup_head(backup, key)
        if found != recorded:
            raise DamagedError(
                _N(
                    "core",
                    "La sauvegarde ne correspond plus à l'empreinte écrite à côté d'elle "
                    "(journal de {expected} attendu, {found} trouvé) : elle a été modifiée "
                    "depuis. Choisissez-en une autre.",
                ),
                expected=recorded.fingerprint,
                found=found.fingerprint,
            )


# Called with the name of each step of a restore (tests stop or kill the process there).
restore_hook: Callable[[str], None] | None = None
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_COPY_CHUNK = 1 << 20


def _step(name: str) -> None:
    if restore_hook is not None:
        restore_hook(name)


def restore(backup: Path, target: Path, key: DatabaseKey, *, force: bool = False) -> Path | None:
    """Replace the base at *target* by *backup* so that the path always holds a whole base,
    the old one or the new one, whatever stops the process and whenever:

    1. the backup is verified (pages and structure), copied beside the target under a
       temporary name, fsynced, and the copy's pages verified again;
    2. the current base (only with *force*) has its ``-wal`` folded in when the key opens it,
       then is set aside under a new name by a hard link (a copy where links are not
       possible): the path still holds it;
    3. the side files (``-wal``, ``-shm``, ``-journal``) still beside the target are moved
       next to the set-aside copy: a stale ``-wal`` is never replayed into the restored base;
    4. the copy takes the target's name by an atomic rename, and the folder is fsynced.

    Returns the set-aside path (None when there was no base). A full disk or any error before
    step 4 leaves the current base at the path and removes the temporary copy. The caller holds
    the instance lock and the use lock exclusively: nothing reads or writes the base meanwhile.
    """
    backup, target = Path(backup), Path(target)
    verify_backup(backup, key)
    if os.path.lexists(target) and backup.resolve() == target.resolve():
        raise DatabaseError(_N("core", "La sauvegarde et la base sont le même fichier."))
    if not target.parent.is_dir():
        raise DatabaseError(_N("core", "Le dossier {path} n'existe pas."), path=target.parent)
    exists = os.path.lexists(target)
    if exists:
        if not force:
            raise DatabaseError(
                _N("core", "La base {path} existe : restauration refusée sans --force."),
                path=target,
            )
        _check_replaceable(target)
    _remove_stale_copies(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    set_aside: Path | None = None
    swapped = False
    try:
        _copy_synced(backup, fd)
        _step("copied")
        damage = pages.damage(tmp, key)
        if damage is not None:
            raise damage
        _step("verified")
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        if exists:
            _fold_wal(target, key)
            _step("folded")
            set_aside = _free_name(target, f"avant-restauration-{stamp}")
            _link_or_copy(target, set_aside)
            _step("set-aside")
        _move_side_files(target, set_aside or _free_name(target, f"residus-{stamp}"))
        _step("side-files")
        os.replace(tmp, target)
        swapped = True
        _step("swapped")
        fsync_dir(target.parent)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if not swapped:
            _undo_set_aside(target, set_aside)
        known = explain(exc, target) if isinstance(exc, Exception) else None
        if known is not None and known is not exc:
            raise known from exc
        raise
    log.info("database restored from a verified backup")
    return set_aside


def _remove_stale_copies(target: Path) -> None:
    """Temporary copies left by a restore that was killed (the caller holds the locks: no
    restore of this base is running)."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()


def _check_replaceable(target: Path) -> None:
    """Only a plain file is replaced (damaged or not): never a link, a folder or a special
    file, which :func:`check_file` refuses with their own messages."""
    if not stat.S_ISREG(os.lstat(target).st_mode):
        check_file(target)


def _undo_set_aside(target: Path, set_aside: Path | None) -> None:
    """After a failure before the swap: the side files go back beside the base, and the
    set-aside second name of the base (the same file) is removed."""
    if set_aside is None:
        return
    with contextlib.suppress(OSError):
        for suffix in SIDE_SUFFIXES:
            moved = Path(str(set_aside) + suffix)
            if os.path.lexists(moved) and not os.path.lexists(str(target) + suffix):
                os.replace(moved, Path(str(target) + suffix))
        if os.path.lexists(set_aside) and os.path.samefile(set_aside, target):
            set_aside.unlink()


def _copy_synced(source: Path, fd: int) -> None:
    """Copy *source* into the open temporary file *fd* (mode 0600), fsync, close."""
    with os.fdopen(fd, "wb") as out:
        if hasattr(os, "fchmod"):
            os.fchmod(out.fileno(), 0o600)
        with open(source, "rb") as src:
            while chunk := src.read(_COPY_CHUNK):
                out.write(chunk)
        out.flush()
        os.fsync(out.fileno())


def _fold_wal(target: Path, key: DatabaseKey) -> None:
    """Fold the current base's ``-wal`` into it when *key* opens it (its committed data then
    live in the file that is set aside); a base the key does not open keeps its side files."""
    try:
        opens = key_opens(target, key)
    except DatabaseError:
        opens = False  # a damaged base: set aside as it is, with its side files
    if not opens:
        return
    conn = keyed_connection(target, key)
    with contextlib.closing(conn):
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlcipher3.DatabaseError as exc:
            known = explain(exc, target)
            if not isinstance(known, DamagedError):  # a full disk: stop, nothing changed
                raise known or exc from exc
            # a damaged base is set aside as it is, its side files with it


def _free_name(target: Path, label: str) -> Path:
    candidate = target.with_name(f"{target.name}.{label}")
    n = 1
    while any(os.path.lexists(str(candidate) + s) for s in ("", *SIDE_SUFFIXES)):
        n += 1
        candidate = target.with_name(f"{target.name}.{label}-{n}")
    return candidate


def _link_or_copy(target: Path, set_aside: Path) -> None:
    """A second name for the current base: a hard link, or a synced copy where the file
    system has none (FAT, some network shares)."""
    try:
        os.link(target, set_aside, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise
        fd = os.open(set_aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _copy_synced(target, fd)
        except BaseException:
            set_aside.unlink(missing_ok=True)
            raise
    fsync_dir(target.parent)


def _move_side_files(target: Path, keep_as: Path) -> None:
    for suffix in SIDE_SUFFIXES:
        side = Path(str(target) + suffix)
        if os.path.lexists(side):
            os.replace(side, Path(str(keep_as) + suffix))
            _step(f"moved{suffix}")
