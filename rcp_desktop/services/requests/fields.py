"""The fields of a referral request, once: the blank PDF form (``reports/request_form.py``)
draws them as AcroForm fields, the import reads them back by name, the typed-in dialog shows
them. A filled form is read through its fields only, never guessed from its text."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.models import ConsentForm, Pathway, RequestUrgency, Sex

# A hidden, read-only field that tells the request form from any other PDF form.
FORM_MARKER_FIELD = "rcp_desktop_form"
FORM_MARKER = "rcp-desktop/demande-inscription/1"

# The choice a list shows until one is made (a combo box always shows a value).
EMPTY_CHOICE = "(à choisir)"

MAX_NAME = 200
MAX_FIRST_NAMES = 300
MAX_LONG = 5000


class FieldKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    CHOICE = "choice"
    CHECK = "check"


@dataclass(frozen=True)
class FormField:
    name: str  # the AcroForm field's name; the draft's attribute
    label: str  # marked for translation
    kind: FieldKind
    section: str
    max_length: int = MAX_NAME
    required: bool = False
    choices: tuple[StrEnum, ...] = ()
    hint: str = ""


_REFERRER = _N("core", "Professionnel qui adresse la situation")
_PATIENT = _N("core", "Patient — traits d'identité")
_REQUEST = _N("core", "Demande")
_SYNTHESIS = _N("core", "Synthèse bio-psycho-sociale")
_CONSENT = _N("core", "Consentement et urgence")

SECTIONS = (_REFERRER, _PATIENT, _REQUEST, _SYNTHESIS, _CONSENT)

FIELDS: tuple[FormField, ...] = (
    FormField(
        "referrer_name", _N("core", "Nom et prénom"), FieldKind.TEXT, _REFERRER, required=True
    ),
    FormField("referrer_profession", _N("core", "Profession"), FieldKind.TEXT, _REFERRER),
    FormField(
        "referrer_rpps",
        _N("core", "N° RPPS"),
        FieldKind.TEXT,
        _REFERRER,
        max_length=20,
        hint=_N("core", "11 chiffres"),
    ),
    FormField("referrer_phone", _N("core", "Téléphone"), FieldKind.TEXT, _REFERRER, max_length=40),
    FormField(
        "referrer_email",
        _N("core", "Messagerie (sécurisée de préférence)"),
        FieldKind.TEXT,
        _REFERRER,
        max_length=320,
    ),
    FormField(
        "birth_name", _N("core", "Nom de naissance"), FieldKind.TEXT, _PATIENT, required=True
    ),
    FormField(
        "first_names",
        _N("core", "Prénom(s) de naissance"),
        FieldKind.TEXT,
        _PATIENT,
        max_length=MAX_FIRST_NAMES,
        required=True,
    ),
    FormField("used_name", _N("core", "Nom utilisé"), FieldKind.TEXT, _PATIENT),
    FormField(
        "birth_date",
        _N("core", "Date de naissance"),
        FieldKind.DATE,
        _PATIENT,
        max_length=10,
        required=True,
        hint=_N("core", "JJ/MM/AAAA"),
    ),
    FormField(
        "sex",
        _N("core", "Sexe"),
        FieldKind.CHOICE,
        _PATIENT,
        required=True,
        choices=(Sex.FEMALE, Sex.MALE, Sex.UNDETERMINED),
    ),
    FormField(
        "birth_place_code",
        _N("core", "Lieu de naissance (code INSEE)"),
        FieldKind.TEXT,
        _PATIENT,
        max_length=5,
    ),
    FormField(
        "nir",
        _N("core", "NIR (facultatif)"),
        FieldKind.TEXT,
        _PATIENT,
        max_length=21,
        hint=_N("core", "15 caractères"),
    ),
    FormField("commune", _N("core", "Commune de résidence"), FieldKind.TEXT, _PATIENT),
    FormField(
        "pathway",
        _N("core", "Parcours"),
        FieldKind.CHOICE,
        _REQUEST,
        required=True,
        choices=tuple(Pathway),
    ),
    FormField(
        "reason",
        _N("core", "Motif de la demande"),
        FieldKind.LONG_TEXT,
        _REQUEST,
        max_length=MAX_LONG,
    ),
    FormField(
        "question",
        _N("core", "Question posée à la RCP"),
        FieldKind.LONG_TEXT,
        _REQUEST,
        max_length=MAX_LONG,
        required=True,
    ),
    FormField(
        "synthesis_organic",
        _N("core", "Somatique"),
        FieldKind.LONG_TEXT,
        _SYNTHESIS,
        max_length=MAX_LONG,
    ),
    FormField(
        "synthesis_psychic",
        _N("core", "Psychique"),
        FieldKind.LONG_TEXT,
        _SYNTHESIS,
        max_length=MAX_LONG,
    ),
    FormField(
        "synthesis_social",
        _N("core", "Social"),
        FieldKind.LONG_TEXT,
        _SYNTHESIS,
        max_length=MAX_LONG,
    ),
    FormField(
        "consent_obtained",
        _N("core", "Consentement du patient au partage d'informations en RCP recueilli"),
        FieldKind.CHECK,
        _CONSENT,
    ),
    FormField(
        "consent_on",
        _N("core", "Date du consentement"),
        FieldKind.DATE,
        _CONSENT,
        max_length=10,
        hint=_N("core", "JJ/MM/AAAA"),
    ),
    FormField(
        "consent_form",
        _N("core", "Forme du consentement"),
        FieldKind.CHOICE,
        _CONSENT,
        choices=(ConsentForm.ORAL, ConsentForm.WRITTEN),
    ),
    FormField(
        "urgency",
        _N("core", "Urgence"),
        FieldKind.CHOICE,
        _CONSENT,
        required=True,
        choices=tuple(RequestUrgency),
    ),
)

BY_NAME = {f.name: f for f in FIELDS}
