"""Integrity check: SQLCipher/SQLite structure, the audit hash chain, and every audited row
against the digest its last audit entry recorded (a row edited behind the app's back shows)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import AuditEntry
from rcp_desktop.storage import Database
from rcp_desktop.storage.audit import GENESIS_HASH, audited_tables, entry_hash, row_digest


@dataclass
class CheckReport:
    structure: list[str] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    entries: int = 0
    rows_checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.structure or self.chain or self.rows)

    def lines(self) -> list[str]:
        if self.ok:
            return [
                translate(
                    _N(
                        "core",
                        "Base intègre : {rows} enregistrements et {entries} entrées du journal vérifiés.",
                    )
                ).format(rows=self.rows_checked, entries=self.entries)
            ]
        return self.structure + self.chain + self.rows


def check_database(db: Database) -> CheckReport:
    report = CheckReport()
    try:
        _check(db, report)
    except DBAPIError as exc:  # damage severe enough to stop the check itself
        report.structure.append(
            translate(_N("core", "Base endommagée : {detail}")).format(
                detail=type(exc.orig).__name__
            )
        )
    return report


def _check(db: Database, report: CheckReport) -> None:
    with db.engine.connect() as conn:
        for (line,) in conn.exec_driver_sql("PRAGMA integrity_check"):
            if line != "ok":
                report.structure.append(line)
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            report.structure.append(
                translate(_N("core", "Référence orpheline : table {table}, ligne {rowid}.")).format(
                    table=row[0], rowid=row[1]
                )
            )
        last: dict[tuple[str, int], str | None] = {}
        prev = GENESIS_HASH
        table = AuditEntry.__table__
        for entry in conn.execute(select(table).order_by(table.c.id)):
            report.entries += 1
            values = entry._mapping
            if (
                values["prev_hash"] != prev
                or entry_hash(prev, dict(values)) != values["entry_hash"]
            ):
                report.chain.append(
                    translate(_N("core", "Journal d'audit altéré à l'entrée n° {id}.")).format(
                        id=entry.id
                    )
                )
            prev = values["entry_hash"]
            last[(values["entity"], values["entity_id"])] = values["row_digest"]
        for tbl in audited_tables():
            seen = set()
            for row in conn.execute(select(tbl)):
                report.rows_checked += 1
                key = (tbl.name, row.id)
                seen.add(row.id)
                if key not in last:
                    report.rows.append(
                        translate(_N("core", "Ligne absente du journal : {table} n° {id}.")).format(
                            table=tbl.name, id=row.id
                        )
                    )
                elif last[key] != row_digest(tbl, row):
                    report.rows.append(
                        translate(
                            _N("core", "Ligne modifiée hors de l'application : {table} n° {id}.")
                        ).format(table=tbl.name, id=row.id)
                    )
            for (entity, entity_id), digest in last.items():
                if entity == tbl.name and digest is not None and entity_id not in seen:
                    report.rows.append(
                        translate(
                            _N("core", "Ligne supprimée hors de l'application : {table} n° {id}.")
                        ).format(table=tbl.name, id=entity_id)
                    )
