"""Annuaire Santé-shaped files and CPTS CSV lists of **fictional** professionals, for tests and
benchmarks. The header line is the published one (``/work/shared/data/annuaire-sante-format.md``);
no row comes from the real extraction: names are invented, RPPS numbers use the prefix 1999 (with
a valid Luhn key), phones and e-mails are fictional.

``sample_rows()`` is a small hand-made file covering the parsing rules; ``national_rows(n)``
streams an n-line national-like file (mostly outside the CPTS territory) for speed tests;
``write_annuaire`` writes either with a chosen column order, encoding, trailing ``|`` and stray
quotes.
"""

from __future__ import annotations

import csv
import random
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from rcp_desktop.domain.identifiers import luhn_check_digit

# The published header, in the published order (52 columns, then a trailing '|').
ANNUAIRE_HEADER = [
    "Type d'identifiant PP",
    "Identifiant PP",
    "Identification nationale PP",
    "Code civilité d'exercice",
    "Libellé civilité d'exercice",
    "Code civilité",
    "Libellé civilité",
    "Nom d'exercice",
    "Prénom d'exercice",
    "Code profession",
    "Libellé profession",
    "Code catégorie professionnelle",
    "Libellé catégorie professionnelle",
    "Code type savoir-faire",
    "Libellé type savoir-faire",
    "Code savoir-faire",
    "Libellé savoir-faire",
    "Code mode exercice",
    "Libellé mode exercice",
    "Numéro SIRET site",
    "Numéro SIREN site",
    "Numéro FINESS site",
    "Numéro FINESS établissement juridique",
    "Identifiant technique de la structure",
    "Raison sociale site",
    "Enseigne commerciale site",
    "Complément destinataire (coord. structure)",
    "Complément point géographique (coord. structure)",
    "Numéro Voie (coord. structure)",
    "Indice répétition voie (coord. structure)",
    "Code type de voie (coord. structure)",
    "Libellé type de voie (coord. structure)",
    "Libellé Voie (coord. structure)",
    "Mention distribution (coord. structure)",
    "Bureau cedex (coord. structure)",
    "Code postal (coord. structure)",
    "Code commune (coord. structure)",
    "Libellé commune (coord. structure)",
    "Code pays (coord. structure)",
    "Libellé pays (coord. structure)",
    "Téléphone (coord. structure)",
    "Téléphone 2 (coord. structure)",
    "Télécopie (coord. structure)",
    "Adresse e-mail (coord. structure)",
    "Code Département (structure)",
    "Libellé Département (structure)",
    "Ancien identifiant de la structure",
    "Autorité d'enregistrement",
    "Code secteur d'activité",
    "Libellé secteur d'activité",
    "Code section tableau pharmaciens",
    "Libellé section tableau pharmaciens",
]
HEADER_LINE = "|".join(ANNUAIRE_HEADER) + "|"

# The CPTS territory of the demo data (Nord-Essonne): commune → (postal code, INSEE code).
TERRITORY = {
    "ATHIS MONS": ("91200", "91027"),
    "JUVISY SUR ORGE": ("91260", "91326"),
    "VIRY CHATILLON": ("91170", "91687"),
    "SAVIGNY SUR ORGE": ("91600", "91589"),
    "MORANGIS": ("91420", "91432"),
    "PARAY VIEILLE POSTE": ("91550", "91479"),
}
ELSEWHERE = {
    "PARIS": ("75012", "75112"),
    "LYON": ("69003", "69383"),
    "MARSEILLE": ("13005", "13205"),
    "TOULOUSE": ("31000", "31555"),
    "LILLE": ("59000", "59350"),
    "NANTES": ("44000", "44109"),
    "STRASBOURG": ("67000", "67482"),
    "BORDEAUX": ("33000", "33063"),
    "EVRY COURCOURONNES": ("91000", "91228"),
    "CRETEIL": ("94000", "94028"),
    "RENNES": ("35000", "35238"),
    "AJACCIO": ("20000", "2A004"),
    "SAINT DENIS": ("97400", "97411"),
    "BRIVE LA GAILLARDE": ("19100", "19031"),
    "L'HAY LES ROSES": ("94240", "94038"),
}
DEPARTMENTS = {
    "91": "Essonne",
    "75": "Paris",
    "69": "Rhône",
    "13": "Bouches-du-Rhône",
    "31": "Haute-Garonne",
    "59": "Nord",
    "44": "Loire-Atlantique",
    "67": "Bas-Rhin",
    "33": "Gironde",
    "94": "Val-de-Marne",
    "35": "Ille-et-Vilaine",
    "2A": "Corse-du-Sud",
    "974": "La Réunion",
    "19": "Corrèze",
}


