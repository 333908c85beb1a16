"""The integrity check of a whole base (``rcp-desktop check``, the window's check): it never
crashes and covers everything the file holds.

- **pages**: SQLCipher's HMAC of every page (``PRAGMA cipher_integrity_check``);
- **structure**: SQLite's ``integrity_check`` and ``foreign_key_check``;
- **schema**: every table, index, trigger and view compared with what the current migrations
  produce (:mod:`rcp_desktop.storage.schema`), and the migration version;
- **search index**: its content compared with the patients and case files it is built from,
  and FTS5's own consistency check of its index;
- **audit chain**: each entry's hash recomputed from its raw stored values and linked to the
  previous one;
- **rows**: every row of every audited table digested from its raw stored values, storage
  classes included, and compared with the digest its last audit entry recorded.

Values are read raw (no conversion: a timestamp with a character appended is just a different
text), so a value of any shape only makes a digest differ; an error inside one step is itself
reported, with the step (and the table and row when there is one), and the other steps run.
The audit chain and the rows are read in one read transaction: a write made meanwhile by the
window is either wholly seen or not at all.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlcipher3

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.storage import Database, search
from rcp_desktop.storage import anchor as anchors
from rcp_desktop.storage import schema as schemamod
from rcp_desktop.storage.audit import (
    ENTRY_COLUMNS,
    GENESIS_HASH,
    audited_tables,
    entry_hash,
    quote,
    select_columns_sql,
    stored_digest,
)
from rcp_desktop.storage.backup import summarise
from rcp_desktop.storage.engine import BUSY_TIMEOUT_MS, keyed_connection
from rcp_desktop.storage.migrate import head_revision
from rcp_desktop.storage.pages import file_salt, page_list

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_HMAC_FAILED = re.compile(r"HMAC verification failed for page (\d+)")
_SHOWN = 20  # problems listed per kind before "…"
_KIND_LABELS = {
    "table": _N("core", "table"),
    "index": _N("core", "index"),
    "trigger": _N("core", "déclencheur"),
    "view": _N("core", "vue"),
}


def _tr(template: str, **params: object) -> str:
    return translate(template).format(**params)


@dataclass
class CheckReport:
    """What the check found, by kind; empty lists when the base is whole."""

    pages: list[str] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)
    schema: list[str] = field(default_factory=list)
    search: list[str] = field(default_factory=list)
    chain: list[str] = field(default_factory=list)
    anchor: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    entries: int = 0
    rows_checked: int = 0
    head: str = GENESIS_HASH  # hash of the last entry of the chain

    @property
    def fingerprint(self) -> str:
        """The chain's fingerprint as checked (``N entrées · hash…``)."""
        return anchors.ChainHead(self.entries, None, self.head).fingerprint

    @property
    def problems(self) -> list[str]:
        return (
            self.pages
            + self.structure
            + self.schema
            + self.search
            + self.chain
            + self.anchor
            + self.rows
        )

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.ok:
            return [
                _tr(
                    _N(
                        "core",
                        "Base intègre : {rows} enregistrements et {entries} entrées du journal vérifiés.",
                    ),
                    rows=self.rows_checked,
                    entries=self.entries,
                )
            ]
        return self.problems


def _text(value: bytes) -> str:
    """TEXT read from the file; bytes that are not UTF-8 (tampered) are kept, not refused."""
    return value.decode("utf-8", "surrogateescape")


