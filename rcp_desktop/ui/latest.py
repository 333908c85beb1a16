"""Load a page's data off the GUI thread, the newest request winning.

A :class:`LatestLoad` runs a loading function on the page's :class:`~rcp_desktop.ui.tasks.TaskRunner`
and hands its result to a callback on the GUI thread — unless a newer request was made
meanwhile, whose result alone is shown (a slow first load never overwrites a faster second
one). :attr:`loading` is true from the request to the moment its result (or error) is shown;
:attr:`finished` is emitted then, so tests wait on either.

A failed load never reaches the user as a traceback: a :class:`ServiceError` shows its own
French message, anything else is logged (types and frames only, see ``logs.SafeFormatter``)
and shown as a short French message. Without a task runner (``tasks=None``) the load runs at
once, on the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from rcp_desktop.services.errors import ServiceError

log = logging.getLogger(__name__)


class LatestLoad(QObject):
    finished = Signal()

    def __init__(self, tasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.generation = 0
        self.loading = False

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        """Run *fn* off the GUI thread; *on_done(result)* runs on the GUI thread if no newer
        request was made meanwhile; *on_error(message)* (French) if it failed."""
        self.generation += 1
        generation = self.generation
        self.loading = True

        def done(result) -> None:
            if self._current(generation):
                self.loading = False
                on_done(result)
                self.finished.emit()

        def failed(exc: BaseException) -> None:
            if self._current(generation):
                self.loading = False
                message = self.message_for(exc)
                if on_error is not None:
                    on_error(message)
                self.finished.emit()

        if self.tasks is None:
            try:
                result = fn()
            except Exception as exc:
                failed(exc)
            else:
                done(result)
            return
        self.tasks.run(fn, done, failed)

    def cancel(self) -> None:
        """Forget the pending request (its result will not be shown)."""
        self.generation += 1
        if self.loading:
            self.loading = False
            self.finished.emit()

    def _current(self, generation: int) -> bool:
        return shiboken6.isValid(self) and generation == self.generation

    def message_for(self, exc: BaseException) -> str:
        if isinstance(exc, ServiceError):
            return exc.message
        log.error("background load failed: %s", type(exc).__name__, exc_info=exc)
        return self.tr(
            "Le chargement a échoué. Réessayez ; si le problème persiste, le journal de "
            "l'application en garde la trace."
        )