def fictional_rpps(n: int) -> str:
    partial = f"1999{n:06d}"
    return partial + luhn_check_digit(partial)


def person(
    ident: str,
    last: str,
    first: str,
    prof_code: str,
    prof_label: str,
    *,
    id_type: str = "8",
    sf: tuple[str, str, str] = ("", "", ""),
    civility: str = "DR",
) -> dict[str, str]:
    sf_type, sf_code, sf_label = sf
    return {
        "Type d'identifiant PP": id_type,
        "Identifiant PP": ident,
        "Identification nationale PP": (id_type + ident) if ident else "",
        "Code civilité d'exercice": civility,
        "Libellé civilité d'exercice": {"DR": "Docteur", "M": "Monsieur", "MME": "Madame"}.get(
            civility, ""
        ),
        "Nom d'exercice": last,
        "Prénom d'exercice": first,
        "Code profession": prof_code,
        "Libellé profession": prof_label,
        "Code catégorie professionnelle": "C",
        "Libellé catégorie professionnelle": "Civil",
        "Code type savoir-faire": sf_type,
        "Libellé type savoir-faire": {
            "S": "Spécialité ordinale",
            "CEX": "Compétence exclusive",
            "DEC": "Droit d'exercice complémentaire",
        }.get(sf_type, ""),
        "Code savoir-faire": sf_code,
        "Libellé savoir-faire": sf_label,
        "Autorité d'enregistrement": "Ordre fictif" if id_type == "8" else "ARS fictive",
    }


def place(
    commune: str,
    *,
    mode: str = "L",
    company: str = "",
    brand: str = "",
    phone: str = "",
    email: str = "",
    street: str = "",
    number: str = "",
    communes: dict | None = None,
) -> dict[str, str]:
    postal, insee = (communes or {**TERRITORY, **ELSEWHERE}).get(commune, ("", ""))
    department = insee[:3] if insee.startswith("97") else insee[:2]
    return {
        "Code mode exercice": mode,
        "Libellé mode exercice": {
            "L": "Libéral, indépendant, artisan, commerçant",
            "S": "Salarié",
            "B": "Bénévole",
        }.get(mode, ""),
        "Identifiant technique de la structure": f"F{zlib.crc32((commune + company).encode()):010d}",
        "Raison sociale site": company,
        "Enseigne commerciale site": brand,
        "Numéro Voie (coord. structure)": number,
        "Libellé type de voie (coord. structure)": "Rue" if street else "",
        "Libellé Voie (coord. structure)": street,
        "Code postal (coord. structure)": postal,
        "Code commune (coord. structure)": insee,
        "Libellé commune (coord. structure)": commune,
        "Code pays (coord. structure)": "99000" if commune else "",
        "Libellé pays (coord. structure)": "France" if commune else "",
        "Téléphone (coord. structure)": phone,
        "Adresse e-mail (coord. structure)": email,
        "Code Département (structure)": department,
        "Libellé Département (structure)": DEPARTMENTS.get(department, ""),
        "Code secteur d'activité": "SA07" if mode == "L" else "SA01",
        "Libellé secteur d'activité": "Cabinet individuel"
        if mode == "L"
        else "Établissement public de santé",
    }


def row(who: dict[str, str], where: dict[str, str] | None = None) -> dict[str, str]:
    return {**who, **(where or {})}


GP = ("10", "Médecin")
SF_GP = ("S", "SM54", "Médecine générale")
SF_PSY = ("S", "SM42", "Psychiatrie")
SF_PAED = ("S", "SM40", "Pédiatrie")
SF_PUBLIC = ("S", "SM49", "Santé publique et médecine sociale")

# Identifiers of the sample, for assertions.
RPPS_GP = fictional_rpps(101)
RPPS_PSY = fictional_rpps(102)
RPPS_PAED = fictional_rpps(103)
RPPS_NURSE = fictional_rpps(104)
RPPS_SPEECH = fictional_rpps(105)
RPPS_AUDIO = fictional_rpps(106)
RPPS_PUBLIC = fictional_rpps(107)
RPPS_LYON = fictional_rpps(108)
RPPS_MARSEILLE = fictional_rpps(109)
RPPS_PHARMA = fictional_rpps(110)
RPPS_IPA = fictional_rpps(111)
ADELI_PSYCHOLOGIST = "919312345"


