"""Pseudonymisation of what leaves the care team: documents and the projected live view.

Qt-free, one job a module:

* ``vocabulary`` — what is not an identifier: common French words, acronyms of care, titles;
* ``finders`` — identifiers with a shape: NIR, phones, e-mail and postal addresses, dates,
  case numbers, long numbers;
* ``masker`` — :class:`Masker`: every identity the base knows and every shaped identifier,
  replaced by a placeholder ("[nom]"…); what still looks like an identifier;
* ``source`` — :func:`read_known_identities`: what the base knows, read in one go;
* ``review`` — :class:`Recorder` / :class:`Review`: what a document masked and what remains.

A pseudonymised document designates its cases by per-document labels ("Situation A", B, …;
:func:`rcp_desktop.services.pseudonyms.situation_label`), never by their case number; which
case a label stood for is kept in the base (the document register).
"""

from rcp_desktop.services.pseudonymise.finders import Kind, Span
from rcp_desktop.services.pseudonymise.masker import (
    KnownIdentities,
    Masker,
    ProtectedPerson,
    Scan,
    placeholder,
    placeholders,
)
from rcp_desktop.services.pseudonymise.review import MaskedItem, Recorder, Review, Suspect
from rcp_desktop.services.pseudonymise.source import read_known_identities, split_full_name

__all__ = [
    "Kind",
    "KnownIdentities",
    "MaskedItem",
    "Masker",
    "ProtectedPerson",
    "Recorder",
    "Review",
    "Scan",
    "Span",
    "Suspect",
    "placeholder",
    "placeholders",
    "read_known_identities",
    "split_full_name",
]
