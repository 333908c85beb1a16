import pytest

from tests.reports.factory import Pdf, build_hostile_session


@pytest.fixture
def read_pdf():
    return Pdf


@pytest.fixture
def hostile(services):
    return build_hostile_session(services)
