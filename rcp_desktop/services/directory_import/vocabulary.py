"""The words of an import: formats, outcomes, skip reasons and field labels; our profession for
what a file calls one (a CPTS list's free text, the Annuaire Santé's codes and labels)."""

from __future__ import annotations

import functools
from enum import StrEnum

from rcp_desktop.domain.text import normalise_key
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Profession, label
from rcp_desktop.models.enums import MEDICAL_PROFESSIONS as _MEDICAL


class ImportFormat(StrEnum):
    AUTO = "auto"
    ANNUAIRE = "annuaire"
    CSV = "csv"


FORMAT_LABELS = {
    ImportFormat.AUTO: _N("core", "Détection automatique"),
    ImportFormat.ANNUAIRE: _N("core", "Extraction de l'Annuaire Santé"),
    ImportFormat.CSV: _N("core", "Liste CSV de la CPTS"),
}


class Outcome(StrEnum):
    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


OUTCOME_LABELS = {
    Outcome.ADDED: _N("core", "Ajouté"),
    Outcome.UPDATED: _N("core", "Mis à jour"),
    Outcome.UNCHANGED: _N("core", "Inchangé"),
    Outcome.SKIPPED: _N("core", "Écarté"),
}


class SkipReason(StrEnum):
    NO_NAME = "no_name"
    NO_IDENTIFIER = "no_identifier"
    INVALID_RPPS = "invalid_rpps"
    INVALID_ADELI = "invalid_adeli"
    OUTSIDE_TERRITORY = "outside_territory"
    SAME_PROFESSIONAL = "same_professional"
    DUPLICATE_ROW = "duplicate_row"
    MALFORMED = "malformed"
    INVALID_VALUE = "invalid_value"
    AMBIGUOUS = "ambiguous"
    CONFLICT = "conflict"


SKIP_LABELS = {
    SkipReason.NO_NAME: _N("core", "Nom manquant"),
    SkipReason.NO_IDENTIFIER: _N("core", "Ni RPPS ni ADELI"),
    SkipReason.INVALID_RPPS: _N("core", "RPPS invalide (11 chiffres attendus)"),
    SkipReason.INVALID_ADELI: _N("core", "ADELI invalide (9 caractères attendus)"),
    SkipReason.OUTSIDE_TERRITORY: _N("core", "Hors du territoire choisi"),
    SkipReason.SAME_PROFESSIONAL: _N("core", "Autre lieu d'exercice (lignes fusionnées)"),
    SkipReason.DUPLICATE_ROW: _N("core", "Ligne en double"),
    SkipReason.MALFORMED: _N("core", "Ligne mal formée (nombre de colonnes)"),
    SkipReason.INVALID_VALUE: _N("core", "Valeur refusée"),
    SkipReason.AMBIGUOUS: _N("core", "Plusieurs professionnels de l'annuaire portent ce nom"),
    SkipReason.CONFLICT: _N("core", "Le RPPS et l'ADELI désignent deux professionnels différents"),
}

FIELD_LABELS = {
    "last_name": _N("core", "nom"),
    "first_name": _N("core", "prénom"),
    "civility": _N("core", "civilité"),
    "profession": _N("core", "profession"),
    "profession_detail": _N("core", "spécialité / précision"),
    "rpps": _N("core", "RPPS"),
    "adeli": _N("core", "ADELI"),
    "structure": _N("core", "structure"),
    "commune": _N("core", "commune"),
    "email": _N("core", "e-mail"),
    "phone": _N("core", "téléphone"),
    "secure_email": _N("core", "messagerie sécurisée"),
    "cpts_member": _N("core", "membre CPTS"),
    "active": _N("core", "actif"),
    "notes": _N("core", "notes"),
}

# Professional fields an import may set, in display order.
IMPORTED_FIELDS = tuple(FIELD_LABELS)


# --- the professions ---------------------------------------------------------------------------

