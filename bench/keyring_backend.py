"""The keyring of a bench child: it holds the key of the base under test (``RCP_BENCH_DB``,
``RCP_BENCH_KEY`` a recovery code), standing in for the OS store. Loaded by the keyring
library itself (``PYTHON_KEYRING_BACKEND``) when the app first asks, so the child imports
nothing of the app's ahead of it; :mod:`bench.child` marks it trusted when the app's key module
is imported."""

from __future__ import annotations

import os
import re

from keyring.backend import KeyringBackend


class BenchKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        wanted = "db:" + os.path.realpath(os.environ["RCP_BENCH_DB"])
        if service != "rcp-desktop" or username != wanted:
            return None
        return "raw:" + re.sub(r"[\s\-]", "", os.environ["RCP_BENCH_KEY"]).lower()

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError("the bench keyring is read-only")

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError("the bench keyring is read-only")
