"""The schema a base must have — what the current migrations produce — and what differs in a
file: a table, index, trigger or view added, missing or changed behind the application's back
(no Qt).

The expected schema is built once per process by running every migration on an empty
in-memory database, so it can never drift from the migrations themselves; both sides are read
from ``sqlite_master`` with their SQL text (whitespace folded), which also covers the CHECK and
foreign-key clauses of each table and the body of each trigger.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlcipher3
from alembic import command
from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from rcp_desktop.storage.migrate import alembic_config

# SQLite's own statistics (ANALYZE) say nothing about the data: left out of the comparison.
_IGNORED = re.compile(r"^sqlite_stat\d$")
_SPACE = re.compile(r"\s+")

ObjectKey = tuple[str, str]  # (type, name)


@dataclass(frozen=True)
class SchemaDifference:
    kind: str  # table, index, trigger, view
    name: str
    change: str  # "extra", "missing", "changed"


def _normalise(sql: str | None) -> str | None:
    return None if sql is None else _SPACE.sub(" ", sql).strip()


def objects(rows: Iterable[tuple[object, object, object, object]]) -> dict[ObjectKey, tuple]:
    """``(type, name) → (table, SQL)`` from the rows of ``SELECT type, name, tbl_name, sql FROM
    sqlite_master`` (raw: a tampered row of any shape is kept as it is, as text)."""
    found: dict[ObjectKey, tuple] = {}
    for kind, name, table, sql in rows:
        key = (str(kind), str(name))
        if _IGNORED.match(key[1]):
            continue
        found[key] = (str(table), _normalise(sql if sql is None else str(sql)))
    return found


@functools.lru_cache(maxsize=1)
def expected_objects() -> dict[ObjectKey, tuple]:
    """What the migrations produce, from an empty in-memory database (once per process)."""
    raw = sqlcipher3.connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return objects(raw.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        engine.dispose()
        raw.close()


def differences(found: dict[ObjectKey, tuple]) -> list[SchemaDifference]:
    """What differs between *found* (a base's objects) and what the migrations produce."""
    expected = expected_objects()
    result = [SchemaDifference(k, n, "extra") for (k, n) in sorted(found.keys() - expected.keys())]
    result += [
        SchemaDifference(k, n, "missing") for (k, n) in sorted(expected.keys() - found.keys())
    ]
    result += [
        SchemaDifference(k, n, "changed")
        for (k, n) in sorted(found.keys() & expected.keys())
        if found[(k, n)] != expected[(k, n)]
    ]
    return result
