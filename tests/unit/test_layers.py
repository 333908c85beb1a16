"""The house plan, read from the sources: the front-ends reach the encrypted store only through
the vault and the services; the vault is Qt-free; machine settings have one home."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "rcp_desktop"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, source: str | None = None) -> set[str]:
    """Every module *path* imports: ``import a.b``, ``from a import b`` (as ``a`` and ``a.b``),
    relative imports resolved, ``importlib.import_module("a.b")`` with a literal name."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value))
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def offenders(paths, forbidden: str) -> list[str]:
    return sorted(
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in paths
        for module in imported_modules(path)
        if within(module, forbidden)
    )


def test_the_reader_sees_every_kind_of_import():
    source = (
        "import rcp_desktop.storage.engine\n"
        "from rcp_desktop import storage\n"
        "from ..storage.keys import DatabaseKey\n"
        "from rcp_desktop.vault import DatabaseError\n"
        "import importlib\nimportlib.import_module('rcp_desktop.storage.lock')\n"
    )
    found = imported_modules(PACKAGE / "ui" / "example.py", source)
    assert {m for m in found if within(m, "rcp_desktop.storage")} == {
        "rcp_desktop.storage.engine",
        "rcp_desktop.storage",
        "rcp_desktop.storage.keys",
        "rcp_desktop.storage.keys.DatabaseKey",
        "rcp_desktop.storage.lock",
    }
    assert "rcp_desktop.vault.DatabaseError" in found


def test_the_front_ends_never_import_the_store():
    """The window (ui/, app.py) and the headless commands (cli/) reach the encrypted store
    through the vault (life cycle of a base) and the services only."""
    window = [*sorted((PACKAGE / "ui").rglob("*.py")), PACKAGE / "app.py"]
    commands = sorted((PACKAGE / "cli").rglob("*.py"))
    assert len(window) > 20 and len(commands) > 5
    assert offenders(window, "rcp_desktop.storage") == []
    assert offenders(commands, "rcp_desktop.storage") == []


def test_the_vault_and_the_file_helpers_are_qt_free():
    core = [PACKAGE / "vault.py", PACKAGE / "files.py"]
    for binding in ("PySide6", "shiboken6"):
        assert offenders(core, binding) == []


def test_machine_settings_have_one_home():
    """QSettings is opened in ``ui/machine_settings.py`` only (keys declared once, typed)."""
    home = PACKAGE / "ui" / "machine_settings.py"
    users = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        if "QSettings" in names:
            users.append(path)
    assert users == [home]
