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


def jeanne_lefevre_with_an_open_case(services):
    """The patient of the request form ``GOOD`` already in the base, with an open case (the
    request can join it); returns (patient, case)."""
    import datetime as dt

    from rcp_desktop.models import Pathway, Sex
    from rcp_desktop.services.cases import CaseDraft
    from rcp_desktop.services.patients import PatientDraft

    patient = services.patients.create(
        PatientDraft(
            birth_name="Lefèvre",
            first_names="Jeanne",
            birth_date=dt.date(1951, 4, 12),
            sex=Sex.FEMALE,
        )
    )
    case = services.cases.create(
        CaseDraft(
            patient_id=patient.id,
            pathway=Pathway.ELDERLY,
            opened_on=dt.date(2026, 1, 5),
            referral_reason="Chutes",
            question="Maintien à domicile ?",
        )
    )
    return patient, case
