"""Enumerations of the domain, with their French labels.

Values are stable English identifiers stored in the database; labels are marked for translation
and turned into display text with :func:`label`.
"""

from __future__ import annotations

from enum import StrEnum

from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate


class Pathway(StrEnum):
    MENTAL_HEALTH = "mental_health"
    USIPA = "usipa"
    TND = "tnd"
    ELDERLY = "elderly"
    OTHER = "other"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    UNDETERMINED = "I"


class Civility(StrEnum):
    """How a professional is addressed; it gives the grammatical gender of their profession
    label ("Infirmière", "Pharmacienne"). Unknown (None): the masculine form, as the label
    lists it."""

    MADAME = "mme"
    MONSIEUR = "m"


class IdentityStatus(StrEnum):
    PROVISIONAL = "provisional"
    CHECKED = "checked"


class ConsentKind(StrEnum):
    CONSENT = "consent"
    EXCEPTION = "exception"


class ConsentForm(StrEnum):
    ORAL = "oral"
    WRITTEN = "written"


class CaseStatus(StrEnum):
    OPEN = "open"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    HELD = "held"
    VALIDATED = "validated"


# A session that took place (its minutes may still be a draft).
HELD_MEETING_STATUSES = (MeetingStatus.HELD, MeetingStatus.VALIDATED)


class ItemKind(StrEnum):
    NEW = "new"
    FOLLOW_UP = "follow_up"


class Triage(StrEnum):
    FULL_DISCUSSION = "full_discussion"
    LISTED = "listed"


class Presence(StrEnum):
    EXPECTED = "expected"
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class AttendanceMode(StrEnum):
    ON_SITE = "on_site"
    REMOTE = "remote"


class DecisionStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


# A decision still to be carried out (follow-up, overdue counts, agenda proposals).
OPEN_DECISION_STATUSES = (DecisionStatus.TODO, DecisionStatus.IN_PROGRESS)


class CrisisContactKind(StrEnum):
    TRUSTED_PERSON = "trusted_person"
    PROFESSIONAL = "professional"