def sample_rows() -> list[dict[str, str]]:
    """A small national-like extraction: 17 rows, 11 distinct professionals in the territory."""
    gp = person(RPPS_GP, "FICTIVE-ABELARD", "Hélène", *GP, sf=SF_GP)
    paed = person(RPPS_PAED, "QUENTAL", "Anaïs", *GP, sf=SF_PAED)
    return [
        # Two places of activity for one GP: merged, the libéral one in the territory kept.
        row(
            gp,
            place(
                "JUVISY SUR ORGE",
                mode="S",
                company="CENTRE DE SANTE FICTIF DE JUVISY",
                phone="0169000002",
            ),
        ),
        row(
            gp,
            place(
                "ATHIS MONS",
                company="CABINET MEDICAL FICTIF DES BORDS DE SEINE",
                phone="0169000001",
                email="h.fictive-abelard@exemple-fictif.fr",
                street="des Platanes Fictifs",
                number="12",
            ),
        ),
        row(
            person(RPPS_PSY, "ZEPHYRIN", "Éric", *GP, sf=SF_PSY),
            place("JUVISY SUR ORGE", mode="S", company="CMP FICTIF DE JUVISY", phone="0169000003"),
        ),
        row(
            paed,
            place(
                "SAVIGNY SUR ORGE", company="CABINET DE PEDIATRIE FICTIF", phone="01 69 00 00 04"
            ),
        ),
        row(
            paed,
            place(
                "SAVIGNY SUR ORGE", company="CABINET DE PEDIATRIE FICTIF", phone="01 69 00 00 04"
            ),
        ),  # the very same row twice
        row(
            person(RPPS_NURSE, "OSTROVA", "Léa", "60", "Infirmier", civility="MME"),
            place(
                "MORANGIS",
                company="CABINET INFIRMIER FICTIF",
                phone="0169000005",
                email="lea.ostrova@exemple-fictif.fr",
            ),
        ),
        row(
            person(RPPS_SPEECH, "BRIANÇON", "Noël", "91", "Orthophoniste", civility="M"),
            place(
                "VIRY CHATILLON", company="", brand="ORTHOPHONIE FICTIVE DU LAC", phone="0169000006"
            ),
        ),
        row(
            person(RPPS_AUDIO, "D'ARVILLE-ÇA", "Zoé", "26", "Audioprothésiste", civility="MME"),
            place("PARAY VIEILLE POSTE", company="AUDITION FICTIVE", phone="0169000007"),
        ),
        row(
            person(RPPS_PUBLIC, "PELLEGRIN", "Marc", *GP, sf=SF_PUBLIC),
            place("ATHIS MONS", mode="S", company="SERVICE FICTIF DE SANTE PUBLIQUE"),
        ),
        row(
            person(RPPS_LYON, "LYONNAIS-FICTIF", "Paul", *GP, sf=SF_GP),
            place("LYON", company="CABINET FICTIF DE LA SAONE", phone="0478000001"),
        ),
        row(
            person(
                RPPS_MARSEILLE,
                "MASSALIA-FICTIVE",
                "Claire",
                "70",
                "Masseur-Kinésithérapeute",
                civility="MME",
            ),
            place("MARSEILLE", company="KINE FICTIVE DU VIEUX-PORT"),
        ),
        # No identifier at all; an RPPS of 5 digits.
        row(person("", "SANSNUMERO", "Jean", "60", "Infirmier", civility="M"), place("MORANGIS")),
        row(
            person("12345", "MALNUMERO", "Julie", "60", "Infirmier", civility="MME"),
            place("MORANGIS"),
        ),
        # An ADELI-registered psychologist.
        row(
            person(
                ADELI_PSYCHOLOGIST,
                "VÉRANE",
                "Maëlle",
                "93",
                "Psychologue",
                id_type="0",
                civility="MME",
            ),
            place("MORANGIS", company="CABINET DE PSYCHOLOGIE FICTIF", phone="0169000008"),
        ),
        # Stray quotes around and inside values.
        row(
            person(RPPS_PHARMA, '"OBRÉCHAUD', 'Lucie"', "21", "Pharmacien", civility="MME"),
            place(
                "ATHIS MONS",
                company='"PHARMACIE FICTIVE DU "PARC',
                phone="0169000009",
                email="pharma@@exemple-fictif",
            ),
        ),
        row(
            person(
                RPPS_IPA,
                "ŒILLET",
                "Bérénice",
                "60",
                "Infirmier",
                sf=("DEC", "DEC07", "Infirmier en pratique avancée — pathologies chroniques"),
                civility="MME",
            ),
            place("VIRY CHATILLON", company="MSP FICTIVE DE VIRY", phone="0169000010"),
        ),
        # A professional with one row outside and one inside: counted inside.
        row(
            person(RPPS_GP, "FICTIVE-ABELARD", "Hélène", *GP, sf=SF_GP),
            place("PARIS", mode="S", company="HOPITAL FICTIF"),
        ),
    ]


