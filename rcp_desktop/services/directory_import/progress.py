"""Progress reports and cancellation, shared by reading the file and matching its people."""

from __future__ import annotations

from collections.abc import Callable

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.services.errors import ServiceError

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]

CHECK_EVERY = 500  # rows between two progress reports / cancel checks


class ImportCancelled(ServiceError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__(_N("core", "Import annulé : l'annuaire n'a pas été modifié."))
