import pytest

from rcp_desktop.services.validation import luhn_is_valid, nir_is_valid, nir_key


def make_nir(body: str) -> str:
    return body + f"{nir_key(body):02d}"


@pytest.mark.parametrize(
    "body",
    ["1850591027123", "2991275056004", "1690399123456", "285022A123456", "185022B004005"],
)
def test_generated_nirs_are_valid(body):
    assert nir_is_valid(make_nir(body))
    assert nir_is_valid(" ".join(make_nir(body)[i : i + 3] for i in range(0, 15, 3)))


def test_wrong_key_is_invalid():
    nir = make_nir("1850591027123")
    wrong = nir[:13] + f"{(int(nir[13:]) + 1) % 100:02d}"
    assert not nir_is_valid(wrong)


def test_corsica_uses_19_and_18():
    assert nir_key("285022A123456") == 97 - int("2850219123456") % 97
    assert nir_key("285022B123456") == 97 - int("2850218123456") % 97


@pytest.mark.parametrize(
    "value", ["", "123", "3850591027123 00", "18505910271234X", "1850591027123AB"]
)
def test_malformed_nirs(value):
    assert not nir_is_valid(value)


def test_luhn():
    assert luhn_is_valid("10003456786")
    assert not luhn_is_valid("10003456785")
    assert not luhn_is_valid("10003456784")
    assert not luhn_is_valid("1000345678a")
