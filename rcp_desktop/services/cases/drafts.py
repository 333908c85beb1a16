"""A case file as typed: the draft, its checks, the closure reasons offered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import CaseFile, Pathway
from rcp_desktop.services.validation import Validator

MAX_CASE_TEXT = 20_000
MAX_CLOSURE_REASON = 5000
CLOSURE_REASON_SUGGESTIONS = [
    _N("core", "Situation stabilisée"),
    _N("core", "Objectifs atteints"),
    _N("core", "Relais pris par le CMP"),
    _N("core", "Relais pris par un autre dispositif"),
    _N("core", "Déménagement hors territoire"),
    _N("core", "Entrée en EHPAD"),
    _N("core", "Refus du patient de poursuivre"),
    _N("core", "Décès"),
]


@dataclass
class CaseDraft:
    patient_id: int | None = None
    referrer_id: int | None = None
    pathway: Pathway | None = None
    opened_on: dt.date | None = None
    referral_reason: str = ""
    question: str = ""
    synthesis_organic: str | None = None
    synthesis_psychic: str | None = None
    synthesis_social: str | None = None
    next_review_on: dt.date | None = None

    @classmethod
    def of(cls, case: CaseFile) -> CaseDraft:
        return cls(**{f.name: getattr(case, f.name) for f in fields(cls)})


def clean_case(draft: CaseDraft, today: dt.date) -> dict:
    v = Validator()
    values = {
        "patient_id": v.required("patient_id", draft.patient_id),
        "referrer_id": draft.referrer_id,
        "pathway": v.required("pathway", draft.pathway),
        "opened_on": v.required("opened_on", draft.opened_on),
        "referral_reason": v.required_text(
            "referral_reason", draft.referral_reason, max_length=MAX_CASE_TEXT
        ),
        "question": v.required_text("question", draft.question, max_length=MAX_CASE_TEXT),
        "synthesis_organic": v.optional_text(
            "synthesis_organic", draft.synthesis_organic, max_length=MAX_CASE_TEXT
        ),
        "synthesis_psychic": v.optional_text(
            "synthesis_psychic", draft.synthesis_psychic, max_length=MAX_CASE_TEXT
        ),
        "synthesis_social": v.optional_text(
            "synthesis_social", draft.synthesis_social, max_length=MAX_CASE_TEXT
        ),
        "next_review_on": draft.next_review_on,
    }
    v.date_not_after(
        "opened_on",
        draft.opened_on,
        today,
        _N("core", "La date d'ouverture ne peut pas être dans le futur."),
    )
    v.date_order(
        "next_review_on",
        draft.opened_on,
        draft.next_review_on,
        _N("core", "La prochaine révision ne peut pas précéder l'ouverture du dossier."),
    )
    v.raise_if_any()
    return values