class UsipaContactKind(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    TELECONSULTATION = "teleconsultation"


class UsipaOutcome(StrEnum):
    HOSPITALISATION_AVOIDED = "hospitalisation_avoided"
    HOSPITALISED = "hospitalised"
    LOST_TO_FOLLOW_UP = "lost_to_follow_up"
    OTHER = "other"


class DocumentKind(StrEnum):
    """A document the application produces for a session."""

    MINUTES = "minutes"
    CASE_SHEET = "case_sheet"
    AGENDA = "agenda"
    ATTENDANCE_SHEET = "attendance_sheet"
    INVITATION = "invitation"


class DocumentAction(StrEnum):
    """What was done with a document: produced (previewed or built), printed, saved to a file."""

    PRODUCED = "produced"
    PRINTED = "printed"
    SAVED = "saved"


class Profession(StrEnum):
    GENERAL_PRACTITIONER = "general_practitioner"
    PSYCHIATRIST = "psychiatrist"
    PAEDIATRICIAN = "paediatrician"
    GERIATRICIAN = "geriatrician"
    CARDIOLOGIST = "cardiologist"
    ENDOCRINOLOGIST = "endocrinologist"
    RHEUMATOLOGIST = "rheumatologist"
    RADIOLOGIST = "radiologist"
    BIOLOGIST = "biologist"
    SURGEON = "surgeon"
    OCCUPATIONAL_PHYSICIAN = "occupational_physician"
    OTHER_SPECIALIST = "other_specialist"
    NURSE = "nurse"
    ADVANCED_PRACTICE_NURSE = "advanced_practice_nurse"
    MIDWIFE = "midwife"
    PHARMACIST = "pharmacist"
    DENTIST = "dentist"
    PHYSIOTHERAPIST = "physiotherapist"
    SPEECH_THERAPIST = "speech_therapist"
    ORTHOPTIST = "orthoptist"
    OCCUPATIONAL_THERAPIST = "occupational_therapist"
    PSYCHOMOTOR_THERAPIST = "psychomotor_therapist"
    PODIATRIST = "podiatrist"
    DIETITIAN = "dietitian"
    PSYCHOLOGIST = "psychologist"
    PSYCHOANALYST = "psychoanalyst"
    OSTEOPATH = "osteopath"
    SOPHROLOGIST = "sophrologist"
    ADAPTED_PHYSICAL_ACTIVITY_TEACHER = "adapted_physical_activity_teacher"
    AMBULANCE_DRIVER = "ambulance_driver"
    SOCIAL_WORKER = "social_worker"
    EDUCATOR = "educator"
    COORDINATOR = "coordinator"
    OTHER = "other"


class TndRelationship(StrEnum):
    """A TND child's legal representative: who they are to the child."""

    MOTHER = "mother"
    FATHER = "father"
    GUARDIAN = "guardian"
    CHILD_WELFARE = "child_welfare"
    OTHER = "other"


class TndConsent(StrEnum):
    """A legal representative's consent to the TND pathway (sharing, PCO referral)."""

    PENDING = "pending"
    GIVEN = "given"
    REFUSED = "refused"


class TndStepKind(StrEnum):
    ASSESSMENT = "assessment"
    INTERVENTION = "intervention"


class TndDiscipline(StrEnum):
    PSYCHOMOTRICITY = "psychomotricity"
    SPEECH_THERAPY = "speech_therapy"
    OCCUPATIONAL_THERAPY = "occupational_therapy"
    PSYCHOLOGY = "psychology"
    NEUROPSYCHOLOGY = "neuropsychology"
    ORTHOPTICS = "orthoptics"
    PHYSIOTHERAPY = "physiotherapy"
    MEDICAL = "medical"
    EDUCATION = "education"
    OTHER = "other"


class SchoolStatus(StrEnum):
    NOT_SCHOOLED = "not_schooled"
    NURSERY = "nursery"
    ORDINARY = "ordinary"
    ORDINARY_WITH_AESH = "ordinary_with_aesh"
    ULIS = "ulis"
    SPECIALISED = "specialised"
    OTHER = "other"


class MdphStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PREPARATION = "in_preparation"
    FILED = "filed"
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"


# A list, not a dict keyed by member: StrEnum members of different enums with the same value
# ("other", "follow_up"…) are equal and hash alike, so labels are looked up by (class, value).
_LABEL_LIST_ITEMS: list[tuple[StrEnum, str]] = [
    (Pathway.MENTAL_HEALTH, _N("core", "Santé mentale — anticipation de crise")),
    (Pathway.USIPA, _N("core", "USIPA")),
    (Pathway.TND, _N("core", "TND (troubles du neurodéveloppement)")),
    (Pathway.ELDERLY, _N("core", "Personnes âgées")),
    (Pathway.OTHER, _N("core", "Autre")),
    (Sex.FEMALE, _N("core", "Féminin")),
    (Sex.MALE, _N("core", "Masculin")),
    (Sex.UNDETERMINED, _N("core", "Indéterminé")),
    (Civility.MADAME, _N("core", "Madame")),
    (Civility.MONSIEUR, _N("core", "Monsieur")),
    (IdentityStatus.PROVISIONAL, _N("core", "Provisoire")),
    (IdentityStatus.CHECKED, _N("core", "Vérifiée")),
    (ConsentKind.CONSENT, _N("core", "Consentement")),
    (ConsentKind.EXCEPTION, _N("core", "Exception motivée")),
    (ConsentForm.ORAL, _N("core", "Oral")),
    (ConsentForm.WRITTEN, _N("core", "Écrit")),
    (CaseStatus.OPEN, _N("core", "Ouvert")),
    (CaseStatus.FOLLOW_UP, _N("core", "En suivi")),
    (CaseStatus.CLOSED, _N("core", "Clos")),
    (MeetingStatus.PLANNED, _N("core", "Planifiée")),
    (MeetingStatus.IN_PROGRESS, _N("core", "En cours")),
    (MeetingStatus.HELD, _N("core", "Tenue")),
    (MeetingStatus.VALIDATED, _N("core", "Compte rendu validé")),
    (ItemKind.NEW, _N("core", "Nouveau")),
    (ItemKind.FOLLOW_UP, _N("core", "Suivi")),
    (Triage.FULL_DISCUSSION, _N("core", "Discussion complète")),
    (Triage.LISTED, _N("core", "Listé, non discuté")),
    (Presence.EXPECTED, _N("core", "Attendu")),
    (Presence.PRESENT, _N("core", "Présent")),
    (Presence.EXCUSED, _N("core", "Excusé")),
    (Presence.ABSENT, _N("core", "Absent")),
    (AttendanceMode.ON_SITE, _N("core", "Sur place")),
    (AttendanceMode.REMOTE, _N("core", "À distance")),
    (DecisionStatus.TODO, _N("core", "À faire")),
    (DecisionStatus.IN_PROGRESS, _N("core", "En cours")),
    (DecisionStatus.DONE, _N("core", "Fait")),
    (DecisionStatus.CANCELLED, _N("core", "Annulé")),
    (CrisisContactKind.TRUSTED_PERSON, _N("core", "Personne de confiance / proche")),
    (CrisisContactKind.PROFESSIONAL, _N("core", "Professionnel à appeler")),
    (UsipaContactKind.VISIT, _N("core", "Visite")),
    (UsipaContactKind.PHONE, _N("core", "Téléphone")),
    (UsipaContactKind.TELECONSULTATION, _N("core", "Téléconsultation")),
    (UsipaOutcome.HOSPITALISATION_AVOIDED, _N("core", "Hospitalisation évitée")),
    (UsipaOutcome.HOSPITALISED, _N("core", "Hospitalisé")),
    (UsipaOutcome.LOST_TO_FOLLOW_UP, _N("core", "Perdu de vue")),
    (UsipaOutcome.OTHER, _N("core", "Autre")),
    (Profession.GENERAL_PRACTITIONER, _N("core", "Médecin généraliste")),
    (Profession.PSYCHIATRIST, _N("core", "Psychiatre")),
    (Profession.PAEDIATRICIAN, _N("core", "Pédiatre")),
    (Profession.GERIATRICIAN, _N("core", "Gériatre")),
    (Profession.CARDIOLOGIST, _N("core", "Cardiologue")),
    (Profession.ENDOCRINOLOGIST, _N("core", "Endocrinologue")),
    (Profession.RHEUMATOLOGIST, _N("core", "Rhumatologue")),
    (Profession.RADIOLOGIST, _N("core", "Radiologue")),
    (Profession.BIOLOGIST, _N("core", "Biologiste")),
    (Profession.SURGEON, _N("core", "Chirurgien")),
    (Profession.OCCUPATIONAL_PHYSICIAN, _N("core", "Médecin du travail")),
    (Profession.OTHER_SPECIALIST, _N("core", "Autre médecin spécialiste")),
    (Profession.NURSE, _N("core", "Infirmier")),
    (Profession.ADVANCED_PRACTICE_NURSE, _N("core", "Infirmier en pratique avancée (IPA)")),
    (Profession.MIDWIFE, _N("core", "Sage-femme")),
    (Profession.PHARMACIST, _N("core", "Pharmacien")),
    (Profession.DENTIST, _N("core", "Chirurgien-dentiste")),
    (Profession.PHYSIOTHERAPIST, _N("core", "Masseur-kinésithérapeute")),
    (Profession.SPEECH_THERAPIST, _N("core", "Orthophoniste")),
    (Profession.ORTHOPTIST, _N("core", "Orthoptiste")),
    (Profession.OCCUPATIONAL_THERAPIST, _N("core", "Ergothérapeute")),
    (Profession.PSYCHOMOTOR_THERAPIST, _N("core", "Psychomotricien")),
    (Profession.PODIATRIST, _N("core", "Pédicure-podologue")),
    (Profession.DIETITIAN, _N("core", "Diététicien")),
    (Profession.PSYCHOLOGIST, _N("core", "Psychologue")),
    (Profession.PSYCHOANALYST, _N("core", "Psychanalyste")),
    (Profession.OSTEOPATH, _N("core", "Ostéopathe")),
    (Profession.SOPHROLOGIST, _N("core", "Sophrologue")),
    (
        Profession.ADAPTED_PHYSICAL_ACTIVITY_TEACHER,
        _N("core", "Enseignant en activité physique adaptée (APA)"),
    ),
    (Profession.AMBULANCE_DRIVER, _N("core", "Ambulancier")),
    (Profession.SOCIAL_WORKER, _N("core", "Assistant de service social")),
    (Profession.EDUCATOR, _N("core", "Éducateur")),
    (Profession.COORDINATOR, _N("core", "Coordinateur de MSP / de CPTS")),
    (Profession.OTHER, _N("core", "Autre profession")),
    (DocumentKind.MINUTES, _N("core", "Compte rendu de séance")),
    (DocumentKind.CASE_SHEET, _N("core", "Fiche RCP")),
    (DocumentKind.AGENDA, _N("core", "Ordre du jour")),
    (DocumentKind.ATTENDANCE_SHEET, _N("core", "Feuille d'émargement")),
    (DocumentKind.INVITATION, _N("core", "Invitation agenda (.ics)")),
    (DocumentAction.PRODUCED, _N("core", "produit")),
    (DocumentAction.PRINTED, _N("core", "imprimé")),
    (DocumentAction.SAVED, _N("core", "enregistré")),
    (TndRelationship.MOTHER, _N("core", "Mère")),
    (TndRelationship.FATHER, _N("core", "Père")),
    (TndRelationship.GUARDIAN, _N("core", "Tuteur ou tutrice")),
    (TndRelationship.CHILD_WELFARE, _N("core", "Aide sociale à l'enfance (ASE)")),
    (TndRelationship.OTHER, _N("core", "Autre représentant légal")),
    (TndConsent.PENDING, _N("core", "En attente")),
    (TndConsent.GIVEN, _N("core", "Donné")),
    (TndConsent.REFUSED, _N("core", "Refusé")),
    (TndStepKind.ASSESSMENT, _N("core", "Bilan")),
    (TndStepKind.INTERVENTION, _N("core", "Intervention")),
    (TndDiscipline.PSYCHOMOTRICITY, _N("core", "Psychomotricité")),
    (TndDiscipline.SPEECH_THERAPY, _N("core", "Orthophonie")),
    (TndDiscipline.OCCUPATIONAL_THERAPY, _N("core", "Ergothérapie")),
    (TndDiscipline.PSYCHOLOGY, _N("core", "Psychologie")),
    (TndDiscipline.NEUROPSYCHOLOGY, _N("core", "Neuropsychologie")),
    (TndDiscipline.ORTHOPTICS, _N("core", "Orthoptie")),
    (TndDiscipline.PHYSIOTHERAPY, _N("core", "Kinésithérapie")),
    (TndDiscipline.MEDICAL, _N("core", "Consultation médicale spécialisée")),
    (TndDiscipline.EDUCATION, _N("core", "Éducation spécialisée")),
    (TndDiscipline.OTHER, _N("core", "Autre discipline")),
    (SchoolStatus.NOT_SCHOOLED, _N("core", "Non scolarisé")),
    (SchoolStatus.NURSERY, _N("core", "Crèche ou assistante maternelle")),
    (SchoolStatus.ORDINARY, _N("core", "Classe ordinaire")),
    (SchoolStatus.ORDINARY_WITH_AESH, _N("core", "Classe ordinaire avec AESH")),
    (SchoolStatus.ULIS, _N("core", "ULIS")),
    (SchoolStatus.SPECIALISED, _N("core", "Établissement spécialisé (IME, SESSAD…)")),
    (SchoolStatus.OTHER, _N("core", "Autre scolarité")),
    (MdphStatus.NOT_STARTED, _N("core", "Pas de dossier")),
    (MdphStatus.IN_PREPARATION, _N("core", "En préparation")),
    (MdphStatus.FILED, _N("core", "Déposé, en attente")),
    (MdphStatus.GRANTED, _N("core", "Accordé")),
    (MdphStatus.PARTLY_GRANTED, _N("core", "Accordé en partie")),
    (MdphStatus.REFUSED, _N("core", "Refusé par la MDPH")),
]

_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABEL_LIST_ITEMS}