def check_database(
    db: Database,
    *,
    progress: Progress | None = None,
    known_head: anchors.ChainHead | None = None,
    known_since: str = "",
) -> CheckReport:
    """Check the whole base *db* (reads only; see the module's docstring), its audit chain
    compared with *known_head* when given (the last head recorded outside the base, on
    *known_since*). Never raises for what it finds in the file: every finding, and any failure
    of a step, is in the report."""
    report = CheckReport()
    if db.key.salt is not None and file_salt(db.path) != db.key.salt:
        report.pages.append(
            translate(_N("core", "En-tête du fichier endommagé : son sel (16 premiers octets)."))
        )

    def chain_and_rows(conn: sqlcipher3.Connection, report: CheckReport) -> None:
        _check_chain_and_rows(conn, report, known_head, known_since)

    steps: list[tuple[str, Callable[[sqlcipher3.Connection, CheckReport], None]]] = [
        (_N("core", "pages chiffrées"), _check_pages),
        (_N("core", "structure SQLite"), _check_structure),
        (_N("core", "schéma"), _check_schema),
        (_N("core", "index de recherche"), _check_search),
        (_N("core", "journal d'audit et enregistrements"), chain_and_rows),
    ]
    try:
        conn = keyed_connection(db.path, db.key)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlcipher3.Error as exc:
        report.structure.append(
            _tr(_N("core", "Base endommagée : {detail}"), detail=type(exc).__name__)
        )
        return report
    try:
        for done, (label, step) in enumerate(steps):
            if progress is not None:
                progress(done, len(steps))
            try:
                _run_step(conn, step, report)
            except Exception as exc:  # the check itself must never be the casualty
                log.warning("check step failed: %s", type(exc).__name__)
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                report.structure.append(
                    _tr(
                        _N(
                            "core", "Vérification impossible ({step}) : {error} — base endommagée ?"
                        ),
                        step=translate(label),
                        error=_error_text(exc),
                    )
                )
        if progress is not None:
            progress(len(steps), len(steps))
    finally:
        conn.close()
        release_freed_memory()
    return report


