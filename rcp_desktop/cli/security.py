"""backup, restore, rekey."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rcp_desktop.cli.common import (
    EXIT_OK,
    NEW_PASSPHRASE_ENV,
    CliError,
    add_db_argument,
    passphrase_key,
    print_recovery,
    prompt_new_passphrase,
    resolve_key,
)
from rcp_desktop.storage import Database, DatabaseKey
from rcp_desktop.storage import keys as keymod
from rcp_desktop.storage.backup import backup_to, restore
from rcp_desktop.storage.keychange import change_key
from rcp_desktop.storage.lock import InstanceLock


def register(sub) -> None:
    p = sub.add_parser("backup", help="sauvegarde chiffrée (même clé que la base)")
    add_db_argument(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="restaurer une sauvegarde vérifiée")
    p.add_argument("--backup", required=True, type=Path, metavar="FILE")
    add_db_argument(p)
    p.add_argument(
        "--force", action="store_true", help="remplacer une base existante (mise de côté)"
    )
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("rekey", help="changer la phrase de passe ou renouveler la clé")
    add_db_argument(p)
    target = p.add_mutually_exclusive_group()
    target.add_argument(
        "--to-keyring",
        action="store_true",
        help="nouvelle clé aléatoire gardée dans le trousseau du système",
    )
    target.add_argument(
        "--to-passphrase",
        action="store_true",
        help=f"nouvelle phrase de passe ({NEW_PASSPHRASE_ENV} ou saisie)",
    )
    p.add_argument(
        "--show-recovery-code",
        action="store_true",
        help="afficher le nouveau code de secours même hors d'un terminal",
    )
    p.set_defaults(handler=cmd_rekey)


def cmd_backup(args) -> int:
    path = Path(args.db)
    out = Path(args.out)
    if out.exists():
        raise CliError(f"Le fichier {out} existe déjà.")
    db = Database.open(path, resolve_key(path))
    try:
        backup_to(db, out)
    finally:
        db.close()
    print(f"Sauvegarde chiffrée écrite : {out} (même clé que la base)")
    return EXIT_OK


def cmd_restore(args) -> int:
    backup, target = Path(args.backup), Path(args.db)
    key = resolve_key(backup, keyring_of=target)
    with InstanceLock(target):
        set_aside = restore(backup, target, key, force=args.force)
    print(f"Base restaurée depuis la sauvegarde vérifiée : {target}")
    if set_aside is not None:
        print(f"L'ancienne base est conservée sous : {set_aside}")
    return EXIT_OK


def _new_key(args, currently_keyring: bool) -> tuple[DatabaseKey, bool]:
    to_keyring = args.to_keyring or (currently_keyring and not args.to_passphrase)
    if to_keyring:
        if keymod.secure_keyring() is None:
            raise CliError("Aucun trousseau système sûr sur ce poste : utilisez --to-passphrase.")
        return DatabaseKey.generate(), True
    secret = os.environ.get(NEW_PASSPHRASE_ENV)
    if secret:
        return passphrase_key(secret), False
    if sys.stdin.isatty():
        return prompt_new_passphrase(), False
    raise CliError(f"Nouvelle phrase de passe absente : définissez {NEW_PASSPHRASE_ENV}.")


def cmd_rekey(args) -> int:
    path = Path(args.db)
    key = resolve_key(path)
    entry = keymod.keyring_get(path)
    new_key, to_keyring = _new_key(args, entry is not None and entry == key)
    with InstanceLock(path):
        db = Database.open(path, key)
        try:
            change_key(db, new_key, to_keyring=to_keyring)
        finally:
            db.close()
    print("Clé changée. L'ancien code de secours ne fonctionne plus.")
    print_recovery(new_key, "keyring" if to_keyring else "passphrase", args.show_recovery_code)
    return EXIT_OK