# The feminine form of the labels above where French has one (professions a woman exercises,
# presences of a woman); the others are the same for both.
_FEMININE_LIST_ITEMS: list[tuple[StrEnum, str]] = [
    (Profession.SURGEON, _N("core", "Chirurgienne")),
    (Profession.NURSE, _N("core", "Infirmière")),
    (Profession.ADVANCED_PRACTICE_NURSE, _N("core", "Infirmière en pratique avancée (IPA)")),
    (Profession.PHARMACIST, _N("core", "Pharmacienne")),
    (Profession.DENTIST, _N("core", "Chirurgienne-dentiste")),
    (Profession.PHYSIOTHERAPIST, _N("core", "Masseuse-kinésithérapeute")),
    (Profession.PSYCHOMOTOR_THERAPIST, _N("core", "Psychomotricienne")),
    (Profession.DIETITIAN, _N("core", "Diététicienne")),
    (Profession.PSYCHOANALYST, _N("core", "Psychanalyste")),
    (
        Profession.ADAPTED_PHYSICAL_ACTIVITY_TEACHER,
        _N("core", "Enseignante en activité physique adaptée (APA)"),
    ),
    (Profession.AMBULANCE_DRIVER, _N("core", "Ambulancière")),
    (Profession.SOCIAL_WORKER, _N("core", "Assistante de service social")),
    (Profession.EDUCATOR, _N("core", "Éducatrice")),
    (Profession.COORDINATOR, _N("core", "Coordinatrice de MSP / de CPTS")),
    (Presence.EXPECTED, _N("core", "Attendue")),
    (Presence.PRESENT, _N("core", "Présente")),
    (Presence.EXCUSED, _N("core", "Excusée")),
    (UsipaOutcome.HOSPITALISED, _N("core", "Hospitalisée")),
]
_FEMININE: dict[tuple[type, str], str] = {
    (type(m), m.value): text for m, text in _FEMININE_LIST_ITEMS
}

