"""Full export (portability, right of access): every table as JSON."""

from __future__ import annotations

import base64
import datetime as dt
import json
from enum import Enum
from pathlib import Path

from sqlalchemy import select

from rcp_desktop import __version__
from rcp_desktop.files import atomic_write_text
from rcp_desktop.models import Base
from rcp_desktop.storage import Database
from rcp_desktop.storage.migrate import current_revision

EXPORT_FORMAT = "rcp-desktop-export"
EXPORT_VERSION = 1


def _json_value(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def export_all(db: Database, now: dt.datetime | None = None) -> dict:
    tables: dict[str, list[dict]] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            order = [c for c in table.primary_key.columns]
            rows = conn.execute(select(table).order_by(*order))
            tables[table.name] = [
                {key: _json_value(value) for key, value in row._mapping.items()} for row in rows
            ]
    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_VERSION,
        "application_version": __version__,
        "schema_revision": current_revision(db),
        "exported_at": (now or dt.datetime.now()).isoformat(timespec="seconds"),
        "tables": tables,
    }


def export_to_file(db: Database, path: Path) -> dict[str, int]:
    """Write the export atomically with private permissions; return row counts per table."""
    data = export_all(db)
    atomic_write_text(Path(path), json.dumps(data, ensure_ascii=False, indent=1))
    return {name: len(rows) for name, rows in data["tables"].items()}
