"""Logging set-up shared by the GUI and the headless commands (no Qt).

The log never holds patient data: application code logs identifiers and events only, and the
formatter writes tracebacks as code locations and exception *types*; an exception's message is
kept only for the application's own errors, whose messages are fixed French templates.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from rcp_desktop.i18n import TranslatableError
from rcp_desktop.paths import ensure_private_dir, log_dir

LOG_FILE_NAME = "rcp-desktop.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _own_error(exc: BaseException) -> bool:
    return isinstance(exc, TranslatableError)


def safe_traceback(exc: BaseException) -> str:
    """Frames and exception types, chained causes included; messages only for own errors."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)
        for frame in frames:
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        name = f"{type(current).__module__}.{type(current).__qualname__}"
        lines.append(f"{name}: {current}" if _own_error(current) else f"{name} (message omis)")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("Cause :")
    return "\n".join(lines)


class SafeFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802 - logging API
        return safe_traceback(ei[1]) if ei and ei[1] else ""


def setup_logging(folder: Path | None = None, *, level: int = logging.INFO) -> Path:
    """Log to a private rotating file; return its path."""
    import logging.handlers  # here: not on the way to the first window

    folder = ensure_private_dir(folder or log_dir())
    path = folder / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(SafeFormatter(_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_rcp_desktop", False)]:
        root.removeHandler(old)
        old.close()
    handler._rcp_desktop = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return path