MEDICAL_PROFESSIONS = frozenset(
    {
        Profession.GENERAL_PRACTITIONER,
        Profession.PSYCHIATRIST,
        Profession.PAEDIATRICIAN,
        Profession.GERIATRICIAN,
        Profession.CARDIOLOGIST,
        Profession.ENDOCRINOLOGIST,
        Profession.RHEUMATOLOGIST,
        Profession.RADIOLOGIST,
        Profession.BIOLOGIST,
        Profession.SURGEON,
        Profession.OCCUPATIONAL_PHYSICIAN,
        Profession.OTHER_SPECIALIST,
    }
)


def label(member: StrEnum | None, *, feminine: bool = False) -> str:
    """The (translated) French label of an enum member; '' for None. *feminine*: its feminine
    form where French has one (a woman's profession or presence)."""
    if member is None:
        return ""
    key = (type(member), member.value)
    if feminine and key in _FEMININE:
        return translate(_FEMININE[key])
    return translate(_LABELS[key])


_BORN = {
    Sex.FEMALE: _N("core", "née le {date}"),
    Sex.MALE: _N("core", "né le {date}"),
}
_BORN_UNDETERMINED = _N("core", "né(e) le {date}")


def born_on(sex: Sex | None, date: str) -> str:
    """ "née le 04/05/1970", "né le …", "né(e) le …" when the sex is undetermined."""
    template = _BORN.get(sex) if sex is not None else None
    return translate(template or _BORN_UNDETERMINED).format(date=date)


def choices(enum_cls: type[StrEnum]) -> list[tuple[StrEnum, str]]:
    """(member, label) pairs in declaration order, for combo boxes and CLI help."""
    return [(m, label(m)) for m in enum_cls]
