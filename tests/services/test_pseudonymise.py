"""The masker alone, over the corpus of identifier variants: everything masked, what is not an
identifier kept, what remains listed for review."""

from __future__ import annotations

import pytest

from rcp_desktop.services.pseudonymise import (
    KnownIdentities,
    Masker,
    ProtectedPerson,
    split_full_name,
)
from rcp_desktop.services.pseudonyms import letters, situation_label
from tests import pseudonymise_corpus as corpus


def masker(*extra: str) -> Masker:
    p = corpus.PATIENT
    surnames, firsts = split_full_name(corpus.TRUSTED["name"])
    o = corpus.OTHER_PATIENT
    return Masker(
        KnownIdentities(
            people=(
                ProtectedPerson(
                    (p["birth_name"], p["used_name"]),
                    tuple(p["first_names"].split()),
                    p["birth_date"],
                    p["nir"],
                    on_agenda=True,
                ),
                ProtectedPerson(surnames, firsts),
                ProtectedPerson((o["birth_name"],), (o["first_names"],), o["birth_date"]),
            ),
            professionals=(corpus.PROFESSIONAL, ("Jean", "Petit")),
            case_numbers=frozenset({corpus.CASE_NUMBER}),
        ),
        extra_terms=extra,
    )


def test_the_corpus_is_large():
    assert len(corpus.corpus()) >= 150


@pytest.mark.parametrize("variant", corpus.corpus(), ids=lambda v: v.text[:60])
def test_every_variant_is_masked(variant):
    masked = masker().mask(variant.text)
    assert corpus.survivors(variant, masked) == [], masked
    assert "[" in masked


@pytest.mark.parametrize("text", corpus.KEPT)
def test_what_is_not_an_identifier_is_kept(text):
    m = masker()
    assert m.mask(text) == text
    assert m.suspects(m.scan(text)) == []


def test_a_common_word_surname_is_masked_only_when_capitalised():
    m = Masker(KnownIdentities(people=(ProtectedPerson(("PETIT",), ("Rose",)),)))
    assert m.mask("Un petit progrès pour Rose PETIT.") == "Un petit progrès pour [nom]."
    assert m.mask("Petit a appelé ; une rose.") == "[nom] a appelé ; une rose."


def test_a_professional_named_like_a_patient_stays_after_dr():
    m = Masker(
        KnownIdentities(
            people=(ProtectedPerson(("PETIT",), ("Rose",)),), professionals=(("Jean", "Petit"),)
        )
    )
    assert m.mask("Le Dr Petit voit Mme Petit.") == "Le Dr Petit voit Mme [nom]."


def test_what_remains_is_listed_for_review_and_one_more_term_masks_it():
    text = "Vue avec Jean-Pierre Lunel-Dubois au CHU de Grenoble ; code 12345678, lithium."
    m = masker()
    assert m.suspects(m.scan(text)) == ["Lunel-Dubois", "Grenoble", "12345678"]
    more = masker("Lunel-Dubois", "12345678")
    masked = more.mask(text)
    assert "Lunel" not in masked and "12345678" not in masked
    assert more.suspects(more.scan(text)) == ["Grenoble"]


def test_a_nir_with_a_wrong_key_is_not_masked_but_listed():
    text = "NIR 1 92 12 99 999 999 00."
    m = masker()
    scan = m.scan(text)
    assert scan.masked() == text
    assert m.suspects(scan) == ["1 92 12 99 999 999 00"]


def test_labels_run_like_spreadsheet_columns():
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]
    assert situation_label(2) == "Situation C"


def test_the_dictionary_read_in_slices_is_pyspellchecker_s(monkeypatch):
    """The common words are read from pyspellchecker's file in slices (the GUI thread never
    waits for one long parse): the same words as its own loader gives, whatever the slice."""
    from spellchecker import SpellChecker

    from rcp_desktop.services.pseudonymise import vocabulary

    expected = set(SpellChecker(language="fr", case_sensitive=False).word_frequency.dictionary)
    assert set(vocabulary._dictionary_words()) == expected
    monkeypatch.setattr(vocabulary, "_SLICE", 997)  # many slices, ending anywhere
    words = vocabulary._dictionary_words()
    assert len(words) == len(expected) and set(words) == expected
