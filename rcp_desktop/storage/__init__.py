"""Encrypted storage: SQLCipher engine, keys, migrations, backups, locks. No Qt."""

from rcp_desktop.storage.engine import Database, DatabaseError, UnlockError
from rcp_desktop.storage.keys import DatabaseKey

__all__ = ["Database", "DatabaseError", "DatabaseKey", "UnlockError"]
