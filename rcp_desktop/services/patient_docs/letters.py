"""The letter to the patient explaining the conference's proposal: one template per pathway,
kept (encrypted) in the base's settings, edited in Paramètres; fields in braces ({patient},
{proposition}…) filled from the session and the case. Pure: no database here."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate
from rcp_desktop.models import Pathway
from rcp_desktop.services.settings import SettingSpec
from rcp_desktop.services.validation import Validator

MAX_TEMPLATE = 10_000

# The fields a template may use, with what each prints (shown in Paramètres).
FIELDS: tuple[tuple[str, str], ...] = (
    ("civilite", _N("core", "Madame, Monsieur ou Madame, Monsieur")),
    ("patient", _N("core", "le prénom et le nom du patient")),
    ("date_seance", _N("core", "la date de la séance")),
    ("parcours", _N("core", "le parcours du dossier")),
    ("question", _N("core", "la question posée à la RCP")),
    ("proposition", _N("core", "la proposition de la RCP")),
    ("actions", _N("core", "les actions décidées, une par ligne")),
    ("prochaine_revision", _N("core", "la date de la prochaine révision (ou « à préciser »)")),
    ("medecin_traitant", _N("core", "« votre médecin traitant » et son nom s'il est connu")),
    ("signataire", _N("core", "l'animateur de la séance")),
    ("cpts", _N("core", "le nom de la CPTS")),
)
FIELD_NAMES = frozenset(name for name, _text in FIELDS)
_FIELD = re.compile(r"\{([^{}\n]{1,40})\}")

_COMMON = _N(
    "core",
    "{civilite},\n\n"
    "Votre situation a été présentée le {date_seance} en réunion de concertation "
    "pluriprofessionnelle (RCP) de la {cpts}, avec votre accord. Plusieurs professionnels qui "
    "vous soignent ou vous accompagnent ont réfléchi ensemble à la question suivante : "
    "{question}\n\n"
    "Ce qu'ils vous proposent :\n{proposition}\n\n"
    "Ce qui va être fait :\n{actions}\n\n"
    "Rien n'est décidé sans vous : parlez-en avec {medecin_traitant}, qui reçoit la fiche de "
    "cette réunion. Vous pouvez refuser tout ou partie de ces propositions. Prochain point sur "
    "votre situation : {prochaine_revision}.\n\n"
    "Nous restons à votre disposition.\n\n{signataire}\npour la {cpts}",
)
_MENTAL_HEALTH = _N(
    "core",
    "{civilite},\n\n"
    "Votre situation a été présentée le {date_seance} en réunion de concertation "
    "pluriprofessionnelle (RCP) de la {cpts}, avec votre accord, pour vous aider à traverser "
    "les moments difficiles et à prévenir une crise. La question posée était : {question}\n\n"
    "Ce que l'équipe vous propose :\n{proposition}\n\n"
    "Ce qui va être fait :\n{actions}\n\n"
    "Si vous avez un plan de crise, gardez-le à portée de main. En cas d'urgence, appelez le "
    "15 ou le 112 ; pour parler à quelqu'un si vous avez des idées suicidaires, le 3114 répond "
    "jour et nuit.\n\n"
    "Parlez de ces propositions avec {medecin_traitant} : rien n'est décidé sans vous. "
    "Prochain point sur votre situation : {prochaine_revision}.\n\n"
    "{signataire}\npour la {cpts}",
)
_TND = _N(
    "core",
    "{civilite},\n\n"
    "La situation de votre enfant, {patient}, a été présentée le {date_seance} en réunion de "
    "concertation pluriprofessionnelle (RCP) de la {cpts}, avec votre accord. La question posée "
    "était : {question}\n\n"
    "Ce que l'équipe vous propose :\n{proposition}\n\n"
    "Ce qui va être fait :\n{actions}\n\n"
    "Vous pouvez en parler avec {medecin_traitant}, qui reçoit la fiche de cette réunion. "
    "Prochain point sur la situation : {prochaine_revision}.\n\n"
    "{signataire}\npour la {cpts}",
)
DEFAULTS: dict[Pathway, str] = {
    Pathway.MENTAL_HEALTH: _MENTAL_HEALTH,
    Pathway.USIPA: _MENTAL_HEALTH,
    Pathway.TND: _TND,
    Pathway.ELDERLY: _COMMON,
    Pathway.OTHER: _COMMON,
}


def spec(pathway: Pathway) -> SettingSpec:
    """The setting holding *pathway*'s template ('' = the built-in one)."""
    return SettingSpec(f"patient_letter_{pathway.value}", "", str)


def default_template(pathway: Pathway) -> str:
    return translate(DEFAULTS[pathway])


def fields_in(template: str) -> list[str]:
    return _FIELD.findall(template)


def check_template(template: str | None) -> str:
    """*template* cleaned, or a ValidationError (field ``template``) in French: not empty, at
    most 10,000 characters, only known fields in braces."""
    v = Validator()
    text = (template or "").strip()
    if not text:
        v.add("template", _N("core", "Le modèle de courrier est vide."))
    elif len(text) > MAX_TEMPLATE:
        v.add(
            "template",
            _N("core", "Modèle trop long ({n} caractères) : {max} au plus."),
            n=len(text),
            max=MAX_TEMPLATE,
        )
    else:
        unknown = sorted({name for name in fields_in(text) if name not in FIELD_NAMES})
        if unknown:
            v.add(
                "template",
                _N("core", "Champ(s) inconnu(s) : {fields}. Champs possibles : {known}."),
                fields=", ".join("{" + name + "}" for name in unknown),
                known=", ".join("{" + name + "}" for name, _t in FIELDS),
            )
    v.raise_if_any()
    return text


def fill(template: str, values: Mapping[str, str]) -> str:
    """*template* with each known field replaced by its value (once: a value containing braces
    is printed as it is, never read as a field)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return values.get(name, match.group(0)) if name in FIELD_NAMES else match.group(0)

    return _FIELD.sub(replace, template)
