"""Pseudonyms shown instead of identities (projected live view, pseudonymised documents).

A pseudonymised document or view designates the cases of a session by a label of its own,
"Situation A", "Situation B"… in agenda order: nothing in it links to the case number, which
the named documents (fiche RCP) print beside the identity. Which case a label stood for in a
document is kept in the base (the document register), never on the page.
"""

from __future__ import annotations

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate


def letters(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA", 27 → "AB"… (spreadsheet column letters)."""
    if index < 0:
        raise ValueError(index)
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def situation_label(index: int) -> str:
    """The pseudonym of the *index*-th case (from 0) of a session: "Situation A"…"""
    return translate(_N("core", "Situation {letters}")).format(letters=letters(index))


def case_pseudonym(case_number: str) -> str:
    """A case by its number alone ("Situation 2025-0012"), for the coordinator's own screens;
    pseudonymised documents and the projected view use :func:`situation_label`."""
    return translate(_N("core", "Situation {number}")).format(number=case_number)
