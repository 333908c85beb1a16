"""Headless commands (the contract of DESIGN.md) over the same services as the GUI.

Exit codes: 0 done · 1 invalid input or refused operation · 2 usage · 3 the database cannot be
unlocked (file untouched) · 4 integrity or audit-chain problem found (a damaged or tampered
base) · 5 the system refused (disk full, no permission, read-only folder).
Each command group lives in its own module and registers its sub-commands.
Building the parser imports no command's dependencies (the database, Qt, the PDF and
spreadsheet writers): each handler imports what it needs when it runs, so ``--version`` and
``--help`` answer at once.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

from rcp_desktop import __version__

log = logging.getLogger(__name__)

# Modules defining ``register(subparsers)``; listed explicitly so frozen builds find them.
COMMAND_MODULES = [
    "rcp_desktop.cli.core",
    "rcp_desktop.cli.security",
    "rcp_desktop.cli.stats",
    "rcp_desktop.cli.documents",
    "rcp_desktop.cli.directory",
    "rcp_desktop.cli.patient_docs",
    "rcp_desktop.cli.requests",
    "rcp_desktop.cli.year",
]


EXIT_CODES_HELP = """codes de sortie :
  0  terminé
  1  saisie invalide ou opération refusée
  2  usage (arguments)
  3  base impossible à déverrouiller (clé absente ou fausse ; fichier intact)
  4  problème d'intégrité : base endommagée, modifiée hors de l'application, journal altéré
  5  refus du système : disque plein, permission refusée, dossier en lecture seule"""


def _window_options(parser: argparse.ArgumentParser) -> None:
    """The options of the window itself (and --version, --self-test); :func:`window_args`
    reads the first three the same way without argparse."""
    parser.add_argument("--version", action="version", version=f"rcp-desktop {__version__}")
    parser.add_argument("--db", dest="gui_db", metavar="PATH", help="base à ouvrir dans la fenêtre")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="ouvrir la fenêtre sur une base de démonstration fictive, supprimée à la fermeture",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="vérifier l'installation sans écran (base chiffrée temporaire, PDF en mémoire, "
        "Qt hors écran) puis quitter : code 0 si tout va bien",
    )
    parser.add_argument(
        "--operator",
        metavar="NOM",
        help="nom de l'opérateur inscrit au journal d'audit (par défaut : le compte système)",
    )


def _parser(**kw) -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="rcp-desktop",
        description="Réunions de concertation pluriprofessionnelle (RCP / RCPT) d'une CPTS.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **kw,
    )
    _window_options(parser)
    return parser


WINDOW_OPTIONS = {"--db": "gui_db", "--operator": "operator"}  # options taking a value


def window_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments when *argv* only opens the window: ``--db PATH``, ``--demo``,
    ``--operator NOM`` (or ``--opt=value``), each once. Read without argparse (its import and
    the commands' registration are not on the way to the window); anything else — a command,
    --help, --version, an abbreviation, an error — goes to the full parser (None)."""
    values: dict[str, object] = {"gui_db": None, "operator": None, "demo": False}
    items = list(argv)
    while items:
        token = items.pop(0)
        name, eq, inline = token.partition("=")
        if token == "--demo" and not values["demo"]:
            values["demo"] = True
        elif name in WINDOW_OPTIONS and values[WINDOW_OPTIONS[name]] is None:
            if eq:
                value = inline
            elif items and not items[0].startswith("-"):
                value = items.pop(0)
            else:
                return None
            if not value:
                return None
            values[WINDOW_OPTIONS[name]] = value
        else:
            return None
    return SimpleNamespace(command=None, self_test=False, **values)


def build_parser() -> argparse.ArgumentParser:
    parser = _parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    fast = window_args(argv)
    if fast is not None:
        from rcp_desktop.app import run_gui

        return run_gui(fast)
    from rcp_desktop.cli.common import EXIT_OK, EXIT_REFUSED, CliError, exit_code, fail

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        if args.command is not None or args.demo or args.gui_db:
            parser.error("--self-test ne se combine avec aucune autre commande")
        from rcp_desktop.selftest import run

        return run()
    if args.command is None:
        from rcp_desktop.app import run_gui

        return run_gui(args)
    from rcp_desktop.logs import setup_logging
    from rcp_desktop.services.errors import ServiceError
    from rcp_desktop.vault import DatabaseError, explain

    try:
        setup_logging()
    except OSError:
        pass  # a read-only home must not stop a headless command
    try:
        return int(args.handler(args) or EXIT_OK)
    except DatabaseError as exc:
        return fail(exc.message, exit_code(exc))
    except ServiceError as exc:
        return fail(exc.message, EXIT_REFUSED)
    except CliError as exc:
        return fail(exc.message, exc.code)
    except KeyboardInterrupt:
        return fail("Interrompu.", 130)
    except BrokenPipeError:  # output piped into `head`, say: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        db = getattr(args, "db", None)
        known = explain(exc, Path(db) if db else None)
        if known is not None:  # a full disk, a missing permission, a damaged file…
            log.warning("command %s: %s", args.command, type(exc).__name__)
            return fail(known.message, exit_code(known))
        log.exception("command %s failed", args.command)  # last resort: one line, log details
        return fail(f"Erreur inattendue ({type(exc).__name__}) ; détails dans le journal.", 1)


if __name__ == "__main__":
    sys.exit(main())
