"""Directory import: every parsing rule of the Annuaire Santé extraction and of the CPTS CSV,
the territory filter, updates that never blank a field, and failures that change nothing."""

from __future__ import annotations

import time
import zipfile

import pytest
from sqlalchemy import func, select

from rcp_desktop.models import AuditEntry, Profession
from rcp_desktop.services.directory import ProfessionalDraft
from rcp_desktop.services.directory_import import (
    HEAD_BYTES,
    ImportCancelled,
    ImportFormat,
    Outcome,
    SkipReason,
    Territory,
    annuaire_profession,
    clean_value,
    profession_from_text,
    sniff_encoding,
)
from rcp_desktop.services.errors import RefusedError
from tests import annuaire_files as af
from tests.hostile import EMOJI, MARKUP

TERRITORY_TEXT = (
    "Athis-Mons, Juvisy-sur-Orge, Viry-Châtillon, Savigny-sur-Orge, Morangis, Paray-Vieille-Poste"
)
TERRITORY = Territory.parse(TERRITORY_TEXT)


def by_rpps(services):
    return {p.rpps or p.adeli: p for p in services.directory.list()}


def audit_count(services) -> int:
    with services.db.read() as s:
        return s.scalar(select(func.count(AuditEntry.id)))


def snapshot(services):
    return sorted(
        (
            p.last_name,
            p.first_name,
            p.profession,
            p.profession_detail,
            p.rpps,
            p.adeli,
            p.structure,
            p.commune,
            p.email,
            p.phone,
            p.secure_email,
            p.cpts_member,
            p.active,
            p.notes,
        )
        for p in services.directory.list()
    )


@pytest.fixture
def sample(tmp_path):
    return af.write_annuaire(tmp_path / "annuaire.txt", af.sample_rows())


# --- the Annuaire Santé extraction -------------------------------------------------------------


