"""Alembic migrations shipped in the package, applied when a database is opened.

Before any migration of a database that already holds data, the (encrypted) file is copied
next to itself, so a failed or unwanted upgrade can be undone by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
    from rcp_desktop.storage.engine import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads")
    return heads[0]


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


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
