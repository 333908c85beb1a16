"""A referral request as typed or read from a form: the draft, how raw field values become one,
and its checks. The same rules for a typed request and an imported form."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from rcp_desktop.domain.ages import age_on
from rcp_desktop.domain.dates import parse_fr_date
from rcp_desktop.domain.identifiers import (
    NIR_PATTERN,
    compact,
    nir_is_valid,
    normalise_nir,
    rpps_is_well_formed,
)
from rcp_desktop.domain.text import normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import (
    ConsentForm,
    Pathway,
    ReferralRequest,
    RequestUrgency,
    Sex,
    label,
)
from rcp_desktop.services.errors import FieldError
from rcp_desktop.services.requests.fields import BY_NAME, EMPTY_CHOICE, FIELDS, FieldKind
from rcp_desktop.services.validation import OLDEST_BIRTH_DATE, Validator

MAX_AGE = 125
BIRTH_PLACE_PATTERN = re.compile(r"^(\d{5}|2[AB]\d{3})$")
# Names carry no markup, no control characters.
NOT_IN_NAMES = re.compile(r"[<>{}\[\]\\|\x00-\x1f\x7f]")
_NAME_FIELDS = ("referrer_name", "birth_name", "first_names", "used_name")


@dataclass
class RequestDraft:
    referrer_id: int | None = None
    referrer_name: str = ""
    referrer_profession: str | None = None
    referrer_rpps: str | None = None
    referrer_phone: str | None = None
    referrer_email: str | None = None
    birth_name: str = ""
    first_names: str = ""
    used_name: str | None = None
    birth_date: dt.date | None = None
    sex: Sex | None = None
    birth_place_code: str | None = None
    nir: str | None = None
    commune: str | None = None
    pathway: Pathway | None = None
    reason: str | None = None
    question: str = ""
    synthesis_organic: str | None = None
    synthesis_psychic: str | None = None
    synthesis_social: str | None = None
    consent_obtained: bool = False
    consent_on: dt.date | None = None
    consent_form: ConsentForm | None = None
    urgency: RequestUrgency | None = RequestUrgency.ROUTINE

    @classmethod
    def of(cls, request: ReferralRequest) -> RequestDraft:
        return cls(**{f.name: getattr(request, f.name) for f in fields(cls)})


NAME_REFUSED = _N(
    "core",
    "Caractères refusés dans un nom (balises, < >, accolades, caractères de contrôle).",
)


def refuse_markup(v: Validator, field: str, value: str | None) -> None:
    """Names carry no markup and no control characters."""
    if value and NOT_IN_NAMES.search(value):
        v.add(field, NAME_REFUSED)


def choice_text(member: StrEnum) -> str:
    """How a choice reads in the form and in the dialog: its French label, in the characters
    a PDF form's standard font shows (Latin-1: a dash for the em dash)."""
    text = label(member).replace("\u2014", "-").replace("\u2019", "'")
    return text.encode("latin-1", "replace").decode("latin-1")


def _member(text: str, choices: tuple[StrEnum, ...]) -> StrEnum | None:
    key = normalise_key(text)
    for member in choices:
        if key in (
            normalise_key(label(member)),
            normalise_key(choice_text(member)),
            normalise_key(member.value),
        ):
            return member
    return None


def draft_from_values(values: dict[str, object]) -> tuple[RequestDraft, list[FieldError]]:
    """A draft from raw field values (text as typed, a check box's state); the values no draft
    can hold (an unreadable date, a choice outside the list) come back as errors."""
    draft = RequestDraft()
    errors: list[FieldError] = []
    for spec in FIELDS:
        raw = values.get(spec.name)
        if spec.kind is FieldKind.CHECK:
            setattr(draft, spec.name, bool(raw))
            continue
        text = "" if raw is None else str(raw).strip()
        if spec.kind is FieldKind.DATE:
            if not text:
                setattr(draft, spec.name, None)
                continue
            try:
                day = parse_fr_date(text) if len(text) <= 40 else None
            except ValueError:
                day = None
            if day is None:
                errors.append(
                    FieldError(
                        spec.name, _N("core", "Date illisible : attendue sous la forme JJ/MM/AAAA.")
                    )
                )
            setattr(draft, spec.name, day)
        elif spec.kind is FieldKind.CHOICE:
            if not text or text == EMPTY_CHOICE:
                setattr(draft, spec.name, None)
                continue
            member = _member(text, spec.choices) if len(text) <= 200 else None
            if member is None:
                errors.append(
                    FieldError(
                        spec.name,
                        _N("core", "Valeur hors de la liste proposée : {choices}."),
                        {"choices": ", ".join(label(m) for m in spec.choices)},
                    )
                )
            setattr(draft, spec.name, member)
        elif spec.name in ("birth_name", "first_names", "referrer_name", "question"):
            setattr(draft, spec.name, text)
        else:
            setattr(draft, spec.name, text or None)
    return draft, errors


