"""patient-plan, patient-letter, case-sheet-cda, gp-message: the documents for the patient, the
record and the GP, written atomically (mode 0600) and recorded in the register of what was
prepared for whom (the case's timeline). Nothing is sent: gp-message writes a file for the
user's MSSanté client."""

from __future__ import annotations

from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.cli.documents import _check_out
from rcp_desktop.files import atomic_write_bytes

CASE_HELP = "identifiant du dossier (ou son numéro, ex. 2025-0012)"


def _session_case(p) -> None:
    add_db_argument(p)
    p.add_argument("--session", required=True, type=int, metavar="ID", help="numéro de la séance")
    p.add_argument("--case", required=True, metavar="ID", help=CASE_HELP + ", à l'ordre du jour")


def register(sub) -> None:
    p = sub.add_parser(
        "patient-plan",
        help="plan de crise pour le patient, en langage simple, avec accord, signatures et "
        "détenteurs d'un exemplaire (PDF)",
    )
    add_db_argument(p)
    p.add_argument("--case", required=True, metavar="ID", help=CASE_HELP)
    p.add_argument(
        "--version", type=int, metavar="N", help="version du plan (par défaut : la dernière)"
    )
    p.add_argument(
        "--holder",
        action="append",
        default=[],
        metavar="QUI",
        help="qui détient un exemplaire (option répétable ; par défaut : le patient, son "
        "médecin traitant et les contacts du plan)",
    )
    p.add_argument("--signer", default="", metavar="NOM", help="professionnel qui signe le plan")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_patient_plan)

    p = sub.add_parser(
        "patient-letter",
        help="courrier au patient expliquant la proposition de la RCP (modèle du parcours, PDF)",
    )
    _session_case(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_patient_letter)

    p = sub.add_parser(
        "case-sheet-cda",
        help="fiche RCP au format CDA R2 pour le dossier du patient (PDF/A intégré, XML)",
    )
    _session_case(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xml")
    p.set_defaults(handler=cmd_case_sheet_cda)

    p = sub.add_parser(
        "gp-message",
        help="message (.eml) pour la messagerie sécurisée MSSanté, adressé au médecin traitant, "
        "fiche RCP PDF/A et CDA jointes (rien n'est envoyé)",
    )
    _session_case(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.eml")
    p.set_defaults(handler=cmd_gp_message)


def _case_id(services, raw: str) -> int:
    from rcp_desktop.services.documents import DocumentService

    raw = str(raw).strip()
    return int(raw) if raw.isdigit() else DocumentService(services.ctx).case_id_for_number(raw)


def cmd_patient_plan(args) -> int:
    from rcp_desktop.reports.patient_docs import build_patient_crisis_plan

    out = _check_out(args.out)
    with open_services(args) as services:
        case_id = _case_id(services, args.case)
        versions = services.crisis.versions(case_id)
        if not versions:
            raise CliError("Ce dossier n'a pas de plan de crise.")
        if args.version is None:
            plan = versions[-1]
        else:
            wanted = next((v for v in versions if v.version == args.version), None)
            if wanted is None:
                raise CliError(f"Version {args.version} introuvable pour ce dossier.")
            plan = wanted
        holders = args.holder or services.patient_docs.holder_choices(plan.id)
        content, _record = services.patient_docs.produce_patient_plan(
            plan.id, holders, build_patient_crisis_plan, args.signer
        )
        atomic_write_bytes(out, content)
    print(f"Plan de crise pour le patient écrit : {out}")
    return EXIT_OK


def cmd_patient_letter(args) -> int:
    from rcp_desktop.reports.patient_docs import build_patient_letter

    out = _check_out(args.out)
    with open_services(args) as services:
        case_id = _case_id(services, args.case)
        content, _record = services.patient_docs.produce_letter(
            args.session, case_id, build_patient_letter
        )
        atomic_write_bytes(out, content)
    print(f"Courrier au patient écrit : {out}")
    return EXIT_OK


def cmd_case_sheet_cda(args) -> int:
    from rcp_desktop.reports.case_sheet import build_case_sheet
    from rcp_desktop.reports.cda import build_case_sheet_cda, cda_problems
    from rcp_desktop.reports.pdfa import archival

    out = _check_out(args.out)
    with open_services(args) as services:
        case_id = _case_id(services, args.case)
        content, _record = services.patient_docs.produce_cda(
            args.session, case_id, archival(build_case_sheet), build_case_sheet_cda
        )
        problems = cda_problems(content)
        if problems:  # never write a document the schema refuses
            raise CliError("Document CDA non conforme au schéma : " + problems[0])
        atomic_write_bytes(out, content)
    print(f"Fiche RCP CDA R2 écrite : {out}")
    return EXIT_OK


def cmd_gp_message(args) -> int:
    from rcp_desktop.reports.case_sheet import build_case_sheet
    from rcp_desktop.reports.cda import build_case_sheet_cda
    from rcp_desktop.reports.mssante import build_gp_message
    from rcp_desktop.reports.pdfa import archival

    out = _check_out(args.out)
    with open_services(args) as services:
        case_id = _case_id(services, args.case)
        prepared = services.patient_docs.prepare_gp_message(
            args.session,
            case_id,
            archival(build_case_sheet),
            build_case_sheet_cda,
            build_gp_message,
        )
        atomic_write_bytes(out, prepared.content)
    print(
        f"Message pour {prepared.recipient.name} <{prepared.recipient.secure_email}> écrit : "
        f"{out} (pièces jointes : {', '.join(prepared.filenames)}). À envoyer depuis votre "
        "messagerie sécurisée."
    )
    return EXIT_OK
