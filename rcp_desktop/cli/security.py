"""backup, restore, rekey."""

from __future__ import annotations

from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, add_db_argument, print_recovery, prompter

NEW_PASSPHRASE_ENV = "RCP_DESKTOP_NEW_PASSPHRASE"  # vault.NEW_PASSPHRASE_ENV (a test checks)


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
    from rcp_desktop import vault

    out = vault.backup_headless(Path(args.db), Path(args.out), prompter())
    print(f"Sauvegarde chiffrée écrite : {out} (même clé que la base)")
    return EXIT_OK


def cmd_restore(args) -> int:
    from rcp_desktop import vault

    target = Path(args.db)
    set_aside = vault.restore_headless(Path(args.backup), target, prompter(), force=args.force)
    print(f"Base restaurée depuis la sauvegarde vérifiée : {target}")
    if set_aside is not None:
        print(f"L'ancienne base est conservée sous : {set_aside}")
    return EXIT_OK


def cmd_rekey(args) -> int:
    from rcp_desktop import vault

    new_key, mode = vault.rekey_headless(
        Path(args.db), prompter(), to_keyring=args.to_keyring, to_passphrase=args.to_passphrase
    )
    print("Clé changée. L'ancien code de secours ne fonctionne plus.")
    print_recovery(new_key.recovery_code(), mode, args.show_recovery_code)
    return EXIT_OK
