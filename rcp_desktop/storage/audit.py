"""The audit log: every ORM create / update / delete leaves a hash-chained entry.

Entries are written by a flush hook, so no service can forget one: a write session without an
actor is refused. Each entry records the names of the changed columns (never their values), the
digest of the row as stored after the change, and the hash of the previous entry.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import logging
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import Table, event, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from rcp_desktop.models import AuditEntry, Base, utcnow

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
# Columns that change on every update and say nothing about what the user changed.
_BOOKKEEPING = frozenset({"version", "updated_at", "created_at"})


@dataclass(frozen=True)
class Actor:
    """Who acts: the OS account and the operator name typed at start-up."""

    os_user: str
    operator: str

    @classmethod
    def current(cls, operator: str | None = None) -> Actor:
        try:
            os_user = getpass.getuser()
        except Exception:
            os_user = "inconnu"
        return cls(os_user=os_user, operator=(operator or os_user).strip() or os_user)


class AuditError(RuntimeError):
    """A write attempted outside the audited path (a programming error)."""


def _canonical(value: object) -> object:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def row_digest(table: Table, row) -> str:
    data = {
        col.name: value
        for col in table.columns
        # A column added after rows were written (``models.base.ADDED_LATER``) counts once set.
        if (value := _canonical(row._mapping[col])) is not None
        or not col.info.get("digest_omits_null")
    }
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, values: dict[str, object]) -> str:
    payload = [
        prev_hash,
        _canonical(values["at"]),
        values["os_user"],
        values["operator"],
        values["action"],
        values["entity"],
        values["entity_id"],
        values["fields"],
        values["row_digest"],
    ]
    blob = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def audited_tables() -> list[Table]:
    """Entity tables whose rows the audit log vouches for."""
    return [
        t
        for name, t in sorted(Base.metadata.tables.items())
        if name != AuditEntry.__tablename__ and "id" in t.c
    ]


def last_hash(conn: Connection) -> str:
    value = conn.execute(
        select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar()
    return value or GENESIS_HASH


_READ_CHUNK = 500  # ids per SELECT when digesting the rows of a large flush


def _stored_rows(
    conn: Connection, wanted: list[tuple[Table, int]]
) -> dict[tuple[str, int], object]:
    """The rows as stored, read in chunks (a bulk import flushes thousands at once)."""
    by_table: dict[str, tuple[Table, list[int]]] = {}
    for table, entity_id in wanted:
        by_table.setdefault(table.name, (table, []))[1].append(entity_id)
    rows: dict[tuple[str, int], object] = {}
    for name, (table, ids) in by_table.items():
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), _READ_CHUNK):
            chunk = unique[start : start + _READ_CHUNK]
            for row in conn.execute(select(table).where(table.c.id.in_(chunk))):
                rows[(name, row._mapping[table.c.id])] = row
    return rows


def append_entries(
    conn: Connection, actor: Actor, changes: list[tuple[str, Table, int, str]]
) -> None:
    """Append one chained entry per (action, table, id, fields) change, digesting the rows."""
    if not changes:
        return
    prev = last_hash(conn)
    now = utcnow()
    stored = _stored_rows(conn, [(t, i) for action, t, i, _f in changes if action != "delete"])
    rows = []
    for action, table, entity_id, fields in changes:
        digest = None
        if action != "delete":
            row = stored.get((table.name, entity_id))
            digest = row_digest(table, row) if row is not None else None
        values = {
            "at": now,
            "os_user": actor.os_user,
            "operator": actor.operator,
            "action": action,
            "entity": table.name,
            "entity_id": entity_id,
            "fields": fields,
            "row_digest": digest,
        }
        values["prev_hash"] = prev
        values["entry_hash"] = prev = entry_hash(prev, values)
        rows.append(values)
    conn.execute(insert(AuditEntry.__table__), rows)


def _changed_fields(obj) -> str:
    state = inspect(obj)
    names = [
        attr.key
        for attr in state.attrs
        if attr.key not in _BOOKKEEPING and attr.history.has_changes()
    ]
    return ",".join(sorted(names))


def _after_flush(session: Session, _flush_context) -> None:
    actor = session.info.get("actor")
    changes: list[tuple[str, Table, int, str]] = []
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if isinstance(obj, AuditEntry):
                raise AuditError("audit entries are written by the audit hook only")
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            fields = "" if action == "delete" else _changed_fields(obj)
            changes.append((action, obj.__table__, obj.id, fields))
    if not changes:
        return
    if not isinstance(actor, Actor):
        raise AuditError("a write session needs an actor (db.write(actor=...))")
    changes.sort(key=lambda c: (("create", "update", "delete").index(c[0]), c[1].name, c[2]))
    append_entries(session.connection(), actor, changes)


def _refuse_bulk_writes(orm_execute_state) -> None:
    if orm_execute_state.is_update or orm_execute_state.is_delete:
        raise AuditError("bulk ORM UPDATE/DELETE bypass the audit log; change objects instead")


def install(session_factory) -> None:
    """Attach the audit hooks to a sessionmaker (idempotent)."""
    if not event.contains(session_factory, "after_flush", _after_flush):
        event.listen(session_factory, "after_flush", _after_flush)
        event.listen(session_factory, "do_orm_execute", _refuse_bulk_writes)
