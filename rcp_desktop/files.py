"""Atomic, private file writes for everything the application exports (no Qt; used by the
storage, the services, the reports and the UI alike)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write *data* to *path* atomically: a private temp file in the same folder, fsync,
    rename over the target, fsync the folder. A crash leaves the old file or the new one."""
    path = Path(path)
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename inside *folder* durable (POSIX; a no-op elsewhere)."""
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8", mode: int = 0o600) -> None:
    atomic_write_bytes(path, text.encode(encoding), mode=mode)