def clean_request(
    draft: RequestDraft, today: dt.date, errors: list[FieldError] | None = None
) -> dict:
    """The values to store; every problem (with *errors* found earlier) raised together."""
    v = Validator()
    v.errors.extend(errors or [])
    already = {e.field for e in v.errors}
    values: dict[str, Any] = {"referrer_id": draft.referrer_id}
    for spec in FIELDS:
        name = spec.name
        if name in already:
            values[name] = None
            continue
        value = getattr(draft, name)
        if spec.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
            if spec.required:
                value = v.required_text(name, value, max_length=spec.max_length)
            else:
                value = v.optional_text(name, value, max_length=spec.max_length)
            if name in _NAME_FIELDS:
                refuse_markup(v, name, value)
        elif spec.kind is FieldKind.CHECK:
            value = bool(value)
        elif spec.required:
            v.required(name, value)
        values[name] = value
    birth = draft.birth_date if "birth_date" not in already else None
    if birth is not None:
        v.date_not_after(
            "birth_date",
            birth,
            today,
            _N("core", "La date de naissance ne peut pas être dans le futur."),
        )
        if birth < OLDEST_BIRTH_DATE or age_on(birth, today) > MAX_AGE:
            v.add(
                "birth_date",
                _N("core", "Date de naissance invraisemblable (plus de {n} ans)."),
                n=MAX_AGE,
            )
    if values.get("consent_on") is not None:
        v.date_not_after(
            "consent_on",
            values["consent_on"],
            today,
            _N("core", "La date ne peut pas être dans le futur."),
        )
        if birth is not None and values["consent_on"] < birth:
            v.add("consent_on", _N("core", "La date ne peut pas précéder la naissance du patient."))
    if values.get("urgency") is None and "urgency" not in already:
        values["urgency"] = RequestUrgency.ROUTINE
    rpps = compact(values.get("referrer_rpps") or "") or None
    if rpps is not None and not rpps_is_well_formed(rpps):
        v.add(
            "referrer_rpps",
            _N("core", "Le n° RPPS compte 11 chiffres dont une clé de contrôle : vérifiez-le."),
        )
    values["referrer_rpps"] = rpps
    place = (values.get("birth_place_code") or "").upper() or None
    if place is not None and not BIRTH_PLACE_PATTERN.match(place):
        v.add(
            "birth_place_code",
            _N(
                "core",
                "Le code du lieu de naissance (INSEE) compte 5 caractères : 5 chiffres, ou 2A / 2B "
                "suivi de 3 chiffres pour la Corse (99… pour un pays étranger).",
            ),
        )
    values["birth_place_code"] = place
    nir = normalise_nir(values.get("nir") or "") or None
    if nir is not None and (len(nir) != 15 or not NIR_PATTERN.match(nir) or not nir[13:].isdigit()):
        v.add(
            "nir",
            _N(
                "core",
                "Le NIR compte 15 caractères : 13 (2A / 2B pour la Corse) suivis d'une clé de "
                "2 chiffres.",
            ),
        )
    elif nir is not None and not nir_is_valid(nir):
        v.add("nir", _N("core", "NIR invalide : la clé de contrôle ne correspond pas."))
    values["nir"] = nir
    v.raise_if_any()
    return values


def field_label(name: str) -> str:
    """The label of a field of the form, for messages ("Nom de naissance : …")."""
    spec = BY_NAME.get(name)
    return translate(spec.label) if spec is not None else name
