"""Request forms filled as a referrer's PDF reader does: the blank form's AcroForm fields given
values with pypdf, the file written back."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

from rcp_desktop.reports.request_form import build_request_form
from rcp_desktop.services.documents import Letterhead

GOOD = {
    "referrer_name": "Dr Claire Martin",
    "referrer_profession": "Médecin généraliste",
    "referrer_rpps": "",
    "referrer_phone": "01 69 00 00 00",
    "birth_name": "Lefèvre",
    "first_names": "Jeanne Marie",
    "birth_date": "12/04/1951",
    "sex": "Féminin",
    "commune": "Savigny-sur-Orge",
    "pathway": "Personnes âgées",
    "reason": "Chutes répétées, isolement.",
    "question": "Quel maintien à domicile ?\nQuelles aides ?",
    "synthesis_organic": "Ostéoporose, deux chutes.",
    "synthesis_social": "Vit seule, fille à Lyon.",
    "consent_obtained": "/Yes",
    "consent_on": "02/03/2026",
    "consent_form": "Oral",
    "urgency": "Dans le mois",
}


def blank_form() -> bytes:
    return build_request_form(Letterhead("CPTS de test"))


def filled_form(values: dict[str, str], blank: bytes | None = None) -> bytes:
    """The blank form with *values* typed into its fields (a check box takes "/Yes")."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank or blank_form())))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