_PROFESSION_ALIASES: dict[Profession, tuple[str, ...]] = {
    Profession.GENERAL_PRACTITIONER: (
        "medecin generaliste",
        "generaliste",
        "mg",
        "medecin",
        "medecin traitant",
        "medecine generale",
    ),
    Profession.PSYCHIATRIST: ("psychiatre", "pedopsychiatre", "psychiatrie", "pedopsychiatrie"),
    Profession.PAEDIATRICIAN: ("pediatre", "pediatrie"),
    Profession.GERIATRICIAN: ("geriatre", "geriatrie"),
    Profession.NURSE: (
        "infirmier",
        "infirmiere",
        "ide",
        "idel",
        "infirmier liberal",
        "infirmiere liberale",
        "infirmier diplome d etat",
        "infirmiere diplomee d etat",
    ),
    Profession.ADVANCED_PRACTICE_NURSE: (
        "ipa",
        "infirmier en pratique avancee",
        "infirmiere en pratique avancee",
    ),
    Profession.MIDWIFE: ("sage femme", "sages femmes", "maieuticien"),
    Profession.PHARMACIST: ("pharmacien", "pharmacienne", "pharmacien d officine"),
    Profession.DENTIST: ("dentiste", "chirurgien dentiste", "chirurgienne dentiste"),
    Profession.PHYSIOTHERAPIST: (
        "kine",
        "kinesitherapeute",
        "masseur kinesitherapeute",
        "masseuse kinesitherapeute",
        "mk",
    ),
    Profession.SPEECH_THERAPIST: ("orthophoniste",),
    Profession.ORTHOPTIST: ("orthoptiste",),
    Profession.OCCUPATIONAL_THERAPIST: ("ergotherapeute", "ergo"),
    Profession.PSYCHOMOTOR_THERAPIST: ("psychomotricien", "psychomotricienne"),
    Profession.PODIATRIST: ("podologue", "pedicure podologue"),
    Profession.DIETITIAN: ("dieteticien", "dieteticienne"),
    Profession.PSYCHOLOGIST: ("psychologue", "neuropsychologue"),
    Profession.OSTEOPATH: ("osteopathe",),
    Profession.SOPHROLOGIST: ("sophrologue",),
    Profession.ADAPTED_PHYSICAL_ACTIVITY_TEACHER: (
        "apa",
        "enseignant apa",
        "enseignante apa",
        "enseignant en activite physique adaptee",
    ),
    Profession.AMBULANCE_DRIVER: ("ambulancier", "ambulanciere"),
    Profession.SOCIAL_WORKER: (
        "assistant social",
        "assistante sociale",
        "assistant de service social",
        "assistante de service social",
        "travailleur social",
    ),
    Profession.EDUCATOR: (
        "educateur",
        "educatrice",
        "educateur specialise",
        "educatrice specialisee",
    ),
    Profession.COORDINATOR: (
        "coordinateur",
        "coordinatrice",
        "coordinateur cpts",
        "coordinatrice cpts",
        "coordinateur de cpts",
        "coordinatrice de cpts",
    ),
    Profession.CARDIOLOGIST: ("cardiologue",),
    Profession.ENDOCRINOLOGIST: ("endocrinologue",),
    Profession.RHEUMATOLOGIST: ("rhumatologue",),
    Profession.RADIOLOGIST: ("radiologue",),
    Profession.BIOLOGIST: ("biologiste",),
    Profession.SURGEON: ("chirurgien", "chirurgienne"),
    Profession.OCCUPATIONAL_PHYSICIAN: ("medecin du travail",),
}


@functools.cache
def _profession_lookup() -> dict[str, Profession]:
    table: dict[str, Profession] = {}
    for member in Profession:
        table[normalise_key(member.value)] = member
        table[normalise_key(label(member))] = member
    for member, aliases in _PROFESSION_ALIASES.items():
        for alias in aliases:
            table[alias] = member
    return table


def profession_from_text(text: str) -> Profession | None:
    """Our nomenclature for a profession typed in a CSV ('Infirmière', 'kiné', 'IPA'…)."""
    key = normalise_key(text)
    if not key:
        return None
    return _profession_lookup().get(key)


