"""What the headless commands share: exit codes, unlocking, opening services. The vault and
the services are imported when a command runs, not when the parser is built."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcp_desktop import vault
    from rcp_desktop.services import Actor, Services

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_UNLOCK = 3
EXIT_INTEGRITY = 4
EXIT_SYSTEM = 5  # the system refused: disk full, no permission, read-only folder

OPERATOR_ENV = "RCP_DESKTOP_OPERATOR"


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def fail(message: str, code: int) -> int:
    print(f"rcp-desktop : {message}", file=sys.stderr)
    return code


def exit_code(error: vault.DatabaseError) -> int:
    """The exit code of a storage error (DESIGN.md "Headless commands", plus 5)."""
    from rcp_desktop import vault

    if isinstance(error, vault.UnlockError):
        return EXIT_UNLOCK
    if isinstance(error, vault.DamagedError):
        return EXIT_INTEGRITY
    if isinstance(error, vault.SystemRefusedError):
        return EXIT_SYSTEM
    return EXIT_REFUSED


def add_db_argument(parser) -> None:
    parser.add_argument("--db", required=True, metavar="PATH", type=Path, help="fichier de la base")


def actor_for(args) -> Actor:
    from rcp_desktop.services import Actor

    return Actor.current(getattr(args, "operator", None) or os.environ.get(OPERATOR_ENV))


def prompter() -> vault.Prompter:
    """How the vault may ask: getpass when stdin is a terminal, else never; notices on stderr."""
    from rcp_desktop import vault

    if not sys.stdin.isatty():
        return vault.Prompter(notice=warn)
    return vault.Prompter(
        secret=lambda: ask_secret("Phrase de passe ou code de secours : "),
        new_passphrase=prompt_new_passphrase,
        notice=warn,
    )


def ask_secret(prompt: str) -> str:
    """A secret typed on the terminal; bytes that are not UTF-8 are refused as such."""
    import getpass

    from rcp_desktop import vault

    try:
        return getpass.getpass(prompt)
    except UnicodeDecodeError:
        raise vault.InvalidSecretError() from None


def warn(message: str) -> None:
    print(message, file=sys.stderr)


def prompt_new_passphrase() -> str:
    from rcp_desktop import vault

    first = ask_secret("Nouvelle phrase de passe : ")
    vault.check_new_passphrase(first)
    if ask_secret("Confirmez : ") != first:
        raise CliError("Les deux saisies diffèrent.")
    return first


@contextmanager
def open_services(args, *, check: bool = True) -> Iterator[Services]:
    """The services over the base of ``--db``, unlocked without a window; its pages and its
    chain's anchor are verified first unless the command reports them itself (``check``)."""
    from rcp_desktop import vault

    with vault.open_headless(Path(args.db), actor_for(args), prompter(), check=check) as opened:
        yield opened.services


def print_recovery(recovery_code: str, mode: vault.Protection, force: bool) -> None:
    """Say how the base is protected; show the recovery code on a terminal or when asked."""
    from rcp_desktop import vault

    if mode is vault.Protection.KEYRING:
        print("Clé aléatoire enregistrée dans le trousseau du système.")
    else:
        print("Base protégée par la phrase de passe.")
    if force or sys.stdout.isatty():
        print("Code de secours (à imprimer et à garder hors de l'ordinateur) :")
        print(recovery_code)
    else:
        print(
            "Code de secours non affiché (sortie non interactive) : relancez avec "
            "--show-recovery-code ou imprimez la fiche de secours depuis l'application."
        )
