"""The head of a base's audit chain, kept outside the base (no Qt).

The audit chain inside the file proves that its entries follow one another; it cannot prove
that none were removed from its end, nor that the whole file was not replaced by an older copy
(a base rolled back looks intact from the inside). So the head of the chain — how many entries,
the id and hash of the last — is also kept where the file is not:

- in the application's state folder, one small file per base (:class:`AnchorStore`), updated
  as the base is used, with the file's salt (so that a damaged salt can be told from a wrong
  passphrase);
- beside every backup (``<backup>.empreinte``), the head of the chain the backup holds;
- on every validated minutes printed ("empreinte du journal").

Opening or checking a base compares its chain with the last head known (:func:`compare`): a
chain shorter than it, or whose entry at that place differs, is reported. What this proves and
what it cannot is in the README ("Sécurité").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rcp_desktop.files import atomic_write_text
from rcp_desktop.paths import create_private_dirs
from rcp_desktop.storage.audit import GENESIS_HASH

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".empreinte"
_FORMAT = 1


@dataclass(frozen=True)
class ChainHead:
    """How far a base's audit chain goes: its number of entries, the id and hash of the last."""

    entries: int
    last_id: int | None
    hash: str

    @property
    def fingerprint(self) -> str:
        """What a person compares: ``12 345 entrées · 3f9a0c…b2d1`` (the hash shortened)."""
        count = f"{self.entries:,}".replace(",", "\u202f")
        return f"{count} · {self.hash[:12]}…{self.hash[-4:]}"

    def to_json(self) -> dict[str, object]:
        return {"entries": self.entries, "last_id": self.last_id, "hash": self.hash}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ChainHead:
        entries, last_id, digest = data["entries"], data.get("last_id"), data["hash"]
        if not isinstance(entries, int) or not isinstance(digest, str):
            raise ValueError("not a chain head")
        if last_id is not None and not isinstance(last_id, int):
            raise ValueError("not a chain head")
        return cls(entries, last_id, digest)


EMPTY_CHAIN = ChainHead(0, None, GENESIS_HASH)


def chain_head(conn) -> ChainHead:
    """The head of the chain seen by *conn* (a DB-API or SQLAlchemy connection; raw reads)."""
    run = getattr(conn, "exec_driver_sql", None) or conn.execute
    (entries,) = run("SELECT count(*) FROM audit_entry").fetchone()
    last = run("SELECT id, entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    if last is None:
        return EMPTY_CHAIN
    return ChainHead(int(entries), last[0], str(last[1]))


class Verdict(StrEnum):
    OK = "ok"
    SHORTER = "shorter"  # fewer entries than the last known head: rolled back or cut
    DIVERGED = "diverged"  # the entry at the known head's place is not the one recorded


def compare(conn, known: ChainHead) -> Verdict:
    """Whether the chain seen by *conn* extends *known* (the last head recorded elsewhere)."""
    run = getattr(conn, "exec_driver_sql", None) or conn.execute
    (entries,) = run("SELECT count(*) FROM audit_entry").fetchone()
    if entries < known.entries:
        return Verdict.SHORTER
    if known.last_id is None:
        return Verdict.OK
    row = run("SELECT entry_hash FROM audit_entry WHERE id = ?", (known.last_id,)).fetchone()
    if row is None or row[0] != known.hash:
        return Verdict.DIVERGED
    return Verdict.OK


@dataclass(frozen=True)
class Anchor:
    """What this computer last knew of a base: its chain head and its salt."""

    head: ChainHead
    salt: bytes | None
    recorded: str  # ISO time, for the messages

    def to_text(self, path: Path) -> str:
        return json.dumps(
            {
                "format": _FORMAT,
                "base": str(path),
                "head": self.head.to_json(),
                "salt": self.salt.hex() if self.salt else None,
                "recorded": self.recorded,
            },
            indent=1,
        )

    @classmethod
    def from_text(cls, text: str) -> Anchor:
        data = json.loads(text)
        salt = data.get("salt")
        return cls(
            ChainHead.from_json(data["head"]),
            bytes.fromhex(salt) if isinstance(salt, str) else None,
            str(data.get("recorded", "")),
        )


def now_text() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


class AnchorStore:
    """One file per base in *folder* (private), named by a hash of the base's full path."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path_for(self, db_path: Path) -> Path:
        key = hashlib.sha256(str(Path(db_path).resolve()).encode("utf-8", "surrogatepass"))
        return self.folder / f"{key.hexdigest()[:32]}.json"

    def load(self, db_path: Path) -> Anchor | None:
        """The last anchor recorded for *db_path*; None when there is none or it is unreadable
        (then the next save records a new one)."""
        try:
            return Anchor.from_text(self.path_for(db_path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("unreadable anchor file ignored")
            return None

    def save(self, db_path: Path, head: ChainHead, salt: bytes | None) -> None:
        create_private_dirs(self.folder)
        anchor = Anchor(head, salt, now_text())
        atomic_write_text(self.path_for(db_path), anchor.to_text(Path(db_path).resolve()))

    def forget(self, db_path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(db_path).unlink()


def sidecar(backup: Path) -> Path:
    return Path(str(backup) + SIDECAR_SUFFIX)


def write_sidecar(backup: Path, head: ChainHead) -> None:
    """The head of the chain a backup holds, beside it."""
    text = json.dumps({"format": _FORMAT, "head": head.to_json(), "recorded": now_text()}, indent=1)
    atomic_write_text(sidecar(backup), text)


def read_sidecar(backup: Path) -> ChainHead | None:
    """The head recorded beside *backup*; None when absent (older backup, copied alone).
    :class:`ValueError` when present but unreadable."""
    try:
        text = sidecar(backup).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return ChainHead.from_json(json.loads(text)["head"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("unreadable backup fingerprint") from exc


def remove_sidecar(backup: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(sidecar(backup))
