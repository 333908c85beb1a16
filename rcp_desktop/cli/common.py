"""What the headless commands share: exit codes, unlocking, opening services."""

from __future__ import annotations

import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from rcp_desktop.services import Actor, Services
from rcp_desktop.storage import Database, DatabaseKey, UnlockError
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage.engine import check_file, key_for_secret, key_opens

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_UNLOCK = 3
EXIT_INTEGRITY = 4

OPERATOR_ENV = "RCP_DESKTOP_OPERATOR"


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def fail(message: str, code: int) -> int:
    print(f"rcp-desktop : {message}", file=sys.stderr)
    return code


def add_db_argument(parser) -> None:
    parser.add_argument("--db", required=True, metavar="PATH", type=Path, help="fichier de la base")


def actor_for(args) -> Actor:
    return Actor.current(getattr(args, "operator", None) or os.environ.get(OPERATOR_ENV))


def resolve_key(path: Path, *, keyring_of: Path | None = None) -> DatabaseKey:
    """Environment passphrase, else the keyring entry (of *keyring_of*, default *path*), else a
    prompt on a terminal, else exit 3. Nothing is written to the file while trying."""
    check_file(path)
    secret = keymod.env_passphrase()
    if secret is not None:
        key = key_for_secret(path, secret)
        if key is None:
            raise UnlockError(
                "La phrase de passe de RCP_DESKTOP_PASSPHRASE ne permet pas d'ouvrir cette base."
            )
        return key
    key = keymod.keyring_get(keyring_of or path)
    if key is not None and key_opens(path, key):
        return key
    if sys.stdin.isatty():
        for _attempt in range(3):
            secret = getpass.getpass("Phrase de passe ou code de secours : ")
            key = key_for_secret(path, secret)
            if key is not None:
                return key
            print("Clé incorrecte.", file=sys.stderr)
        raise UnlockError("Trois essais infructueux : base non ouverte.")
    raise UnlockError(
        "Aucune clé disponible : définissez RCP_DESKTOP_PASSPHRASE, ou enregistrez la clé "
        "dans le trousseau du système, ou lancez la commande dans un terminal."
    )


NEW_PASSPHRASE_ENV = "RCP_DESKTOP_NEW_PASSPHRASE"


def prompt_new_passphrase() -> DatabaseKey:
    first = getpass.getpass("Nouvelle phrase de passe : ")
    problems = keymod.passphrase_problems(first)
    if problems:
        raise CliError(" ".join(problems))
    if getpass.getpass("Confirmez : ") != first:
        raise CliError("Les deux saisies diffèrent.")
    return DatabaseKey.new_from_passphrase(first)


def passphrase_key(secret: str) -> DatabaseKey:
    problems = keymod.passphrase_problems(secret)
    if problems:
        raise CliError(" ".join(problems))
    return DatabaseKey.new_from_passphrase(secret)


def new_key_for(path: Path, *, allow_prompt: bool = True) -> tuple[DatabaseKey, str]:
    """Key for a database about to be created, and its protection mode ('passphrase' or
    'keyring'): environment passphrase, else a random key in a trusted keyring, else a prompt."""
    secret = keymod.env_passphrase()
    if secret is not None:
        return passphrase_key(secret), "passphrase"
    if keymod.secure_keyring() is not None:
        return DatabaseKey.generate(), "keyring"
    if allow_prompt and sys.stdin.isatty():
        print(
            "Pas de trousseau système sûr : la base sera protégée par une phrase de passe.",
            file=sys.stderr,
        )
        return prompt_new_passphrase(), "passphrase"
    raise CliError(
        "Aucune source de clé : pas de trousseau système sûr, RCP_DESKTOP_PASSPHRASE non "
        "définie et pas de terminal pour la saisir.",
        EXIT_UNLOCK,
    )


def create_database(path: Path) -> tuple[Database, DatabaseKey, str]:
    key, mode = new_key_for(path)
    db = Database.create(path, key)
    if mode == "keyring" and not keymod.keyring_set(path, key):
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise CliError("Le trousseau système a refusé la clé : base non créée.")
    return db, key, mode


@contextmanager
def open_services(args):
    path = Path(args.db)
    db = Database.open(path, resolve_key(path))
    try:
        yield Services(db, actor_for(args))
    finally:
        db.close()


def print_recovery(key: DatabaseKey, mode: str, force: bool) -> None:
    """Say how the base is protected; show the recovery code on a terminal or when asked."""
    if mode == "keyring":
        print("Clé aléatoire enregistrée dans le trousseau du système.")
    else:
        print("Base protégée par la phrase de passe.")
    if force or sys.stdout.isatty():
        print("Code de secours (à imprimer et à garder hors de l'ordinateur) :")
        print(key.recovery_code())
    else:
        print(
            "Code de secours non affiché (sortie non interactive) : relancez avec "
            "--show-recovery-code ou imprimez la fiche de secours depuis l'application."
        )
