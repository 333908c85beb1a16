from enum import StrEnum

import rcp_desktop.models.enums as enums
from rcp_desktop.models.enums import CaseStatus, ItemKind, Pathway, Profession, label


def all_enums():
    return [
        v
        for v in vars(enums).values()
        if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum
    ]


def test_every_member_has_its_own_label():
    for cls in all_enums():
        for member in cls:
            assert label(member), member


def test_same_values_in_different_enums_keep_their_labels():
    assert label(Pathway.OTHER) == "Autre"
    assert label(Profession.OTHER) == "Autre profession"
    assert label(ItemKind.FOLLOW_UP) == "Suivi"
    assert label(CaseStatus.FOLLOW_UP) == "En suivi"
