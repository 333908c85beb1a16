"""init, demo-data, sessions, export, check."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from rcp_desktop.cli.common import (
    EXIT_INTEGRITY,
    EXIT_OK,
    CliError,
    actor_for,
    add_db_argument,
    open_services,
    print_recovery,
    prompter,
)
from rcp_desktop.domain.dates import fr_date, short_time

DEMO_SIZES = ("standard", "large")  # demo.SIZES' names (tests/cli check they agree)


def register(sub) -> None:
    p = sub.add_parser("init", help="créer une base chiffrée vide")
    add_db_argument(p)
    p.add_argument(
        "--show-recovery-code",
        action="store_true",
        help="afficher le code de secours même hors d'un terminal",
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo-data", help="créer ou compléter une base avec des données fictives")
    add_db_argument(p)
    p.add_argument("--years", type=int, default=2, help="années d'activité (défaut : 2)")
    p.add_argument("--seed", type=int, default=1, help="graine du tirage (défaut : 1)")
    p.add_argument(
        "--size",
        choices=DEMO_SIZES,
        default="standard",
        help="standard (environ 75 dossiers par an, défaut) ou large (une grande CPTS : "
        "800 dossiers par an, plus de 5 000 patients sur 10 ans ; quelques minutes)",
    )
    p.set_defaults(handler=cmd_demo_data)

    p = sub.add_parser("sessions", help="lister les séances")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=cmd_sessions)

    p = sub.add_parser("export", help="exporter toute la base en JSON (portabilité, droit d'accès)")
    add_db_argument(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.json")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "check",
        help="vérifier l'intégrité de la base et du journal d'audit (pages, structure, schéma, "
        "index de recherche, chaîne du journal et son empreinte, chaque enregistrement)",
    )
    add_db_argument(p)
    p.add_argument(
        "--reset-anchor",
        action="store_true",
        help="adopter l'état actuel du journal comme référence (après une restauration faite "
        "à la main), si tout le reste est intègre",
    )
    p.set_defaults(handler=cmd_check)


def cmd_init(args) -> int:
    from rcp_desktop import vault

    with vault.create_headless(Path(args.db), actor_for(args), prompter()) as opened:
        code, mode = opened.recovery_code, opened.mode
    print(f"Base créée : {args.db}")
    print_recovery(code, mode, args.show_recovery_code)
    return EXIT_OK


def cmd_demo_data(args) -> int:
    from rcp_desktop import vault
    from rcp_desktop.services import demo
    from rcp_desktop.services import settings as settings_mod

    if not 1 <= args.years <= 30:
        raise CliError("--years : entre 1 et 30.")
    size = demo.SIZES[args.size]
    path = Path(args.db)
    if os.path.lexists(path):
        with open_services(args) as services:
            if services.settings.get(settings_mod.DEMO):
                raise CliError(
                    "Cette base contient déjà des données de démonstration : "
                    "choisissez un nouveau fichier."
                )
            report = demo.generate(services.ctx, years=args.years, seed=args.seed, size=size)
    else:
        with vault.create_headless(path, actor_for(args), prompter()) as opened:
            report = demo.generate(opened.services.ctx, years=args.years, seed=args.seed, size=size)
        print_recovery(opened.recovery_code, opened.mode, False)
    print(
        f"Données fictives : {report.professionals} professionnels, {report.patients} patients, "
        f"{report.cases} dossiers, {report.meetings} séances, {report.decisions} décisions."
    )
    return EXIT_OK


def cmd_sessions(args) -> int:
    from rcp_desktop.models import label

    with open_services(args) as services:
        rows = services.meetings.summaries()
    if args.json:
        json.dump([r.as_json() for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    quorum = {True: "quorum atteint", False: "sans quorum", None: ""}
    for r in rows:
        print(
            f"{r.id:>5}  {fr_date(r.held_on)} {short_time(r.start_time)}  "
            f"{label(r.status):<20} {r.cases:>3} dossier(s) {r.planned_minutes:>4}/{r.duration_minutes} min"
            f"{' (dépassement)' if r.overrun_minutes else '':<14} {r.present:>3} présent(s)  "
            f"{r.decisions:>3} décision(s)  {quorum[r.quorum_met]:<15} {label(r.pathway) or r.theme or ''}"
        )
    return EXIT_OK


def cmd_export(args) -> int:
    from rcp_desktop.services.export import export_to_file

    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"Dossier inexistant : {out.parent}")
    with open_services(args) as services:
        counts = export_to_file(services.db, out)
    print(f"Export écrit : {out} ({sum(counts.values())} enregistrements)")
    return EXIT_OK


def cmd_check(args) -> int:
    from rcp_desktop import vault

    with open_services(args, check=False) as services:  # the check reports all of it
        if args.reset_anchor:
            report = vault.reset_anchor(services.db)
        else:
            report = vault.check_base(services.db)
    for line in report.lines():
        print(line)
    if report.ok:
        print(f"Empreinte du journal : {report.fingerprint}")
        if args.reset_anchor:
            print("Cet état est désormais la référence de la base sur ce poste.")
    return EXIT_OK if report.ok else EXIT_INTEGRITY
