"""The demo bases the benchmark measures, built once and cached.

A base is ``demo-data --size SIZE --years N --seed S``, stored under
``$XDG_CACHE_HOME/rcp-desktop-bench`` (``~/.cache/rcp-desktop-bench``) in a folder named after
the generator's version (a digest of the demo package and the migrations), so that changing the
generator or the schema builds new bases. Each base sits next to its key (fictional data, a
throw-away key, mode 0600) and a small JSON file recording how long it took to build.

A plain (unencrypted) SQLite copy of a base, for the SQLCipher/SQLite comparison, is made with
SQLCipher's ``sqlcipher_export`` and opened with :class:`PlainDatabase`: the app's
:class:`~rcp_desktop.storage.Database` with no key applied.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from rcp_desktop.services import Actor, Services
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage.engine import keyed_connection

ROOT = Path(__file__).resolve().parent.parent
ACTOR = Actor("bench", "bench")


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rcp-desktop-bench"


def generator_version() -> str:
    """A digest of what decides a base's content: the demo generator and the schema."""
    digest = hashlib.sha256()
    sources = sorted((ROOT / "rcp_desktop" / "services" / "demo").glob("*.py")) + sorted(
        (ROOT / "rcp_desktop" / "storage" / "migrations" / "versions").glob("*.py")
    )
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class BenchBase:
    """A cached demo base: its file, its key, and what building it cost."""

    path: Path
    key: DatabaseKey
    size: str
    years: int
    build: dict

    def open(self) -> Database:
        return Database.open(self.path, self.key)

    def services(self, db: Database | None = None) -> Services:
        return Services(db or self.open(), ACTOR)

    def working_copy(self, folder: Path) -> BenchBase:
        """A copy in *folder* (for measures that write, or the GUI child's lock file)."""
        target = folder / self.path.name
        shutil.copy2(self.path, target)
        return BenchBase(target, self.key, self.size, self.years, self.build)


def base(size: str, years: int, seed: int = 1, *, say=print) -> BenchBase:
    """The cached base of that size, years and seed; built (minutes for a large one) if absent."""
    from rcp_desktop.services import demo

    folder = cache_root() / generator_version()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = f"{size}-{years}y-seed{seed}"
    path = folder / f"{stem}.db"
    key_file = folder / f"{stem}.key"
    meta_file = folder / f"{stem}.json"
    if path.exists() and key_file.exists() and meta_file.exists():
        key = DatabaseKey.from_recovery_code(key_file.read_text().strip())
        assert key is not None
        return BenchBase(path, key, size, years, json.loads(meta_file.read_text()))
    for stale in (path, key_file, meta_file):
        stale.unlink(missing_ok=True)
    say(f"  building the {size} demo base, {years} years (cached for later runs)…")
    key = DatabaseKey.generate()
    old_umask = os.umask(0o077)
    try:
        before_cpu = _cpu()
        before_wall = time.perf_counter()
        db = Database.create(path, key)
        report = demo.generate(
            Services(db, ACTOR).ctx, years=years, seed=seed, size=demo.SIZES[size]
        )
        db.checkpoint()
        db.close()
        build = {
            "cpu_s": round(_cpu() - before_cpu, 2),
            "wall_s": round(time.perf_counter() - before_wall, 2),
            "built_on": time.strftime("%Y-%m-%d %H:%M"),
            "patients": report.patients,
            "sessions": report.meetings,
            "presentations": report.items,
            "actions": report.decisions,
            "bytes": path.stat().st_size,
        }
        key_file.write_text(key.recovery_code())
        meta_file.write_text(json.dumps(build, indent=1))
    finally:
        os.umask(old_umask)
    return BenchBase(path, key, size, years, build)


def plain_copy(encrypted: BenchBase) -> Path:
    """An unencrypted copy of *encrypted* next to it (made once)."""
    target = encrypted.path.with_name(encrypted.path.stem + "-plain.db")
    if target.exists():
        return target
    conn = keyed_connection(encrypted.path, encrypted.key)
    try:
        conn.execute(f"ATTACH DATABASE '{target}' AS plaintext KEY ''")
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute("DETACH DATABASE plaintext")
    finally:
        conn.close()
    return target


class PlainDatabase(Database):
    """The app's database class on an unencrypted SQLite file: the same driver (sqlcipher3
    without a key is plain SQLite), pragmas, sessions and audit hooks."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, DatabaseKey.generate())

    def _bind_engine(self) -> None:
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import QueuePool

        from rcp_desktop.storage import engine as engine_mod

        # The pysqlcipher dialect insists on a key: the plain SQLite dialect over the same
        # driver, every other setting as the app's (storage/engine.py).
        self.engine = create_engine(
            "sqlite://",
            creator=lambda: engine_mod._raw_connect(self.path),
            poolclass=QueuePool,
            pool_size=4,
            max_overflow=4,
            pool_use_lifo=True,  # the last connection back is reused: its page cache is warm
            hide_parameters=True,
        )
        event.listen(self.engine, "connect", lambda dbapi, _rec: engine_mod._apply_pragmas(dbapi))
        event.listen(self.engine, "begin", engine_mod._begin)
        self._sessions.configure(bind=self.engine)
        self._write_sessions.configure(bind=self.engine.execution_options(rcp_begin="IMMEDIATE"))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