def release_freed_memory() -> None:
    """Hand the memory a long check freed back to the system (glibc keeps it in the worker
    thread's heap otherwise: tens of MB held for the rest of the session); elsewhere, nothing."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _run_step(
    conn: sqlcipher3.Connection,
    step: Callable[[sqlcipher3.Connection, CheckReport], None],
    report: CheckReport,
) -> None:
    """Run *step*; when a TEXT value is not UTF-8 (written behind the application's back),
    run it again reading text that way, from the report as it was before the step."""
    saved = {k: (list(v) if isinstance(v, list) else v) for k, v in vars(report).items()}
    try:
        step(conn, report)
    except sqlcipher3.OperationalError as exc:
        if "decode" not in str(exc) or conn.text_factory is _text:
            raise
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        vars(report).update(saved)
        conn.text_factory = _text
        try:
            step(conn, report)
        finally:
            conn.text_factory = str


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, sqlcipher3.Error):
        return f"{type(exc).__name__} ({str(exc).splitlines()[0][:100]})"
    return type(exc).__name__


# --- pages and structure -------------------------------------------------------------------------


def _check_pages(conn: sqlcipher3.Connection, report: CheckReport) -> None:
    rows = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
    damaged = [int(m.group(1)) for r in rows if (m := _HMAC_FAILED.search(r))]
    if damaged:
        report.pages.append(
            _tr(
                _N(
                    "core",
                    "Pages endommagées ou modifiées hors de l'application : n° {pages} "
                    "({count} page(s)).",
                ),
                pages=page_list(damaged),
                count=len(damaged),
            )
        )
    for other in (r for r in rows if not _HMAC_FAILED.search(r)):
        report.pages.append(_tr(_N("core", "Fichier incomplet : {detail}"), detail=other))


def _check_structure(conn: sqlcipher3.Connection, report: CheckReport) -> None:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        report.structure.extend(
            _tr(_N("core", "Structure SQLite : {detail}"), detail=line) for line in summarise(rows)
        )
    orphans = list(conn.execute("PRAGMA foreign_key_check"))
    for table, rowid, parent, _fk in orphans[:_SHOWN]:
        report.structure.append(
            _tr(
                _N("core", "Référence orpheline : table {table}, ligne {rowid} (vers {parent})."),
                table=table,
                rowid=rowid,
                parent=parent,
            )
        )
    if len(orphans) > _SHOWN:
        report.structure.append(f"… (+{len(orphans) - _SHOWN})")


# --- schema --------------------------------------------------------------------------------------


def _check_schema(conn: sqlcipher3.Connection, report: CheckReport) -> None:
    found = schemamod.objects(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    templates = {
        "extra": _N("core", "Objet ajouté hors de l'application : {kind} « {name} »."),
        "missing": _N("core", "Objet manquant : {kind} « {name} »."),
        "changed": _N("core", "Objet modifié hors de l'application : {kind} « {name} »."),
    }
    for diff in schemamod.differences(found):
        kind = translate(_KIND_LABELS[diff.kind]) if diff.kind in _KIND_LABELS else diff.kind
        report.schema.append(_tr(templates[diff.change], kind=kind, name=diff.name))
    if ("table", "alembic_version") in found:
        versions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        head = head_revision()
        if versions != [head]:
            shown = ", ".join(repr(v)[:40] for v in versions[:3]) or "—"
            report.schema.append(
                _tr(
                    _N(
                        "core",
                        "Version du schéma altérée : {found} au lieu de « {expected} ».",
                    ),
                    found=shown,
                    expected=head,
                )
            )


# --- search index --------------------------------------------------------------------------------


def _check_search(conn: sqlcipher3.Connection, report: CheckReport) -> None:
    names = [str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")]
    if search.SEARCH_TABLE not in names:
        return  # reported as a missing object by the schema step
    table = search.SEARCH_TABLE
    indexed = f"SELECT rowid, names, birth, numbers FROM {table}"
    source = search.source_rows_statement()
    wrong: set[int] = set()
    for first, second in ((indexed, source), (source, indexed)):
        for row in conn.execute(f"SELECT * FROM ({first} EXCEPT {second}) LIMIT 1000"):
            wrong.add(row[0] if isinstance(row[0], int) else -1)
    if wrong:
        report.search.append(
            _tr(
                _N(
                    "core",
                    "Index de recherche différent des patients qu'il décrit : patient(s) n° {ids}.",
                ),
                ids=page_list(sorted(wrong)),
            )
        )
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    except sqlcipher3.DatabaseError:
        report.search.append(
            translate(_N("core", "Index de recherche incohérent (tables internes modifiées)."))
        )
    finally:
        conn.execute("ROLLBACK")


# --- audit chain and rows ------------------------------------------------------------------------


def _check_chain_and_rows(
    conn: sqlcipher3.Connection,
    report: CheckReport,
    known_head: anchors.ChainHead | None,
    known_since: str,
) -> None:
    conn.execute("BEGIN")  # one snapshot for the chain, its anchor and the rows
    try:
        last = _check_chain(conn, report)
        if known_head is not None:
            _check_anchor(conn, report, known_head, known_since)
        for table in audited_tables():
            _check_rows(conn, table, last, report)
    finally:
        conn.execute("ROLLBACK")


def _check_anchor(
    conn: sqlcipher3.Connection, report: CheckReport, known: anchors.ChainHead, since: str
) -> None:
    verdict = anchors.compare(conn, known)
    if verdict is anchors.Verdict.SHORTER:
        report.anchor.append(
            _tr(
                _N(
                    "core",
                    "Journal d'audit plus court que sa dernière empreinte connue ({found} au "
                    "lieu de {expected}, relevée le {since}) : base remplacée par un état "
                    "antérieur, ou dernières entrées supprimées.",
                ),
                found=anchors.chain_head(conn).fingerprint,
                expected=known.fingerprint,
                since=since,
            )
        )
    elif verdict is anchors.Verdict.DIVERGED:
        report.anchor.append(
            _tr(
                _N(
                    "core",
                    "Journal d'audit différent de sa dernière empreinte connue ({expected}, "
                    "relevée le {since}) : base remplacée, ou journal réécrit.",
                ),
                expected=known.fingerprint,
                since=since,
            )
        )


def _compact(digest: object) -> object:
    """A recorded or computed row digest as kept in memory while checking: the 32 bytes of a
    64-character hex digest (a decade's chain holds 300,000 of them: 65 bytes each instead of
    113 for the text), anything else (a tampered value) as it is."""
    if isinstance(digest, str) and len(digest) == 64:
        try:
            return bytes.fromhex(digest)
        except ValueError:
            return digest
    return digest


# What the chain last recorded of each row: entity (table name) → entity id → compacted digest.
LastDigests = dict[object, dict[object, object]]


def _check_chain(conn: sqlcipher3.Connection, report: CheckReport) -> LastDigests:
    """Walk the chain; return the digest each row (entity, id) was last recorded with."""
    columns = ", ".join(("id", *ENTRY_COLUMNS, "prev_hash", "entry_hash"))
    last: LastDigests = {}
    prev: object = GENESIS_HASH
    broken: list[object] = []
    entity_at = 1 + ENTRY_COLUMNS.index("entity")
    id_at = 1 + ENTRY_COLUMNS.index("entity_id")
    digest_at = 1 + ENTRY_COLUMNS.index("row_digest")
    n = len(ENTRY_COLUMNS)
    for row in conn.execute(f"SELECT {columns} FROM audit_entry ORDER BY id"):
        report.entries += 1
        stored_prev, stored_hash = row[n + 1], row[n + 2]
        if (
            stored_prev != prev
            or not isinstance(prev, str)
            or (entry_hash(prev, row[1 : n + 1]) != stored_hash)
        ):
            broken.append(row[0])
        prev = stored_hash
        entity = row[entity_at]
        by_id = last.get(entity)
        if by_id is None:
            by_id = last[entity] = {}
        by_id[row[id_at]] = _compact(row[digest_at])
    report.head = prev if isinstance(prev, str) else repr(prev)
    for entry_id in broken[:_SHOWN]:
        report.chain.append(
            _tr(_N("core", "Journal d'audit altéré à l'entrée n° {id}."), id=entry_id)
        )
    if len(broken) > _SHOWN:
        report.chain.append(f"… (+{len(broken) - _SHOWN})")
    return last


def _check_rows(conn: sqlcipher3.Connection, table, last: LastDigests, report: CheckReport) -> None:
    name = table.name
    id_at = [c.name for c in table.columns].index("id")
    findings: dict[str, list[object]] = {"absent": [], "changed": [], "deleted": [], "error": []}
    seen: set[object] = set()
    recorded_rows = last.get(name, {})
    for row in conn.execute(select_columns_sql(table)):
        report.rows_checked += 1
        row_id = row[id_at]
        seen.add(row_id)
        recorded = recorded_rows.get(row_id, _ABSENT)
        if recorded is _ABSENT:
            findings["absent"].append(row_id)
            continue
        try:
            digest = stored_digest(table, row)
        except Exception:  # reported with its table and row
            findings["error"].append(row_id)
            continue
        if recorded != _compact(digest):
            findings["changed"].append(row_id)
    for entity_id, recorded_digest in recorded_rows.items():
        if recorded_digest is not None and entity_id not in seen:
            findings["deleted"].append(entity_id)
    templates = {
        "absent": _N("core", "Ligne absente du journal : {table} n° {id}."),
        "changed": _N("core", "Ligne modifiée hors de l'application : {table} n° {id}."),
        "deleted": _N("core", "Ligne supprimée hors de l'application : {table} n° {id}."),
        "error": _N("core", "Ligne illisible par la vérification : {table} n° {id}."),
    }
    for kind, ids in findings.items():
        for row_id in ids[:_SHOWN]:
            report.rows.append(_tr(templates[kind], table=name, id=row_id))
        if len(ids) > _SHOWN:
            report.rows.append(f"… {quote(name)} (+{len(ids) - _SHOWN})")


_ABSENT = object()


def journal_fingerprint(session) -> str:
    """The head of the audit chain as *session* sees it (``N · hash…``), for the validated
    minutes: a paper anchor of the log, outside the base (README "Sécurité")."""
    return anchors.chain_head(session.connection()).fingerprint