def test_sample_extraction_is_mapped_merged_and_reported(services, sample):
    plan = services.directory_import.analyse(sample, territory=TERRITORY)
    preview = plan.preview
    assert preview.format is ImportFormat.ANNUAIRE and preview.encoding == "utf-8"
    assert preview.delimiter == "|"
    assert (preview.rows_read, preview.added, preview.updated) == (17, 10, 0)
    assert services.directory.list() == []  # the analysis writes nothing
    report = services.directory_import.apply(plan)
    assert report.committed and report.added == 10
    pros = by_rpps(services)
    gp = pros[af.RPPS_GP]
    # Two places: the libéral one inside the territory wins, with its phone and e-mail.
    assert (gp.profession, gp.structure, gp.commune, gp.phone, gp.email) == (
        Profession.GENERAL_PRACTITIONER,
        "CABINET MEDICAL FICTIF DES BORDS DE SEINE",
        "Athis-Mons",
        "01 69 00 00 01",
        "h.fictive-abelard@exemple-fictif.fr",
    )
    assert gp.profession_detail == "Médecine générale — exercice libéral"
    assert (gp.first_name, gp.active, gp.cpts_member) == ("Hélène", True, False)
    assert pros[af.RPPS_PSY].profession is Profession.PSYCHIATRIST
    assert pros[af.RPPS_PSY].commune == "Juvisy-sur-Orge"  # the territory's spelling
    assert pros[af.RPPS_PAED].profession is Profession.PAEDIATRICIAN
    assert pros[af.RPPS_NURSE].profession is Profession.NURSE
    assert pros[af.RPPS_SPEECH].profession is Profession.SPEECH_THERAPIST
    assert pros[af.RPPS_SPEECH].structure == "ORTHOPHONIE FICTIVE DU LAC"  # the brand, no company
    audio = pros[af.RPPS_AUDIO]
    assert (audio.profession, audio.profession_detail) == (
        Profession.OTHER,
        "Audioprothésiste — exercice libéral",
    )
    public = pros[af.RPPS_PUBLIC]
    assert public.profession is Profession.OTHER_SPECIALIST
    assert public.profession_detail.startswith("Santé publique et médecine sociale")
    assert pros[af.RPPS_IPA].profession is Profession.ADVANCED_PRACTICE_NURSE
    psychologist = pros[af.ADELI_PSYCHOLOGIST]
    assert (psychologist.profession, psychologist.rpps, psychologist.adeli) == (
        Profession.PSYCHOLOGIST,
        None,
        af.ADELI_PSYCHOLOGIST,
    )
    # Stray quotes are dropped around values and kept inside them; the bad e-mail is ignored.
    pharmacist = pros[af.RPPS_PHARMA]
    assert (pharmacist.last_name, pharmacist.first_name) == ("OBRÉCHAUD", "Lucie")
    assert pharmacist.structure == 'PHARMACIE FICTIVE DU "PARC'
    assert pharmacist.email is None
    assert af.RPPS_LYON not in pros and af.RPPS_MARSEILLE not in pros
    assert report.skipped == {
        SkipReason.SAME_PROFESSIONAL: 2,  # the GP's Juvisy and Paris rows
        SkipReason.DUPLICATE_ROW: 1,
        SkipReason.OUTSIDE_TERRITORY: 2,
        SkipReason.NO_IDENTIFIER: 1,
        SkipReason.INVALID_RPPS: 1,
    }
    assert report.outside_people == 2
    assert dict(report.outside_communes) == {"LYON": 1, "MARSEILLE": 1}
    reasons = {(line.line, line.reason) for line in report.examples(Outcome.SKIPPED)}
    assert {
        (11, SkipReason.OUTSIDE_TERRITORY),
        (13, SkipReason.NO_IDENTIFIER),
        (14, SkipReason.INVALID_RPPS),
        (6, SkipReason.DUPLICATE_ROW),
    } <= reasons
    note = next(
        line for line in report.examples(Outcome.ADDED) if line.identifier.endswith(af.RPPS_PHARMA)
    )
    assert "adresse invalide ignorée" in note.detail
    summary = report.summary()
    assert "10 ajouté(s)" in summary and "LYON (1)" in summary and "hors du territoire" in summary


def test_encoding_column_order_and_trailing_pipe_do_not_change_the_result(
    services, tmp_path, sample
):
    services.directory_import.import_file(sample, territory=TERRITORY)
    expected = snapshot(services)
    variant = af.write_annuaire(
        tmp_path / "cp1252.txt",
        af.sample_rows(),
        encoding="cp1252",
        columns=af.reordered_columns(),
        trailing_pipe=False,
        newline="\n",
    )
    assert "é".encode("cp1252") in variant.read_bytes()
    plan = services.directory_import.analyse(variant, territory=TERRITORY)
    assert plan.preview.encoding == "cp1252"
    assert (plan.preview.added, plan.preview.updated, plan.preview.unchanged) == (0, 0, 10)
    services.directory_import.apply(plan)
    assert snapshot(services) == expected


def test_reordered_cp1252_file_alone_gives_the_same_directory(
    services, tmp_path, sample, db_path, key, actor, clock
):
    variant = af.write_annuaire(
        tmp_path / "v.txt",
        af.sample_rows(),
        encoding="cp1252",
        columns=af.reordered_columns(seed=9),
    )
    services.directory_import.import_file(variant, territory=TERRITORY)
    names = {p.display_name for p in services.directory.list()}
    assert {
        "Hélène FICTIVE-ABELARD",
        "Noël BRIANÇON",
        "Zoé D'ARVILLE-ÇA",
        "Bérénice ŒILLET",
    } <= names