def write_annuaire(
    path: Path,
    rows: Iterable[dict[str, str]],
    *,
    encoding: str = "utf-8",
    columns: list[str] | None = None,
    trailing_pipe: bool = True,
    newline: str = "\r\n",
) -> Path:
    """Write rows the way the extraction does: '|'-separated, no quoting (stray quotes stay)."""
    columns = columns or ANNUAIRE_HEADER
    end = "|" if trailing_pipe else ""
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write("|".join(columns) + end + newline)
        fh.writelines(
            "|".join(values.get(c, "") for c in columns) + end + newline for values in rows
        )
    return path


def reordered_columns(seed: int = 3) -> list[str]:
    columns = list(ANNUAIRE_HEADER)
    random.Random(seed).shuffle(columns)
    return columns


# --- a national-size file ----------------------------------------------------------------------

_LAST = [
    "ABRAVANEL",
    "BALTHAZARD",
    "CORMIER-FICTIF",
    "DELAUNAY-FICTIF",
    "ESTRADIER",
    "FOLQUIN",
    "GRANDVAUX",
    "HÉBRARD",
    "ISNARDON",
    "JOUVENCEL",
    "KERVADEC",
    "LAMBOLEZ",
    "MOUSTIER",
    "NEUVILLARD",
    "ORSINI-FICTIF",
    "PÉRIGNAC",
    "QUESNEL-FICTIF",
    "ROCHEBLAVE",
    "SAINT-AUBRAC",
    "TOURNEMIRE",
    "URBAIN-FICTIF",
    "VALDAHON",
    "WINTERMARCH",
    "YSEUX",
    "ZABOROWSKI-FICTIF",
]
_FIRST = [
    "Agathe",
    "Basile",
    "Céleste",
    "Dorian",
    "Élodie",
    "Fabien",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jules",
    "Katell",
    "Loïc",
    "Manon",
    "Nathan",
    "Océane",
    "Pierre",
    "Quitterie",
    "Romain",
    "Solène",
    "Théo",
    "Ursule",
    "Victor",
    "Wendy",
    "Xavier",
    "Yaëlle",
    "Zacharie",
]
_PROFESSIONS = [  # (weight, code, label, savoir-faire, id type)
    (14, "10", "Médecin", SF_GP, "8"),
    (3, "10", "Médecin", SF_PSY, "8"),
    (2, "10", "Médecin", SF_PAED, "8"),
    (6, "10", "Médecin", ("S", "SM04", "Cardiologie et maladies vasculaires"), "8"),
    (5, "10", "Médecin", ("S", "SM02", "Anesthésie-réanimation"), "8"),
    (25, "60", "Infirmier", ("", "", ""), "8"),
    (12, "70", "Masseur-Kinésithérapeute", ("", "", ""), "8"),
    (10, "21", "Pharmacien", ("", "", ""), "8"),
    (6, "40", "Chirurgien-Dentiste", ("S", "SCD01", "Orthopédie dento-faciale"), "8"),
    (3, "50", "Sage-Femme", ("", "", ""), "8"),
    (3, "91", "Orthophoniste", ("", "", ""), "8"),
    (4, "93", "Psychologue", ("", "", ""), "0"),
    (2, "26", "Audioprothésiste", ("", "", ""), "0"),
    (2, "28", "Opticien-Lunetier", ("", "", ""), "0"),
    (2, "94", "Ergothérapeute", ("", "", ""), "0"),
]


