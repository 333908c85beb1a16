"""Translation hooks for the Qt-free core.

The core (models, services, reports) never imports Qt, yet its user-visible French strings must
be translatable. They are marked with :func:`QT_TRANSLATE_NOOP` (which ``pyside6-lupdate``
extracts) and translated at display time through :func:`translate`, which the UI wires to
``QCoreApplication.translate`` at start-up. Without a UI the source text (French) is used.
Errors a user may read derive from :class:`TranslatableError` (a template and its parameters).
"""

from __future__ import annotations

from collections.abc import Callable

CORE_CONTEXT = "core"

_translator: Callable[[str, str], str] = lambda context, text: text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - name lupdate looks for
    """Mark *text* for extraction; return it unchanged."""
    return text


def install_translator(fn: Callable[[str, str], str]) -> None:
    """Route core translations through *fn(context, text)* (the UI installs Qt's)."""
    global _translator
    _translator = fn


def translate(text: str, context: str = CORE_CONTEXT) -> str:
    return _translator(context, text)


class TranslatableError(Exception):
    """Base of the errors a user may see: a French template marked with
    :func:`QT_TRANSLATE_NOOP` and its parameters; ``message`` is translated when read."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return translate(self.template).format(**self.params)
