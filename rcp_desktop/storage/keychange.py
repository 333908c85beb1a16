"""Change a database's key (passphrase change, key rotation, keyring ↔ passphrase) keeping the
OS keyring entry consistent with the file at every step."""

from __future__ import annotations

import logging

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage.engine import Database, DatabaseError
from rcp_desktop.storage.keys import DatabaseKey

log = logging.getLogger(__name__)


def change_key(db: Database, new_key: DatabaseKey, *, to_keyring: bool) -> None:
    """Re-encrypt *db* under *new_key*. With *to_keyring*, the new key is stored in the trusted
    keyring before the file changes (and the previous entry put back if re-encryption fails);
    otherwise any keyring entry is removed once the file carries the new key."""
    previous = keymod.keyring_get(db.path)
    if to_keyring:
        if not keymod.keyring_set(db.path, new_key):
            raise DatabaseError(
                _N(
                    "core",
                    "Aucun trousseau système sûr n'a accepté la nouvelle clé : rien n'a changé.",
                )
            )
        try:
            db.rekey(new_key)
        except BaseException:
            if previous is not None:
                keymod.keyring_set(db.path, previous)
            else:
                keymod.keyring_delete(db.path)
            raise
    else:
        db.rekey(new_key)
        if previous is not None:
            keymod.keyring_delete(db.path)
    log.info("database key changed (keyring=%s)", to_keyring)
