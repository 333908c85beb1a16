"""A corpus of identifier variants, as people type them, for the pseudonymisation tests.

Who the base knows: the patient presented (on the agenda), her trusted person (crisis plan), a
child of the base who is not on the agenda, and a professional (whose name must stay). Each
variant is typed in a sentence; its *secrets* are what must not survive masking (compared
without case or accents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rcp_desktop.domain.text import normalise_key

NIR = "285077512345655"  # key checked
NIR_CORSICA = "1120291351042"  # 2A is not in it: a plain 13-digit body
PATIENT = dict(
    birth_name="ZYGOMAR-LÉVÊQUE",
    used_name="DELAHAYE",
    first_names="Adélaïde Brunehilde",
    birth_date=dt.date(1985, 7, 14),
    nir=NIR,
    phone="06 12 34 56 78",
    commune="Juvisy-sur-Orge",
)
TRUSTED = dict(name="Gaspard ÉBRARD", phone="07 98 76 54 32", role="frère")
OTHER_PATIENT = dict(
    birth_name="QUIRINAL",
    first_names="Théodebert",
    birth_date=dt.date(2012, 2, 16),
)
PROFESSIONAL = ("Hortense", "Vauquelin")  # a psychiatrist of the directory
CASE_NUMBER = "2026-0001"


@dataclass(frozen=True)
class Variant:
    text: str  # the sentence typed
    secrets: tuple[str, ...]  # what must not survive


def _v(text: str, *secrets: str) -> Variant:
    return Variant(text, secrets)


def _name_variants() -> list[Variant]:
    out = []
    for form in (
        "ZYGOMAR-LÉVÊQUE",
        "Zygomar-Lévêque",
        "zygomar-lévêque",
        "ZYGOMAR LÉVÊQUE",
        "Zygomar Leveque",
        "ZYGOMAR-LEVEQUE",
        "zygomar leveque",
        "ZYGOMAR",
        "Zygomar",
        "zygomar",
        "LÉVÊQUE",
        "Lévêque",
        "Leveque",
        "DELAHAYE",
        "Delahaye",
        "delahaye",
    ):
        out.append(_v(f"Appel de Mme {form} ce matin.", *form.replace("-", " ").split()))
        out.append(_v(f"Nous avons revu {form} en visite.", *form.replace("-", " ").split()))
    for form in ("Adélaïde", "Adelaide", "ADÉLAÏDE", "adélaïde", "Brunehilde", "BRUNEHILDE"):
        out.append(_v(f"{form} va mieux depuis la sortie.", form))
        out.append(_v(f"Entretien avec {form}, calme.", form))
    for full in (
        "Adélaïde ZYGOMAR-LÉVÊQUE",
        "ZYGOMAR-LÉVÊQUE Adélaïde",
        "Adelaide Delahaye",
        "DELAHAYE Adélaïde Brunehilde",
        "Mme Adélaïde Zygomar",
        "Adélaïde Z.",
    ):
        words = full.replace("-", " ").replace(".", "").split()
        out.append(_v(f"Vu {full} à domicile.", *[w for w in words if w != "Mme"]))
    return out


def _initials_variants() -> list[Variant]:
    forms = ("A.Z.", "AZ", "A. Z.", "Z.A.", "ZA", "A.Z.L.", "AZL", "A.D.", "AD", "A-Z", "Z. A.")
    return [_v(f"Situation de {form} revue.", form) for form in forms]


def _date_variants(day: dt.date, prefix: str) -> list[Variant]:
    d, m, y = day.day, day.month, day.year
    months = {
        7: ("juillet", "juil.", "Juillet", "JUILLET"),
        2: ("février", "févr.", "fevrier", "FÉVRIER"),
    }
    forms = [
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}/{m:02d}/{y % 100:02d}",
        f"{d}/{m}/{y % 100:02d}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y % 100:02d}",
        f"{d:02d}-{m:02d}-{y}",
        f"{y}-{m:02d}-{d:02d}",
        f"{d:02d} {m:02d} {y}",
    ]
    forms += [f"{d} {name} {y}" for name in months[m]]
    forms += [f"{d} {months[m][0]} {y % 100:02d}", f"{d}-{months[m][1].rstrip('.')}-{y}"]
    out = [_v(f"{prefix} {form}.", form) for form in forms]
    return out


def _birth_context_variants() -> list[Variant]:
    return [
        _v("Patiente née le 14 juillet, suivie depuis longtemps.", "14 juillet"),
        _v("Née en juillet 1985 à Évry.", "juillet 1985"),
        _v("Née en 1985, deux enfants.", "1985"),
        _v("DDN : 14.07.85.", "14.07.85"),
        _v("Date de naissance 14/07/1985.", "14/07/1985"),
        _v("né(e) le 14-07-1985", "14-07-1985"),
    ]


def _nir_variants() -> list[Variant]:
    n = NIR
    forms = [
        n,
        f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]} {n[13:]}",
        f"{n[0]}.{n[1:3]}.{n[3:5]}.{n[5:7]}.{n[7:10]}.{n[10:13]}.{n[13:]}",
        f"{n[0]}-{n[1:3]}-{n[3:5]}-{n[5:7]}-{n[7:10]}-{n[10:13]}-{n[13:]}",
        f"{n[:5]} {n[5:10]} {n[10:13]} {n[13:]}",
        f"{n[:13]} {n[13:]}",
        n[:13],
        f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]}",
        f"{n[0]} {n[1:7]} {n[7:13]} {n[13:]}",
        f"{NIR_CORSICA[0]} {NIR_CORSICA[1:3]} {NIR_CORSICA[3:5]} 2A {NIR_CORSICA[7:10]} {NIR_CORSICA[10:13]}",
    ]
    return [_v(f"N° de sécurité sociale : {form}.", form) for form in forms]


def _phone_variants() -> list[Variant]:
    forms = [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "0612345678",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "0033 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "06\u00a012\u00a034\u00a056\u00a078",
        "07 98 76 54 32",
        "01 69 12 34 56",
        "+32 2 123 45 67",
    ]
    return [_v(f"Joignable au {form} le soir.", form) for form in forms]


def _email_variants() -> list[Variant]:
    forms = [
        "adelaide.zygomar@gmail.com",
        "a.delahaye85@orange.fr",
        "ADELAIDE.Z@LAPOSTE.NET",
        "gaspard-ebrard@free.fr",
        "contact+famille@exemple.org",
    ]
    return [_v(f"Écrire à {form} si besoin.", form) for form in forms]


def _address_variants() -> list[Variant]:
    forms = [
        ("12 bis, rue des Lilas", ("Lilas",)),
        ("12 rue des Lilas 91200 Athis-Mons", ("Lilas", "91200", "Athis")),
        ("3 avenue Jean Jaurès", ("Jaurès",)),
        ("Résidence Les Peupliers, bât. C, appt 14", ("Peupliers", "bât. C", "appt 14")),
        ("5 allée du Moulin Vert", ("Moulin Vert",)),
        ("91260 Juvisy-sur-Orge", ("91260", "Juvisy")),
        ("27 boulevard Gambetta", ("Gambetta",)),
        ("8 impasse des Glycines", ("Glycines",)),
        ("2 place de la Mairie", ("2 place de la Mairie",)),
        ("14 chemin des Écoliers", ("Écoliers",)),
        ("av. de la République", ("av. de la République",)),
        ("lieu-dit La Croix Blanche", ("Croix Blanche",)),
    ]
    return [_v(f"Domicile : {form}.", *secrets) for form, secrets in forms]


def _relative_variants() -> list[Variant]:
    forms = [
        ("Gaspard ÉBRARD", ("Gaspard", "ÉBRARD")),
        ("Gaspard Ebrard", ("Gaspard", "Ebrard")),
        ("M. Ébrard", ("Ébrard",)),
        ("ÉBRARD Gaspard", ("Gaspard", "ÉBRARD")),
        ("ebrard", ("ebrard",)),
        ("Gaspard", ("Gaspard",)),
    ]
    return [_v(f"Le frère, {form}, accompagne.", *secrets) for form, secrets in forms]


def _other_patient_variants() -> list[Variant]:
    forms = [
        ("Théodebert QUIRINAL", ("Théodebert", "QUIRINAL")),
        ("Quirinal", ("Quirinal",)),
        ("M. Quirinal", ("Quirinal",)),
        ("le petit Théodebert", ("Théodebert",)),
        ("QUIRINAL Theodebert", ("QUIRINAL", "Theodebert")),
    ]
    out = [_v(f"Le voisin, {form}, est aussi suivi.", *secrets) for form, secrets in forms]
    out += _date_variants(OTHER_PATIENT["birth_date"], "Le voisin est né le")[:6]
    return out


def _unknown_people_variants() -> list[Variant]:
    forms = [
        ("Mme Trucmuche", ("Trucmuche",)),
        ("M. Bidule", ("Bidule",)),
        ("Monsieur Zorglub", ("Zorglub",)),
        ("Mlle Vandermolen", ("Vandermolen",)),
        ("Madame Le Kerguelen", ("Kerguelen",)),
    ]
    return [_v(f"Signalement par {form}, voisine.", *secrets) for form, secrets in forms]


def _case_number_variants() -> list[Variant]:
    forms = ["2026-0001", "2026/0001", "2026-1", "2026 0001"]
    return [_v(f"Voir le dossier {form}.", form) for form in forms]


def corpus() -> list[Variant]:
    return (
        _name_variants()
        + _initials_variants()
        + _date_variants(PATIENT["birth_date"], "Patiente née le")
        + _date_variants(PATIENT["birth_date"], "Anniversaire le")
        + _birth_context_variants()
        + _nir_variants()
        + _phone_variants()
        + _email_variants()
        + _address_variants()
        + _relative_variants()
        + _other_patient_variants()
        + _unknown_people_variants()
        + _case_number_variants()
    )


# Sentences that must come out as typed: common words, a professional, situations, clinical dates.
KEPT = [
    "Elle est à la rue depuis mars : hébergement d'urgence à chercher.",
    "Le Dr Vauquelin revoit la patiente le 03/03/2026.",
    "Hortense Vauquelin (psychiatre) propose une hospitalisation de jour.",
    "Un petit progrès, la rose du jardin, une pierre dans la chaussure.",
    "Hospitalisation au CHU du 02/01/2026 au 12/01/2026 ; suivi CMP et IDE.",
    "Mise en place d'une ALD et d'une demande MDPH.",
    "Appel de la sœur ce matin ; apparemment plus calme, MMS à 24.",
]


def normalised(text: str) -> str:
    return " " + normalise_key(text) + " "


def survivors(variant: Variant, masked: str) -> list[str]:
    """The secrets of *variant* still readable in *masked* (whole words, no case or accents)."""
    flat = normalised(masked)
    return [s for s in variant.secrets if f" {normalise_key(s)} " in flat]
