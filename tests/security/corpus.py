"""The hostile corpus of files (issue 13, item 8): damaged, truncated, tampered, foreign and
special files standing where a base should be, built from a real encrypted demo base, and the
snapshot of a folder's bytes that every test compares before and after a command."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PAGE = 4096
ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def flip(path: Path, offset: int, mask: int = 0x10) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def pages_of(path: Path) -> int:
    return path.stat().st_size // PAGE


@dataclass(frozen=True)
class Variant:
    """A hostile thing at the base's path: how to make it from a sound base, the exit code every
    command must give, words of the message, and whether the key opens it (then the command
    may take the base's lock file; nothing else may appear)."""

    make: Callable[[Path, Path], None]  # (sound base, path to spoil)
    code: int
    words: tuple[str, ...]
    key_opens: bool = False


def _copy_then(change: Callable[[Path], None]) -> Callable[[Path, Path], None]:
    def make(sound: Path, path: Path) -> None:
        shutil.copyfile(sound, path)
        change(path)

    return make


def _plain_sqlite(_sound: Path, path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('une autre application')")
    conn.commit()
    conn.close()


def _symlink(sound: Path, path: Path) -> None:
    target = path.with_name(path.name + ".cible")
    shutil.copyfile(sound, target)
    path.symlink_to(target.name)


VARIANTS: dict[str, Variant] = {
    # bits flipped inside page 1, after the salt: the SQLite header SQLCipher encrypts
    "header": Variant(_copy_then(lambda p: flip(p, 40)), 4, ("en-tête", "endommagée")),
    "middle-page": Variant(
        _copy_then(lambda p: flip(p, PAGE * (pages_of(p) // 2) + 123)),
        4,
        ("endommagée", "page"),
        key_opens=True,
    ),
    "last-page": Variant(
        _copy_then(lambda p: flip(p, PAGE * (pages_of(p) - 1) + 2000)),
        4,
        ("endommagée", "page"),
        key_opens=True,
    ),
    "truncated": Variant(
        _copy_then(lambda p: os.truncate(p, p.stat().st_size - PAGE * 3 - 1000)),
        4,
        ("tronqué",),
    ),
    "truncated-at-page": Variant(
        _copy_then(lambda p: os.truncate(p, p.stat().st_size - PAGE * 5)),
        4,
        ("tronqu", "endommag"),
        key_opens=True,
    ),
    "zeroed-first-page": Variant(
        _copy_then(lambda p: p.write_bytes(bytes(PAGE) + p.read_bytes()[PAGE:])),
        4,
        ("effacée",),
    ),
    "other-sqlite": Variant(_plain_sqlite, 1, ("SQLite non chiffrée",)),
    "directory": Variant(lambda _s, p: p.mkdir(), 1, ("dossier",)),
    "symlink": Variant(_symlink, 1, ("lien symbolique",)),
    "fifo": Variant(lambda _s, p: os.mkfifo(p), 1, ("fichier ordinaire",)),
    "empty": Variant(lambda _s, p: p.write_bytes(b""), 1, ("vide",)),
    "short": Variant(lambda _s, p: p.write_bytes(os.urandom(1000)), 1, ("pas une base",)),
}


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry of *folder* (recursively) and what it is: the SHA-256 of a file's bytes, a
    link's target, a folder, a FIFO; never opening a FIFO."""
    found: dict[str, str] = {}
    for entry in sorted(folder.rglob("*")):
        name = str(entry.relative_to(folder))
        info = entry.lstat()
        if stat.S_ISLNK(info.st_mode):
            found[name] = "link:" + os.readlink(entry)
        elif stat.S_ISDIR(info.st_mode):
            found[name] = "dir"
        elif stat.S_ISFIFO(info.st_mode):
            found[name] = "fifo"
        else:
            found[name] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return found


def without_locks(snap: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in snap.items() if not k.endswith(".lock")}


def run_cli(
    args: list[str],
    env: dict[str, str],
    *,
    user: int | None = None,
    timeout: float = 60,
    prefix: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m rcp_desktop ARGS`` in a child process (as *user* when given), stdin closed."""
    full = {**os.environ, **env, "QT_QPA_PLATFORM": "offscreen"}
    full.pop("PYTHONPATH", None)
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "rcp_desktop", *args],
        env=full,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        user=user,
        check=False,
    )


def give_to(folder: Path, uid: int) -> None:
    """Hand *folder* and everything in it to *uid* (a test run as root drops to that user)."""
    for entry in [folder, *folder.rglob("*")]:
        os.lchown(entry, uid, uid)
