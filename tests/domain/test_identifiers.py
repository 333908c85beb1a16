import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcp_desktop.domain.identifiers import (
    adeli_is_well_formed,
    compact,
    luhn_check_digit,
    luhn_is_valid,
    nir_is_valid,
    nir_key,
    rpps_is_well_formed,
    with_nir_key,
)

digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=20)


def digits(n):
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


# sex, year and month of birth, department (2A / 2B in Corsica), commune and order number
nir_bodies = st.builds(
    lambda sex, born, dept, tail: f"{sex}{born}{dept}{tail}",
    st.sampled_from("12378"),
    digits(4),
    st.one_of(digits(2), st.sampled_from(["2A", "2B"])),
    digits(6),
)


def make_nir(body: str) -> str:
    return body + f"{nir_key(body):02d}"


@pytest.mark.parametrize(
    "body",
    ["1850591027123", "2991275056004", "1690399123456", "285022A123456", "185022B004005"],
)
def test_generated_nirs_are_valid(body):
    assert nir_is_valid(make_nir(body))
    assert nir_is_valid(" ".join(make_nir(body)[i : i + 3] for i in range(0, 15, 3)))
    assert with_nir_key(body) == make_nir(body)


def test_wrong_key_is_invalid():
    nir = make_nir("1850591027123")
    wrong = nir[:13] + f"{(int(nir[13:]) + 1) % 100:02d}"
    assert not nir_is_valid(wrong)


def test_corsica_uses_19_and_18():
    assert nir_key("285022A123456") == 97 - int("2850219123456") % 97
    assert nir_key("285022B123456") == 97 - int("2850218123456") % 97


def test_a_published_example():
    # The INSEE's worked example: 2 55 08 14 168 025, key 38.
    assert nir_key("2550814168025") == 38
    assert nir_is_valid("2 55 08 14 168 025 38")


@pytest.mark.parametrize(
    "value", ["", "123", "3850591027123 00", "18505910271234X", "1850591027123AB"]
)
def test_malformed_nirs(value):
    assert not nir_is_valid(value)


@given(nir_bodies)
def test_nir_key_round_trip(body):
    nir = with_nir_key(body)
    assert len(nir) == 15 and 1 <= nir_key(body) <= 97
    assert nir_is_valid(nir)
    assert nir_is_valid(nir.lower().replace("", " ").strip())  # blanks and case do not matter


@given(nir_bodies, st.integers(min_value=1, max_value=96))
def test_any_other_key_is_refused(body, shift):
    key = nir_key(body)
    other = (key - 1 + shift) % 97 + 1
    assert not nir_is_valid(f"{body}{other:02d}")


def test_luhn():
    assert luhn_is_valid("10003456786")
    assert not luhn_is_valid("10003456785")
    assert not luhn_is_valid("10003456784")
    assert not luhn_is_valid("1000345678a")
    assert not luhn_is_valid("1000345678²")  # a digit for str.isdigit, not for int()
    assert not luhn_is_valid("")
    assert luhn_check_digit("1000345678") == "6"
    assert luhn_check_digit("7992739871") == "3"  # the textbook example


@given(digit_strings)
def test_luhn_round_trip(partial):
    digit = luhn_check_digit(partial)
    assert luhn_is_valid(partial + digit)
    assert [luhn_is_valid(partial + str(d)) for d in range(10)].count(True) == 1


@given(digit_strings, st.data())
def test_luhn_catches_one_wrong_digit(partial, data):
    number = partial + luhn_check_digit(partial)
    i = data.draw(st.integers(0, len(number) - 1))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != number[i]]))
    assert not luhn_is_valid(number[:i] + other + number[i + 1 :])


def test_rpps_and_adeli_shapes():
    assert rpps_is_well_formed("10003456786")
    assert not rpps_is_well_formed("1000345678")
    assert not rpps_is_well_formed("1000345678a")
    assert not rpps_is_well_formed("١٠٠٠٣٤٥٦٧٨٦")  # Arabic-Indic digits
    assert adeli_is_well_formed("912345678") and adeli_is_well_formed("2A1234567")
    assert not adeli_is_well_formed("91234567")
    assert compact(" 100 034 567 86\t") == "10003456786"
    assert compact(None) == ""