def national_rows(
    n_lines: int, *, seed: int = 11, territory_share: float = 0.01
) -> Iterator[dict[str, str]]:
    """*n_lines* rows of fictional professionals, a few per person, about *territory_share* of
    them practising inside the demo territory."""
    rng = random.Random(seed)
    weights = [p[0] for p in _PROFESSIONS]
    inside, outside = list(TERRITORY), list(ELSEWHERE)
    produced = 0
    number = 1000
    while produced < n_lines:
        number += 1
        _w, code, prof_label, sf, id_type = rng.choices(_PROFESSIONS, weights=weights)[0]
        ident = fictional_rpps(number) if id_type == "8" else f"9{number:08d}"
        who = person(
            ident,
            rng.choice(_LAST),
            rng.choice(_FIRST),
            code,
            prof_label,
            id_type=id_type,
            sf=sf,
            civility="DR" if code == "10" else rng.choice(["M", "MME"]),
        )
        places = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
        home = rng.choice(inside) if rng.random() < territory_share else rng.choice(outside)
        for k in range(places):
            if produced >= n_lines:
                break
            commune = home if k == 0 else rng.choice(outside)
            mode = "L" if k == 0 and rng.random() < 0.7 else "S"
            yield row(
                who,
                place(
                    commune,
                    mode=mode,
                    company=f"STRUCTURE FICTIVE {number % 997}",
                    phone=f"0{rng.randint(1, 5)}{rng.randint(10**7, 10**8 - 1)}",
                    email=f"contact{number}@exemple-fictif.fr" if rng.random() < 0.3 else "",
                ),
            )
            produced += 1


# --- the CPTS's own CSV ------------------------------------------------------------------------

CPTS_HEADER = [
    "Nom",
    "Prénom",
    "Profession",
    "Spécialité",
    "RPPS",
    "ADELI",
    "Structure",
    "Commune",
    "E-mail",
    "Téléphone",
    "Messagerie sécurisée",
    "Membre CPTS",
]


def cpts_rows() -> list[list[str]]:
    return [
        [
            "FICTIVE-ABELARD",
            "Hélène",
            "Médecin généraliste",
            "",
            RPPS_GP,
            "",
            "Cabinet des Bords de Seine",
            "Athis-Mons",
            "",
            "01 69 00 00 01",
            "h.fictive-abelard@exemple.mssante.fr",
            "oui",
        ],
        [
            "ROUSTAN-FICTIF",
            "Amélie",
            "Infirmière",
            "Soins à domicile",
            "",
            "919999001",
            "Cabinet infirmier",
            "Morangis",
            "amelie@exemple-fictif.fr",
            "0169000011",
            "",
            "Oui",
        ],
        [
            "DE LA FICTIVE",
            "Ophélie",
            "Assistante sociale",
            "",
            "",
            "",
            "CCAS fictif",
            "Juvisy-sur-Orge",
            "ophelie@exemple-fictif.fr",
            "",
            "",
            "non",
        ],
        [
            "MÉDIATRICE-FICTIVE",
            "Yasmine",
            "Médiatrice santé",
            "",
            "",
            "",
            "Association fictive",
            "Viry-Châtillon",
            "",
            "",
            "",
            "x",
        ],
        [
            "KINÉ-FICTIF",
            "Bruno",
            "kiné",
            "",
            fictional_rpps(201),
            "",
            "Cabinet fictif; rue des Lilas",
            "Savigny-sur-Orge",
            "pas-une-adresse",
            "",
            "",
            "",
        ],
        ["", "SansNom", "Infirmier", "", "", "", "", "Morangis", "", "", "", ""],
        [
            "ROUSTAN-FICTIF",
            "Amélie",
            "Infirmière",
            "",
            "",
            "919999001",
            "",
            "Morangis",
            "",
            "",
            "",
            "",
        ],
    ]


def write_cpts_csv(
    path: Path,
    rows: list[list[str]] | None = None,
    *,
    delimiter: str = ";",
    encoding: str = "cp1252",
    header: list[str] | None = None,
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header or CPTS_HEADER)
        writer.writerows(rows if rows is not None else cpts_rows())
    return path


# --- the small files committed under tests/data (for trying the import by hand) ---------------

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = {
    "annuaire-sante-exemple.txt": lambda path: write_annuaire(path, sample_rows()),
    "annuaire-sante-exemple-cp1252.txt": lambda path: write_annuaire(
        path, sample_rows(), encoding="cp1252", columns=reordered_columns(), trailing_pipe=False
    ),
    "liste-cpts-exemple.csv": lambda path: write_cpts_csv(path),
}


def write_samples(folder: Path = DATA) -> list[Path]:
    """(Re)write the committed sample files: ``python -m tests.annuaire_files``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [make(folder / name) for name, make in SAMPLES.items()]


if __name__ == "__main__":
    for written in write_samples():
        print(written)
