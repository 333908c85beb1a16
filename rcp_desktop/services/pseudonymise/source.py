"""What the base knows that a pseudonymised document must not show, read in one go: every
patient's names, birth date and NIR, the names of crisis plans' trusted persons and other
non-professional contacts, of TND children's legal representatives, the directory's names
(kept), the case numbers."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcp_desktop.models import (
    CaseFile,
    CrisisPlanContact,
    Patient,
    Professional,
    TndRepresentative,
)
from rcp_desktop.services.pseudonymise.masker import KnownIdentities, ProtectedPerson, name_keys


def split_full_name(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A name typed in one field ("Jeanne MARTIN", "Paul Dubois") as (surnames, first names):
    the upper-case words are the surname, else the last word."""
    words = name.replace(",", " ").split()
    if not words:
        return (), ()
    upper = [w for w in words if len(w) >= 2 and w.isupper()]
    if upper and len(upper) < len(words):
        return (" ".join(upper),), tuple(w for w in words if w not in upper)
    return (words[-1],), tuple(words[:-1])


def read_known_identities(session: Session, agenda_patient_ids: Iterable[int]) -> KnownIdentities:
    on_agenda = set(agenda_patient_ids)
    people: list[ProtectedPerson] = []
    rows = session.execute(
        select(
            Patient.id,
            Patient.birth_name,
            Patient.used_name,
            Patient.first_names,
            Patient.used_first_name,
            Patient.birth_date,
            Patient.nir,
        )
    )
    for pid, birth_name, used_name, first_names, used_first, birth_date, nir in rows:
        firsts = tuple(first_names.split()) + ((used_first,) if used_first else ())
        people.append(
            ProtectedPerson(
                surnames=tuple(n for n in (birth_name, used_name) if n),
                first_names=firsts,
                birth_date=birth_date,
                nir=nir,
                on_agenda=pid in on_agenda,
            )
        )
    contacts = list(
        session.scalars(
            select(CrisisPlanContact.name).where(
                CrisisPlanContact.professional_id.is_(None), CrisisPlanContact.name.is_not(None)
            )
        )
    )
    # A TND child's legal representatives: relatives, protected like trusted persons.
    contacts += session.scalars(select(TndRepresentative.name))
    for name in set(contacts):
        surnames, firsts = split_full_name(name or "")
        if surnames and any(name_keys(s) for s in surnames):
            people.append(ProtectedPerson(surnames=surnames, first_names=firsts))
    professionals = tuple(
        (first or "", last)
        for first, last in session.execute(select(Professional.first_name, Professional.last_name))
    )
    numbers = frozenset(session.scalars(select(CaseFile.number)))
    return KnownIdentities(people=tuple(people), professionals=professionals, case_numbers=numbers)
