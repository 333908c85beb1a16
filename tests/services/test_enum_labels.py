"""Enum members of different enums sharing a value keep their own French label."""

import inspect
from enum import StrEnum

from rcp_desktop.models import enums
from rcp_desktop.models.enums import CaseStatus, ItemKind, Pathway, Profession, UsipaOutcome, label


def test_labels_of_members_sharing_a_value():
    assert label(Pathway.OTHER) == "Autre"
    assert label(UsipaOutcome.OTHER) == "Autre"
    assert label(Profession.OTHER) == "Autre profession"
    assert label(CaseStatus.FOLLOW_UP) == "En suivi"
    assert label(ItemKind.FOLLOW_UP) == "Suivi"


def test_every_enum_has_distinct_labels():
    for _name, cls in inspect.getmembers(enums, inspect.isclass):
        if issubclass(cls, StrEnum) and cls is not StrEnum:
            labels = [label(m) for m in cls]
            assert len(set(labels)) == len(labels), cls
