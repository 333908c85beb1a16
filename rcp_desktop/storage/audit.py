"""The audit log: every ORM create / update / delete leaves a hash-chained entry.

Entries are written by a flush hook, so no service can forget one: a write session without an
actor is refused. Each entry records the names of the changed columns (never their values), the
digest of the row as stored after the change, and the hash of the previous entry.

Digests and hashes are computed over the *raw* values SQLite stores (the driver's, before any
conversion), storage classes included: ``check`` recomputes them from the same raw values, so a
value of any shape, tampered or not, can only make a digest differ — never stop the check.
"""

from __future__ import annotations

import functools
import getpass
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, event, inspect, select
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


def _json_blob(value: object) -> object:
    """JSON for what json cannot hold: a BLOB stands for its SHA-256."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"blob": hashlib.sha256(bytes(value)).hexdigest()}
    raise TypeError(type(value).__name__)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_blob)


def _digest(payload: object) -> str:
    blob = _ENCODER.encode(payload)
    # surrogatepass: a tampered TEXT that was not UTF-8 still digests (and differs)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def _omitted_when_null(table: Table) -> frozenset[int]:
    """Positions of the columns added after rows were written (``models.base.ADDED_LATER``):
    they count once set, so the rows written before the migration keep their digest."""
    return frozenset(i for i, c in enumerate(table.columns) if c.info.get("digest_omits_null"))


def stored_digest(table: Table, values: Sequence[object]) -> str:
    """The digest of a row as SQLite stores it: its raw values (the driver's, no conversion)
    in the model's column order, each with its storage class — JSON keeps 5, "5", 5.0, null
    and a BLOB apart, so a value rewritten with the same content under another type shows."""
    omitted = _omitted_when_null(table)
    kept = [v for i, v in enumerate(values) if v is not None or i not in omitted]
    return _digest([table.name, kept])


def entry_hash(prev_hash: str, values: Sequence[object]) -> str:
    """The hash of an audit entry: the previous entry's hash and the entry's raw stored values
    (:data:`ENTRY_COLUMNS`), whatever their shape — a tampered value only makes it differ."""
    return _digest([prev_hash, *values])


# The columns an entry's hash covers, in order (``prev_hash`` and ``entry_hash`` aside).
ENTRY_COLUMNS = (
    "at",
    "os_user",
    "operator",
    "action",
    "entity",
    "entity_id",
    "fields",
    "row_digest",
)
STORED_AT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's DATETIME text on SQLite


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def select_columns_sql(table: Table) -> str:
    """``SELECT "a", "b"… FROM "t"``: the model's columns, in order, read raw."""
    columns = ", ".join(quote(c.name) for c in table.columns)
    return f"SELECT {columns} FROM {quote(table.name)}"


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


def _stored_digests(
    conn: Connection, wanted: list[tuple[Table, int]]
) -> dict[tuple[str, int], str]:
    """The digests of the rows as stored (raw values, read in chunks: a bulk import flushes
    thousands at once)."""
    by_table: dict[str, tuple[Table, list[int]]] = {}
    for table, entity_id in wanted:
        by_table.setdefault(table.name, (table, []))[1].append(entity_id)
    digests: dict[tuple[str, int], str] = {}
    for name, (table, ids) in by_table.items():
        unique = list(dict.fromkeys(ids))
        id_index = [c.name for c in table.columns].index("id")
        for start in range(0, len(unique), _READ_CHUNK):
            chunk = unique[start : start + _READ_CHUNK]
            marks = ", ".join("?" * len(chunk))
            sql = f"{select_columns_sql(table)} WHERE id IN ({marks})"
            for row in conn.exec_driver_sql(sql, tuple(chunk)):
                digests[(name, row[id_index])] = stored_digest(table, row)
    return digests


def append_entries(
    conn: Connection, actor: Actor, changes: list[tuple[str, Table, int, str]]
) -> None:
    """Append one chained entry per (action, table, id, fields) change, digesting the rows as
    stored. Entries are inserted with their raw values (the time as text), so that the hash
    covers exactly what the file holds."""
    if not changes:
        return
    prev = last_hash(conn)
    at = utcnow().strftime(STORED_AT_FORMAT)
    stored = _stored_digests(conn, [(t, i) for action, t, i, _f in changes if action != "delete"])
    rows = []
    for action, table, entity_id, fields in changes:
        digest = stored.get((table.name, entity_id)) if action != "delete" else None
        values = (at, actor.os_user, actor.operator, action, table.name, entity_id, fields, digest)
        current = entry_hash(prev, values)
        rows.append((*values, prev, current))
        prev = current
    columns = ", ".join((*ENTRY_COLUMNS, "prev_hash", "entry_hash"))
    marks = ", ".join("?" * (len(ENTRY_COLUMNS) + 2))
    conn.exec_driver_sql(f"INSERT INTO audit_entry ({columns}) VALUES ({marks})", rows)


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
