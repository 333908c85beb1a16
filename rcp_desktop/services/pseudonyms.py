"""Pseudonyms shown instead of identities (projected live view, pseudonymised minutes).

A case is designated by its case number only: it identifies the file inside the CPTS without
revealing who the patient is to someone who sees the screen or holds the paper.
"""

from __future__ import annotations

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate


def case_pseudonym(case_number: str) -> str:
    return translate(_N("core", "Situation {number}")).format(number=case_number)