# Annuaire Santé "Code profession" (nomenclature TRE_G15). The label is tried first (it is always
# published and says the same thing), the code is the fallback; anything else → OTHER with the
# published label kept in ``profession_detail``.
ANNUAIRE_PROFESSION_CODES: dict[str, Profession] = {
    "21": Profession.PHARMACIST,
    "40": Profession.DENTIST,
    "50": Profession.MIDWIFE,
    "60": Profession.NURSE,
    "70": Profession.PHYSIOTHERAPIST,
    "80": Profession.PODIATRIST,
    "91": Profession.SPEECH_THERAPIST,
    "92": Profession.ORTHOPTIST,
    "94": Profession.OCCUPATIONAL_THERAPIST,
    "95": Profession.DIETITIAN,
    "96": Profession.PSYCHOMOTOR_THERAPIST,
}
PHYSICIAN_CODE = "10"

# A physician's specialty from the savoir-faire label (checked in this order), then its code.
_SPECIALTY_KEYWORDS: tuple[tuple[str, Profession], ...] = (
    ("medecine generale", Profession.GENERAL_PRACTITIONER),
    ("psychiatr", Profession.PSYCHIATRIST),
    ("chirurg", Profession.SURGEON),
    ("pediatr", Profession.PAEDIATRICIAN),
    ("geriatr", Profession.GERIATRICIAN),
    ("gerontolog", Profession.GERIATRICIAN),
    ("cardiolog", Profession.CARDIOLOGIST),
    ("endocrinolog", Profession.ENDOCRINOLOGIST),
    ("rhumatolog", Profession.RHEUMATOLOGIST),
    ("radiodiagnostic", Profession.RADIOLOGIST),
    ("radiologie", Profession.RADIOLOGIST),
    ("imagerie medicale", Profession.RADIOLOGIST),
    ("biologie medicale", Profession.BIOLOGIST),
    ("medecine du travail", Profession.OCCUPATIONAL_PHYSICIAN),
)
SPECIALTY_CODES: dict[str, Profession] = {
    "SM26": Profession.GENERAL_PRACTITIONER,  # Qualifié en médecine générale
    "SM53": Profession.GENERAL_PRACTITIONER,  # Spécialiste en médecine générale
    "SM54": Profession.GENERAL_PRACTITIONER,  # Médecine générale
    "SM40": Profession.PAEDIATRICIAN,
    "SM42": Profession.PSYCHIATRIST,
    "SM43": Profession.PSYCHIATRIST,  # option enfant et adolescent
}
MODE_LABELS = {"L": _N("core", "libéral"), "S": _N("core", "salarié"), "B": _N("core", "bénévole")}


def annuaire_profession(
    code: str, label_text: str, sf_code: str, sf_label: str
) -> tuple[Profession, str | None]:
    """Our profession and the detail to keep, for an Annuaire Santé row."""
    label_key = normalise_key(label_text)
    if code == PHYSICIAN_CODE or label_key == "medecin":
        key = normalise_key(sf_label)
        for keyword, specialty in _SPECIALTY_KEYWORDS:
            if keyword in key:
                return specialty, sf_label or None
        if sf_code.upper() in SPECIALTY_CODES and not key:
            return SPECIALTY_CODES[sf_code.upper()], None
        if sf_label:
            return Profession.OTHER_SPECIALIST, sf_label
        return Profession.OTHER_SPECIALIST, translate(
            _N("core", "Médecin — spécialité non renseignée")
        )
    profession = profession_from_text(label_text)
    if profession is None or profession is Profession.OTHER:
        profession = ANNUAIRE_PROFESSION_CODES.get(code)
    if profession is Profession.NURSE and "pratique avancee" in normalise_key(sf_label):
        return Profession.ADVANCED_PRACTICE_NURSE, sf_label
    if profession is None or profession is Profession.OTHER:
        return Profession.OTHER, label_text or (code and f"Code profession {code}") or None
    return profession, sf_label or None


def keeps_profession(current: Profession, incoming: Profession) -> bool:
    """True when the directory's profession is at least as precise as the file's."""
    if incoming is current or incoming is Profession.OTHER:
        return True
    if incoming is Profession.OTHER_SPECIALIST and current in _MEDICAL:
        return True
    return incoming is Profession.NURSE and current is Profession.ADVANCED_PRACTICE_NURSE
