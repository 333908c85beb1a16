"""Pseudonymisation of what the documents print: who a case is about, and its free texts.

In a pseudonymised variant the patient's name, birth date and NIR are never copied into the
data (:func:`pseudonymised_identity`), and the free texts have the patient's names, birth date
and NIR blotted out (:func:`scrubber`).

The rest of the package uses only :func:`pseudonymised_identity`, :func:`scrubber` and
:func:`keep`; :func:`identity_terms` and :func:`redactor` are how scrubbing is done today.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rcp_desktop.models import CaseFile, Patient
from rcp_desktop.services.documents.model import Identity
from rcp_desktop.services.pseudonyms import case_pseudonym

REDACTED = "[…]"

Scrub = Callable[[str], str]


def keep(text: str) -> str:
    """The named variant: a free text as it is."""
    return text


def scrubber(patients: Iterable[Patient]) -> Scrub:
    """A function blotting out, in a free text, what identifies any of *patients*."""
    terms: set[str] = set()
    for patient in patients:
        terms.update(identity_terms(patient))
    return redactor(sorted(terms, key=len, reverse=True))


def pseudonymised_identity(case: CaseFile) -> Identity:
    """Who the case is about, in a pseudonymised variant: its pseudonym, nothing else."""
    return Identity(label=case_pseudonym(case.number), pseudonymised=True)


def identity_terms(patient: Patient) -> list[str]:
    """The strings that would identify *patient* in a free text: names, birth date, NIR."""
    names = [patient.birth_name, patient.used_name, patient.used_first_name]
    names += patient.first_names.split()
    terms = {n.strip() for n in names if n and len(n.strip()) >= 2}
    # Compound names also appear split ("LE-GALL" → "LE GALL").
    terms |= {t.replace("-", " ") for t in terms if "-" in t}
    b = patient.birth_date
    terms |= {
        f"{b.day:02d}/{b.month:02d}/{b.year}",
        f"{b.day}/{b.month}/{b.year}",
        f"{b.day:02d}/{b.month:02d}/{b.year % 100:02d}",
        f"{b.day:02d}.{b.month:02d}.{b.year}",
        f"{b.day:02d}-{b.month:02d}-{b.year}",
        b.isoformat(),
    }
    if patient.nir:
        nir = patient.nir
        terms |= {
            nir,
            nir[:13],
            f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}",
        }
    return sorted(terms, key=len, reverse=True)


def redactor(terms: list[str]) -> Scrub:
    """A function blotting out whole-word, case-insensitive occurrences of *terms*."""
    if not terms:
        return lambda text: text
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE
    )
    return lambda text: pattern.sub(REDACTED, text) if text else text
