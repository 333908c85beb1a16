"""Alembic migrations shipped in the package, applied when a database is opened.

Before any migration of a database that already holds data, the (encrypted) file is copied
next to itself, so a failed or unwanted upgrade can be undone by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.storage.errors import DamagedError

if TYPE_CHECKING:
    from rcp_desktop.storage.engine import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@functools.cache
def _script_revisions() -> tuple[tuple[str, ...], frozenset[str]]:
    """The shipped migrations' heads and every revision id, read once per process: reading
    the scripts costs about 12 ms, and every open and every ``check`` asks."""
    script = ScriptDirectory.from_config(alembic_config())
    return tuple(script.get_heads()), frozenset(rev.revision for rev in script.walk_revisions())


def head_revision() -> str:
    heads = _script_revisions()[0]
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads")
    return heads[0]


_UNKNOWN_REVISION = _N(
    "core",
    "Version du schéma inconnue ({revision}) : la base a été modifiée hors de l'application, "
    "ou créée par une version plus récente de rcp-desktop.",
)


def known_revisions() -> frozenset[str]:
    return _script_revisions()[1]


def current_revision(db: Database) -> str | None:
    """The base's migration version; :class:`DamagedError` when ``alembic_version`` does not
    hold exactly one known revision (edited behind the application's back)."""
    with db.engine.connect() as conn:
        try:
            rows = [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")]
        except OperationalError:  # no such table: a base that was never migrated
            rows = []
            has_tables = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).scalar()
            if has_tables:
                raise DamagedError(_UNKNOWN_REVISION, revision="—") from None
    if not rows:
        with db.engine.connect() as conn:
            tables = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                "AND name <> 'alembic_version'"
            ).scalar()
        if tables:  # a base with tables but no version: the version was removed
            raise DamagedError(_UNKNOWN_REVISION, revision="—")
        return None
    if len(rows) != 1 or not isinstance(rows[0], str) or rows[0] not in known_revisions():
        shown = ", ".join(str(r)[:40] for r in rows[:3])
        raise DamagedError(_UNKNOWN_REVISION, revision=shown)
    return rows[0]


def backup_before_migration(db: Database, revision: str) -> Path:
    db.checkpoint()
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = db.path.with_name(f"{db.path.name}.avant-migration-{revision}-{stamp}")
    old_umask = os.umask(0o077)
    try:
        shutil.copy2(db.path, target)
    finally:
        os.umask(old_umask)
    os.chmod(target, 0o600)
    return target


def upgrade(db: Database) -> Path | None:
    """Bring *db* to the head revision; return the pre-migration copy, if one was taken."""
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return None
    backup = None
    if current is not None:
        backup = backup_before_migration(db, current)
        log.info("database copied before migration %s -> %s", current, head)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database migrated to %s", head)
    return backup
