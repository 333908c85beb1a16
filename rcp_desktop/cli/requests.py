"""request-form, import-request, requests: referral requests without a window.

``request-form`` writes the blank fillable form (PDF) to give to referring professionals;
``import-request`` enters a filled form in the "Demandes" queue (its fields read back, never
guessed; a bad or partial form is refused and nothing is recorded); ``requests`` lists the queue.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rcp_desktop.cli.common import EXIT_OK, CliError, add_db_argument, open_services
from rcp_desktop.domain.dates import fr_date
from rcp_desktop.files import atomic_write_bytes

MAX_FILE = 20 * 1024 * 1024


def register(sub) -> None:
    p = sub.add_parser(
        "request-form", help="formulaire vierge de demande d'inscription (PDF à remplir)"
    )
    add_db_argument(p)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler=cmd_request_form)

    p = sub.add_parser(
        "import-request",
        help="enregistrer une demande d'inscription reçue (formulaire PDF rempli) dans la file "
        "des demandes",
    )
    add_db_argument(p)
    p.add_argument("--file", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=cmd_import_request)

    p = sub.add_parser("requests", help="la file des demandes d'inscription")
    add_db_argument(p)
    p.add_argument("--all", action="store_true", help="aussi les demandes déjà traitées")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(handler=cmd_requests)


def cmd_request_form(args) -> int:
    from rcp_desktop.reports.request_form import build_request_form
    from rcp_desktop.services.documents import DocumentService

    out = Path(args.out)
    if not out.parent.is_dir():
        raise CliError(f"Dossier inexistant : {out.parent}")
    if out.is_dir():
        raise CliError(f"{out} est un dossier : indiquez un nom de fichier.")
    with open_services(args) as services:
        content = build_request_form(DocumentService(services.ctx).letterhead())
    atomic_write_bytes(out, content)
    print(f"Formulaire vierge écrit : {out}")
    return EXIT_OK


def _as_json(request) -> dict:
    return {
        "id": request.id,
        "number": request.number,
        "received_on": request.received_on.isoformat(),
        "status": request.status.value,
        "urgency": request.urgency.value,
        "pathway": request.pathway.value,
        "source": request.source.value,
        "case_id": request.case_id,
    }


def cmd_import_request(args) -> int:
    from rcp_desktop.models import label
    from rcp_desktop.services.requests import RequestFormError

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"Fichier introuvable : {path}")
    if path.stat().st_size > MAX_FILE:
        raise CliError("Fichier trop volumineux pour un formulaire de demande.")
    content = path.read_bytes()
    with open_services(args) as services:
        try:
            request = services.requests.import_form(content, path.name)
        except RequestFormError as exc:
            raise CliError(" ".join(exc.message.split("\n"))) from None
    if args.json:
        json.dump(_as_json(request), sys.stdout, ensure_ascii=False)
        print()
    else:
        print(
            f"Demande {request.number} enregistrée ({label(request.urgency).lower()}, "
            f"{label(request.pathway)}) : à trier dans la page Demandes."
        )
    return EXIT_OK


def cmd_requests(args) -> int:
    from rcp_desktop.models import OPEN_REQUEST_STATUSES, label

    with open_services(args) as services:
        rows = services.requests.list(None if args.all else OPEN_REQUEST_STATUSES)
    if args.json:
        json.dump([_as_json(r) for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_OK
    for r in rows:
        print(
            f"{r.number:<12} {fr_date(r.received_on)}  {label(r.status):<20} "
            f"{label(r.urgency):<13} {label(r.pathway)}"
        )
    return EXIT_OK
