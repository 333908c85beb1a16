import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcp_desktop.domain.text import commune_key, normalise_key


def test_normalise_key():
    assert normalise_key("Libellé commune (coord. structure)") == "libelle commune coord structure"
    assert normalise_key("ŒILLET") == normalise_key("oeillet") == "oeillet"
    assert normalise_key("Lætitia") == "laetitia"
    assert normalise_key("  ") == normalise_key(None) == ""


@given(st.text())
def test_normalise_key_is_idempotent_and_plain(text):
    key = normalise_key(text)
    assert normalise_key(key) == key
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in key)
    assert key == key.strip() and "  " not in key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Saint-Denis", "ST DENIS"),
        ("Sainte-Geneviève-des-Bois", "STE GENEVIEVE DES BOIS"),
        ("Évry-Courcouronnes", "EVRY COURCOURONNES CEDEX"),
        ("Évry-Courcouronnes", "evry courcouronnes cedex 9"),
        ("L'Haÿ-les-Roses", "L’HAY LES ROSES"),  # typographic apostrophe too
        ("Œuilly", "Oeuilly"),
        ("Bourg-la-Reine", "  bourg   la reine "),
    ],
)
def test_spellings_of_one_commune(a, b):
    assert commune_key(a) == commune_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Saint-Denis", "Sainte-Denise"),
        ("Juvisy-sur-Orge", "Juvisy"),
        ("Cedex-ville", "ville"),  # only a trailing CEDEX goes
    ],
)
def test_different_communes_stay_apart(a, b):
    assert commune_key(a) != commune_key(b)


def test_saint_only_as_a_word():
    assert commune_key("Stains") == "stains"
    assert commune_key("Bourg-St-Andéol") == "bourg saint andeol"
    assert commune_key("Ste") == "sainte"


def test_empty_commune():
    assert commune_key(None) == commune_key("") == commune_key(" - ") == ""
