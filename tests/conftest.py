"""Shared fixtures: an isolated environment, real SQLCipher databases on temp paths, a fixed
clock, an in-memory keyring standing in for the OS store where one cannot exist.

Every test is also marked by its folder (``unit``, ``integration``, ``ui``); long ones carry
``slow`` explicitly. ``make test`` runs them all, ``make test-fast`` leaves out ``ui`` and
``slow``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt or platformdirs: offscreen Qt, private config/data/log folders.
_SANDBOX = Path(tempfile.mkdtemp(prefix="rcp-desktop-tests-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_SANDBOX / var.lower())
os.environ.pop("RCP_DESKTOP_PASSPHRASE", None)
os.environ.pop("RCP_DESKTOP_OPERATOR", None)

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.backends import fail  # noqa: E402

from rcp_desktop.services import Actor, Services  # noqa: E402
from rcp_desktop.storage import Database, DatabaseKey  # noqa: E402
from rcp_desktop.storage import keys as keymod  # noqa: E402

TODAY = dt.datetime(2026, 3, 10, 14, 0)
PASSPHRASE = "une phrase de passe assez longue"


def pytest_configure(config):
    # Never touch the developer's real keyring: no backend unless a test asks for the fake.
    keyring.set_keyring(fail.Keyring())


# Folder → marker (see the markers in pyproject.toml). A folder missing here is an error, so
# that a new test folder is placed in a group on purpose.
GROUPS = {
    "unit": "unit",
    "domain": "unit",
    "services": "integration",
    "statistics": "integration",
    "year": "integration",
    "reports": "integration",
    "cli": "integration",
    "security": "integration",
    "packaging": "integration",
    "ui": "ui",
}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if not Path(item.path).is_relative_to(here):
            continue
        folder = Path(item.path).relative_to(here).parts[0]
        if folder not in GROUPS:
            raise pytest.UsageError(f"tests/{folder}: add it to GROUPS in tests/conftest.py")
        item.add_marker(GROUPS[folder])
    # Slow tests first (stable sort): with `-n 2` the crash harness then runs beside the rest
    # instead of alone at the end.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_unconfigure(config):
    shutil.rmtree(_SANDBOX, ignore_errors=True)


class MemoryKeyring(KeyringBackend):
    """In-memory stand-in for an OS keyring (registered as trusted by the fixture only)."""

    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def fake_keyring(monkeypatch):
    backend = MemoryKeyring()
    monkeypatch.setattr(keymod, "extra_trusted_backend_types", (MemoryKeyring,))
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def clock():
    return lambda: TODAY


@pytest.fixture
def actor():
    return Actor(os_user="testeur", operator="Dr Test")


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory):
    """An empty migrated base, created once per worker: each test's ``db`` is a copy of it
    (a copy of an encrypted base is a valid base under the same key). Running every migration
    costs about 0.1 s, a copy a few milliseconds."""
    path = tmp_path_factory.mktemp("empty-template") / "rcp.db"
    key = DatabaseKey.generate()
    database = Database.create(path, key)
    database.checkpoint()
    database.close()
    return path, key


@pytest.fixture
def key(empty_template):
    """The key of this test's ``db`` (the template's)."""
    return empty_template[1]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "rcp.db"


@pytest.fixture
def db(db_path, empty_template):
    source, key = empty_template
    shutil.copy(source, db_path)  # content and mode (0600, as Database.create leaves it)
    database = Database.open(db_path, key)
    yield database
    database.close()


@pytest.fixture
def services(db, actor, clock):
    return Services(db, actor, clock)


@pytest.fixture
def world(services):
    """The small conference-workflow world of ``tests/workflow_world.py``."""
    from tests import workflow_world

    return workflow_world.build(services)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A 2-year demo database built once, protected by ``PASSPHRASE``; tests get their own copy
    (``demo_db`` opened, ``demo_path`` closed). A file copy of an encrypted base is a valid
    base with the same key."""
    from rcp_desktop.services import demo

    folder = tmp_path_factory.mktemp("demo-template")
    key = DatabaseKey.new_from_passphrase(PASSPHRASE)
    database = Database.create(folder / "demo.db", key)
    demo.generate(
        Services(database, Actor("demo", "Démonstration"), lambda: TODAY).ctx, years=2, seed=7
    )
    database.checkpoint()
    database.close()
    return folder / "demo.db", key


@pytest.fixture
def demo_path(demo_template, tmp_path):
    """This test's own copy of the demo database, closed: for the headless commands, which open
    it with ``RCP_DESKTOP_PASSPHRASE=PASSPHRASE``."""
    source, _key = demo_template
    target = tmp_path / "demo.db"
    shutil.copy2(source, target)
    return target


@pytest.fixture
def demo_db(demo_template, demo_path):
    database = Database.open(demo_path, demo_template[1])
    yield database
    database.close()


@pytest.fixture
def demo_services(demo_db, actor, clock):
    return Services(demo_db, actor, clock)