def test_encoding_sniffing():
    assert sniff_encoding("Hélène".encode()) == "utf-8"
    assert sniff_encoding("Hélène".encode("cp1252")) == "cp1252"
    assert sniff_encoding(b"\xef\xbb\xbfNom;Pr\xc3\xa9nom") == "utf-8-sig"
    assert sniff_encoding("Nom".encode("utf-16")) == "utf-16"
    # A multi-byte character cut by the end of the sample is still UTF-8.
    assert sniff_encoding("abcé".encode()[:-1]) == "utf-8"
    with pytest.raises(RefusedError, match="pas un fichier texte"):
        sniff_encoding(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_a_windows_1252_byte_after_the_sample_rereads_the_file(services, tmp_path):
    rows = list(af.national_rows(2000, territory_share=0))
    late = af.person(
        af.fictional_rpps(900), "TARDIVEAU", "Léonie", "60", "Infirmier", civility="MME"
    )
    rows.append(af.row(late, af.place("MORANGIS")))
    path = af.write_annuaire(tmp_path / "late.txt", rows, encoding="cp1252")
    assert path.stat().st_size > HEAD_BYTES
    assert "Léonie".encode("cp1252") in path.read_bytes()[HEAD_BYTES:]
    report = services.directory_import.import_file(path, territory=Territory.parse("Morangis"))
    assert report.encoding == "cp1252" and report.added == 1
    assert services.directory.list()[0].first_name == "Léonie"


def test_utf8_with_bom_and_a_zip_archive(services, tmp_path):
    path = tmp_path / "bom.txt"
    af.write_annuaire(path, af.sample_rows())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    plan = services.directory_import.analyse(path, territory=TERRITORY)
    assert plan.preview.format is ImportFormat.ANNUAIRE and plan.preview.added == 10
    archive = tmp_path / "extraction.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(path, "PS_LibreAcces_Personne_activite.txt")
    plan = services.directory_import.analyse(archive, territory=TERRITORY)
    assert plan.preview.added == 10 and plan.preview.file_name.endswith(".txt")
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as zf:
        zf.writestr("a.txt", "x")
        zf.writestr("b.txt", "y")
    with pytest.raises(RefusedError, match="un seul fichier"):
        services.directory_import.analyse(tmp_path / "two.zip")


@pytest.mark.parametrize(
    "text, inside, outside",
    [
        ("Morangis", {af.RPPS_NURSE, af.ADELI_PSYCHOLOGIST}, {af.RPPS_GP, af.RPPS_LYON}),
        ("91420", {af.RPPS_NURSE}, {af.RPPS_GP}),  # postal code
        ("91432", {af.RPPS_NURSE}, {af.RPPS_GP}),  # INSEE code
        ("69", {af.RPPS_LYON}, {af.RPPS_GP, af.RPPS_NURSE}),  # département
        ("Lyon, 13", {af.RPPS_LYON, af.RPPS_MARSEILLE}, {af.RPPS_GP}),
        ("st-denis, athis mons", {af.RPPS_GP, af.RPPS_PHARMA}, {af.RPPS_NURSE}),
        ("", {af.RPPS_GP, af.RPPS_LYON, af.RPPS_MARSEILLE, af.RPPS_NURSE}, set()),
    ],
)
def test_territory_filter(services, sample, text, inside, outside):
    plan = services.directory_import.analyse(sample, territory=Territory.parse(text))
    kept = {c.values.get("rpps") or c.values.get("adeli") for c in plan.candidates}
    assert inside <= kept
    assert not (outside & kept)


def test_territory_parsing_and_default(services):
    territory = Territory.parse("Saint-Maur-des-Fossés; 91200\n2A, 974, ST GERMAIN LES ARPAJON")
    assert territory.codes == {"91200"}
    assert territory.departments == {"2A", "974"}
    assert territory.communes == {"saint maur des fosses", "saint germain les arpajon"}
    assert territory.contains("SAINT MAUR DES FOSSES", None, None, None)
    assert territory.contains(None, None, "2A004", "2A")
    assert not territory.contains("Créteil", "94000", "94028", "94")
    assert services.directory_import.default_territory().is_empty
    services.directory.create(
        ProfessionalDraft(last_name="A", profession=Profession.NURSE, commune="Morangis")
    )
    services.directory.create(
        ProfessionalDraft(last_name="B", profession=Profession.NURSE, commune="Athis-Mons")
    )
    services.directory.create(
        ProfessionalDraft(last_name="C", profession=Profession.NURSE, commune="Morangis")
    )
    default = services.directory_import.default_territory()
    assert default.text == "Morangis, Athis-Mons"
    assert default.contains("MORANGIS", None, None, None)


def test_professions_of_the_nomenclature():
    assert (
        annuaire_profession("10", "Médecin", "SM54", "Médecine générale")[0]
        is Profession.GENERAL_PRACTITIONER
    )
    assert (
        annuaire_profession("10", "Médecin", "SM26", "Qualifié en Médecine Générale")[0]
        is Profession.GENERAL_PRACTITIONER
    )
    assert (
        annuaire_profession("10", "Médecin", "SM43", "Psychiatrie option enfant & adolescent")[0]
        is Profession.PSYCHIATRIST
    )
    assert (
        annuaire_profession("10", "Médecin", "", "Chirurgie pédiatrique")[0] is Profession.SURGEON
    )
    assert annuaire_profession("10", "Médecin", "SM54", "")[0] is Profession.GENERAL_PRACTITIONER
    other = annuaire_profession("10", "Médecin", "SM02", "Anesthésie-réanimation")
    assert other == (Profession.OTHER_SPECIALIST, "Anesthésie-réanimation")
    assert annuaire_profession("10", "Médecin", "", "")[0] is Profession.OTHER_SPECIALIST
    assert annuaire_profession("91", "Orthophoniste", "", "")[0] is Profession.SPEECH_THERAPIST
    assert annuaire_profession("91", "", "", "")[0] is Profession.SPEECH_THERAPIST  # the code alone
    assert annuaire_profession("26", "Audioprothésiste", "", "") == (
        Profession.OTHER,
        "Audioprothésiste",
    )
    assert annuaire_profession("99", "", "", "") == (Profession.OTHER, "Code profession 99")
    assert (
        annuaire_profession("60", "Infirmier", "", "Infirmier en pratique avancée")[0]
        is Profession.ADVANCED_PRACTICE_NURSE
    )
    for text, member in [
        ("Infirmière", Profession.NURSE),
        ("kiné", Profession.PHYSIOTHERAPIST),
        ("IPA", Profession.ADVANCED_PRACTICE_NURSE),
        ("Sage-femme", Profession.MIDWIFE),
        ("ASSISTANTE SOCIALE", Profession.SOCIAL_WORKER),
        ("psychologist", Profession.PSYCHOLOGIST),
        ("Médecin généraliste", Profession.GENERAL_PRACTITIONER),
    ]:
        assert profession_from_text(text) is member
    assert profession_from_text("Médiatrice santé") is None


def test_cleaning_helpers():
    assert clean_value('  "DUPONT" ') == "DUPONT"
    assert clean_value('"Cabinet du ""Parc"""') == 'Cabinet du "Parc'
    assert clean_value("a\x00b\x1bc") == "abc"


# --- updates -----------------------------------------------------------------------------------


def test_updates_never_blank_what_the_user_filled_in(services, tmp_path):
    nurse, _ = services.directory.create(
        ProfessionalDraft(
            last_name="Ostrova",
            first_name="Léa",
            profession=Profession.ADVANCED_PRACTICE_NURSE,
            profession_detail="Plaies et cicatrisation",
            rpps=af.RPPS_NURSE,
            email="lea@perso-fictif.fr",
            secure_email="lea@exemple.mssante.fr",
            cpts_member=True,
            notes="Joignable le matin",
            phone="06 00 00 00 00",
        )
    )
    services.directory.set_active(nurse.id, False)
    gp, _ = services.directory.create(
        ProfessionalDraft(
            last_name="FICTIVE-ABELARD",
            first_name="Hélène",
            profession=Profession.GENERAL_PRACTITIONER,
            rpps=af.RPPS_GP,
            structure="Ma structure",
            commune="Athis-Mons",
        )
    )
    rows = [
        af.row(
            af.person(af.RPPS_NURSE, "OSTROVA", "Léa", "60", "Infirmier", civility="MME"),
            af.place("MORANGIS", company="CABINET INFIRMIER FICTIF", phone="0169000005"),
        ),
        af.row(
            af.person(af.RPPS_GP, "FICTIVE-ABELARD", "Hélène", *af.GP, sf=af.SF_GP),
            af.place("ATHIS MONS", company="", phone=""),
        ),
    ]
    report = services.directory_import.import_file(af.write_annuaire(tmp_path / "u.txt", rows))
    assert (report.added, report.updated, report.unchanged) == (0, 2, 0)
    after = services.directory.get(nurse.id)
    # The file's values for the fields it carries…
    assert (after.structure, after.commune, after.phone) == (
        "CABINET INFIRMIER FICTIF",
        "Morangis",
        "01 69 00 00 05",
    )
    # …and nothing else: a more precise profession, the user's detail, e-mail, notes, flags.
    assert after.profession is Profession.ADVANCED_PRACTICE_NURSE
    assert after.profession_detail == "Plaies et cicatrisation"
    assert (after.email, after.secure_email, after.notes) == (
        "lea@perso-fictif.fr",
        "lea@exemple.mssante.fr",
        "Joignable le matin",
    )
    assert (after.cpts_member, after.active, after.last_name) == (True, False, "Ostrova")
    # Empty cells never blank a field; a case-only difference is no change; the published
    # specialty fills the blank detail.
    gp_after = services.directory.get(gp.id)
    assert (gp_after.structure, gp_after.last_name) == ("Ma structure", "FICTIVE-ABELARD")
    assert gp_after.profession_detail == "Médecine générale — exercice libéral"
    details = {line.name: line.detail for line in report.examples(Outcome.UPDATED)}
    assert details == {
        "Léa OSTROVA": "civilité, structure, commune, téléphone",  # civilité: the file's
        "Hélène FICTIVE-ABELARD": "spécialité / précision",
    }


def test_profession_follows_the_file_when_it_is_more_precise(services, tmp_path):
    pro, _ = services.directory.create(
        ProfessionalDraft(
            last_name="ZEPHYRIN", first_name="Éric", profession=Profession.OTHER, rpps=af.RPPS_PSY
        )
    )
    rows = [
        af.row(
            af.person(af.RPPS_PSY, "ZEPHYRIN", "Éric", *af.GP, sf=af.SF_PSY),
            af.place("JUVISY SUR ORGE"),
        )
    ]
    services.directory_import.import_file(af.write_annuaire(tmp_path / "p.txt", rows))
    after = services.directory.get(pro.id)
    assert after.profession is Profession.PSYCHIATRIST
    assert after.profession_detail == "Psychiatrie — exercice libéral"


def test_matching_on_adeli_on_the_name_and_conflicts(services, tmp_path):
    psy, _ = services.directory.create(
        ProfessionalDraft(
            last_name="VÉRANE",
            first_name="Maëlle",
            profession=Profession.PSYCHOLOGIST,
            adeli=af.ADELI_PSYCHOLOGIST,
        )
    )
    speech, _ = services.directory.create(
        ProfessionalDraft(
            last_name="Briançon", first_name="Noël", profession=Profession.SPEECH_THERAPIST
        )
    )
    namesake, _ = services.directory.create(
        ProfessionalDraft(last_name="OSTROVA", first_name="Léa", profession=Profession.PHARMACIST)
    )
    plan = services.directory_import.analyse(
        af.write_annuaire(tmp_path / "m.txt", af.sample_rows()), territory=TERRITORY
    )
    services.directory_import.apply(plan)
    assert services.directory.get(psy.id).structure == "CABINET DE PSYCHOLOGIE FICTIF"
    # A record without identifier, same name and profession: completed with the RPPS.
    assert services.directory.get(speech.id).rpps == af.RPPS_SPEECH
    # Same name, another profession: a different person, added.
    assert services.directory.get(namesake.id).rpps is None
    assert len([p for p in services.directory.list() if p.last_name == "OSTROVA"]) == 2
    # An ADELI and an RPPS that name two different records: refused for that row.
    csv_path = af.write_cpts_csv(
        tmp_path / "c.csv",
        [
            [
                "X",
                "Y",
                "Psychologue",
                "",
                af.RPPS_SPEECH,
                af.ADELI_PSYCHOLOGIST,
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    report = services.directory_import.import_file(csv_path)
    assert report.skipped == {SkipReason.CONFLICT: 1} and report.updated == 0


# --- the CPTS's own CSV ------------------------------------------------------------------------


def test_cpts_csv_semicolon_cp1252(services, tmp_path):
    services.directory.create(
        ProfessionalDraft(
            last_name="FICTIVE-ABELARD",
            first_name="Hélène",
            profession=Profession.GENERAL_PRACTITIONER,
            rpps=af.RPPS_GP,
        )
    )
    path = af.write_cpts_csv(tmp_path / "cpts.csv")
    plan = services.directory_import.analyse(path)
    assert (plan.preview.format, plan.preview.encoding, plan.preview.delimiter) == (
        ImportFormat.CSV,
        "cp1252",
        ";",
    )
    report = services.directory_import.apply(plan)
    assert (report.added, report.updated) == (4, 1)
    pros = {p.last_name: p for p in services.directory.list()}
    gp = pros["FICTIVE-ABELARD"]
    assert (gp.secure_email, gp.cpts_member, gp.structure) == (
        "h.fictive-abelard@exemple.mssante.fr",
        True,
        "Cabinet des Bords de Seine",
    )
    nurse = pros["ROUSTAN-FICTIF"]
    assert (nurse.profession, nurse.profession_detail, nurse.adeli, nurse.cpts_member) == (
        Profession.NURSE,
        "Soins à domicile",
        "919999001",
        True,
    )
    assert pros["DE LA FICTIVE"].profession is Profession.SOCIAL_WORKER
    assert pros["DE LA FICTIVE"].cpts_member is False
    mediator = pros["MÉDIATRICE-FICTIVE"]
    assert (mediator.profession, mediator.profession_detail, mediator.cpts_member) == (
        Profession.OTHER,
        "Médiatrice santé",
        True,
    )
    physio = pros["KINÉ-FICTIF"]
    assert physio.structure == "Cabinet fictif; rue des Lilas"  # a quoted ';' stays in its cell
    assert (physio.profession, physio.email) == (Profession.PHYSIOTHERAPIST, None)
    assert report.skipped == {SkipReason.NO_NAME: 1, SkipReason.DUPLICATE_ROW: 1}
    # Importing the same list again: nothing added (rows without identifier match on the name).
    again = services.directory_import.import_file(path)
    assert (again.added, again.updated) == (0, 0)


def test_cpts_csv_comma_utf8_bom_and_loose_headers(services, tmp_path):
    header = [
        "NOM",
        "prenom",
        "PROFESSION",
        "rpps",
        "Telephone",
        "Messagerie securisee",
        "membre cpts",
        "Code postal",
        "Couleur préférée",
    ]
    rows = [
        [
            "Durand-Fictif",
            "Éloïse",
            "Orthophoniste",
            af.fictional_rpps(301),
            "0169000020",
            "eloise@exemple.mssante.fr",
            "Oui",
            "91200",
            "bleu",
        ]
    ]
    path = af.write_cpts_csv(
        tmp_path / "c.csv", rows, delimiter=",", encoding="utf-8-sig", header=header
    )
    plan = services.directory_import.analyse(path, territory=Territory.parse("91200"))
    assert (plan.preview.encoding, plan.preview.delimiter) == ("utf-8-sig", ",")
    assert plan.preview.ignored_columns == ["Couleur préférée"]
    services.directory_import.apply(plan)
    (pro,) = services.directory.list()
    assert (pro.first_name, pro.phone, pro.secure_email, pro.cpts_member) == (
        "Éloïse",
        "01 69 00 00 20",
        "eloise@exemple.mssante.fr",
        True,
    )


def test_hostile_values_are_stored_as_typed_or_refused_per_row(services, tmp_path):
    rows = [
        [MARKUP, EMOJI, "Infirmier", "", "", "", "", "", "", "", "", ""],
        ["N" * 10_000, "Long", "Infirmier", "", "", "", "", "", "", "", "", ""],
        ["Valide", "Rpps", "Infirmier", "", "12345678901", "", "", "", "", "", "", ""],  # bad key
        ["Court", "Rpps", "Infirmier", "", "1234", "", "", "", "", "", "", ""],
        ["Court", "Adeli", "Infirmier", "", "", "123", "", "", "", "", "", ""],
    ]
    report = services.directory_import.import_file(
        af.write_cpts_csv(tmp_path / "h.csv", rows, encoding="utf-8")
    )
    names = {p.last_name: p for p in services.directory.list()}
    assert names[MARKUP].first_name == EMOJI
    assert names["Valide"].rpps == "12345678901"  # the Luhn key is a warning, not a refusal
    added = next(line for line in report.examples(Outcome.ADDED) if line.name.endswith("Valide"))
    assert "clé de contrôle" in added.detail
    assert report.skipped == {
        SkipReason.INVALID_VALUE: 1,
        SkipReason.INVALID_RPPS: 1,
        SkipReason.INVALID_ADELI: 1,
    }
    long_line = next(
        line for line in report.examples(Outcome.SKIPPED) if line.reason is SkipReason.INVALID_VALUE
    )
    assert "200 caractères au plus" in long_line.detail and len(long_line.name) <= 200


# --- bad files change nothing ------------------------------------------------------------------


@pytest.fixture
def stored(services):
    services.directory.create(
        ProfessionalDraft(
            last_name="Témoin",
            profession=Profession.NURSE,
            rpps=af.RPPS_NURSE,
            email="temoin@exemple-fictif.fr",
        )
    )
    return snapshot(services), audit_count(services)


def _assert_unchanged(services, stored):
    assert (snapshot(services), audit_count(services)) == stored


@pytest.mark.parametrize(
    "content, fmt, message",
    [
        (b"", ImportFormat.AUTO, "Le fichier est vide."),
        (b"\r\n  \r\n", ImportFormat.AUTO, "Le fichier est vide."),
        (bytes(range(256)) * 4, ImportFormat.AUTO, "pas un fichier texte"),
        (
            b"Couleur;Taille\nbleu;12\n",
            ImportFormat.AUTO,
            "«\u00a0Nom\u00a0», «\u00a0Profession\u00a0»",
        ),
        ("Nom;Prénom\nDupont;Marie\n".encode(), ImportFormat.CSV, "«\u00a0Profession\u00a0»"),
        (
            b"Nom d'exercice|Code profession|\nDUPONT|60|\n",
            ImportFormat.AUTO,
            "«\u00a0Identifiant PP\u00a0»",
        ),
        (
            b"Nom;Profession\n",
            ImportFormat.ANNUAIRE,
            "«\u00a0Identifiant PP\u00a0», «\u00a0Nom d'exercice\u00a0»",
        ),
        (
            b'Nom;Profession\n"Dupont;Infirmier\n' + b"A;Infirmier\n" * 30,
            ImportFormat.CSV,
            "guillemet non refermé",
        ),
    ],
)
def test_bad_files_are_refused_in_french_and_change_nothing(
    services, stored, tmp_path, content, fmt, message
):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(RefusedError) as info:
        services.directory_import.import_file(path, fmt)
    assert message.casefold() in info.value.message.casefold()
    _assert_unchanged(services, stored)


def test_missing_file_and_folder(services, tmp_path):
    with pytest.raises(RefusedError, match="introuvable"):
        services.directory_import.analyse(tmp_path / "absent.txt")
    with pytest.raises(RefusedError, match="dossier"):
        services.directory_import.analyse(tmp_path)


def test_cancel_during_analysis_and_during_apply_leaves_the_directory_as_it_was(
    services, stored, tmp_path
):
    path = af.write_annuaire(tmp_path / "n.txt", af.national_rows(3000))
    with pytest.raises(ImportCancelled):
        services.directory_import.analyse(path, cancel=lambda: True)
    plan = services.directory_import.analyse(path)
    assert plan.preview.added > 1000
    calls = []

    def cancel_late():
        calls.append(1)
        return len(calls) > 3  # after a few flushed batches

    with pytest.raises(ImportCancelled) as info:
        services.directory_import.apply(plan, cancel=cancel_late)
    assert "n'a pas été modifié" in info.value.message
    _assert_unchanged(services, stored)


def test_an_error_while_writing_rolls_everything_back(services, stored, tmp_path, monkeypatch):
    plan = services.directory_import.analyse(
        af.write_annuaire(tmp_path / "n.txt", af.national_rows(2500))
    )
    from rcp_desktop.services.directory_import import matching as module

    real = module.clean_professional
    count = {"n": 0}

    def failing(draft):
        count["n"] += 1
        if count["n"] == 1500:
            raise OSError("disk full")
        return real(draft)

    monkeypatch.setattr(module, "clean_professional", failing)
    with pytest.raises(OSError):
        services.directory_import.apply(plan)
    _assert_unchanged(services, stored)


def test_the_directory_changed_between_analysis_and_apply(services, sample):
    plan = services.directory_import.analyse(sample, territory=TERRITORY)
    services.directory.create(
        ProfessionalDraft(
            last_name="ZEPHYRIN",
            first_name="Éric",
            profession=Profession.PSYCHIATRIST,
            rpps=af.RPPS_PSY,
        )
    )
    report = services.directory_import.apply(plan)
    assert (report.added, report.updated) == (9, 1)
    assert len(services.directory.list()) == 10


# --- size --------------------------------------------------------------------------------------


def test_a_5000_line_file_imports_quickly(services, tmp_path):
    path = af.write_annuaire(tmp_path / "n.txt", af.national_rows(5000))
    started = time.perf_counter()
    report = services.directory_import.import_file(path)
    assert report.rows_read == 5000
    assert report.added == report.professionals_in_file == len(services.directory.list())
    assert time.perf_counter() - started < 60


@pytest.mark.slow
def test_a_100000_line_national_file_restricted_to_the_territory(services, tmp_path):
    path = af.write_annuaire(tmp_path / "national.txt", af.national_rows(100_000))
    progress = []
    started = time.perf_counter()
    plan = services.directory_import.analyse(
        path, territory=TERRITORY, progress=lambda d, t: progress.append((d, t))
    )
    report = services.directory_import.apply(plan)
    elapsed = time.perf_counter() - started
    assert report.rows_read == 100_000
    assert 300 < report.added < 2000
    assert report.outside_people > 50 * report.added
    assert len(services.directory.list()) == report.added
    assert progress[-1][0] == progress[-1][1] and len(progress) > 50
    assert elapsed < 120, elapsed


def test_the_committed_sample_files_are_what_the_generator_writes(tmp_path):
    for name, make in af.SAMPLES.items():
        assert (af.DATA / name).read_bytes() == make(tmp_path / name).read_bytes(), name
