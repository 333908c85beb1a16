"""The declared dependencies: every library the code imports is declared in pyproject.toml (the
app's in its dependencies, the tests' and tools' in an extra), and the test environment's
constraints are the ones derived from the hashed build lock."""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
FIRST_PARTY = {"rcp_desktop", "tests", "bench", "docs"}


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str, set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    return {
        group: {normalised(re.match(r"[A-Za-z0-9_.-]+", r).group(0)) for r in requirements}
        for group, requirements in groups.items()
    }


@functools.cache
def installed() -> dict[str, list[str]]:
    return packages_distributions()  # scans every installed distribution: once


@functools.cache
def imported_modules(folder: Path) -> dict[str, Path]:
    """Top-level names of the absolute imports under *folder* → one file importing each."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return {
        name: path
        for name, path in found.items()
        if name not in sys.stdlib_module_names and name not in FIRST_PARTY and name != "__future__"
    }


def distributions_of(module: str, where: Path) -> set[str]:
    dists = installed().get(module)
    assert dists, f"{module} (imported by {where.relative_to(ROOT)}) is not installed"
    return {normalised(d) for d in dists}


def test_the_app_declares_every_library_it_imports():
    runtime = declared()["dependencies"]
    for module, where in imported_modules(ROOT / "rcp_desktop").items():
        assert distributions_of(module, where) & runtime, (
            f"{module} (imported by {where.relative_to(ROOT)}) is missing from "
            "[project] dependencies in pyproject.toml"
        )


def test_tests_bench_and_docs_declare_every_library_they_import():
    everything = set().union(*declared().values())
    for folder in ("tests", "bench", "docs"):
        for module, where in imported_modules(ROOT / folder).items():
            assert distributions_of(module, where) & everything, (
                f"{module} (imported by {where.relative_to(ROOT)}) is declared nowhere in "
                "pyproject.toml (test-only libraries go to the `test` extra)"
            )


def test_the_scan_sees_what_the_code_imports():
    # A scan that found nothing would pass the two tests above without checking anything.
    app = imported_modules(ROOT / "rcp_desktop")
    assert {"PySide6", "sqlalchemy", "reportlab", "PIL", "numpy"} <= app.keys()
    assert {"pytest", "pypdf", "scipy"} <= imported_modules(ROOT / "tests").keys()


def test_the_constraints_are_the_build_lock_without_hashes():
    spec = importlib.util.spec_from_file_location(
        "make_constraints", PACKAGING / "make_constraints.py"
    )
    assert spec is not None and spec.loader is not None
    make_constraints = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_constraints)
    lock = (PACKAGING / "requirements-build.txt").read_text(encoding="utf-8")
    expected = make_constraints.constraints(lock)
    assert (PACKAGING / "constraints.txt").read_text(encoding="utf-8") == expected, (
        "packaging/constraints.txt is stale: run `make constraints` and commit it"
    )
    pinned = dict(re.findall(r"^([a-z0-9-]+)==(\S+)", expected, re.M))
    assert pinned["pyside6"] == pinned["pyside6-essentials"]
    for name in declared()["dependencies"]:
        assert name in pinned, f"{name} is not pinned by the build lock"
