"""A professional's civility gives the grammatical gender of their profession label: entered in
the directory, read from the Annuaire Santé's "Code civilité", drawn for the demo."""

from __future__ import annotations

from rcp_desktop.models import Civility, Presence, Profession, Sex
from rcp_desktop.models.enums import born_on, label
from rcp_desktop.services.directory import ProfessionalDraft
from rcp_desktop.services.directory_import import Territory
from tests import annuaire_files as af


def test_feminine_labels_where_french_has_them():
    assert label(Profession.NURSE, feminine=True) == "Infirmière"
    assert label(Profession.NURSE) == "Infirmier"
    assert label(Profession.SOCIAL_WORKER, feminine=True) == "Assistante de service social"
    assert label(Profession.PSYCHIATRIST, feminine=True) == "Psychiatre"  # the same
    assert label(Presence.PRESENT, feminine=True) == "Présente"
    assert born_on(Sex.FEMALE, "04/05/1970") == "née le 04/05/1970"
    assert born_on(Sex.MALE, "04/05/1970") == "né le 04/05/1970"
    assert born_on(Sex.UNDETERMINED, "04/05/1970") == "né(e) le 04/05/1970"


def test_the_directory_keeps_the_civility(services):
    pro, _warnings = services.directory.create(
        ProfessionalDraft(
            last_name="Petit",
            first_name="Sonia",
            profession=Profession.NURSE,
            civility=Civility.MADAME,
        )
    )
    stored = services.directory.get(pro.id)
    assert stored.civility is Civility.MADAME and stored.profession_label == "Infirmière"
    unknown, _warnings = services.directory.create(
        ProfessionalDraft(last_name="Roux", profession=Profession.NURSE)
    )
    assert services.directory.get(unknown.id).profession_label == "Infirmier"


def test_the_annuaire_sante_import_reads_the_civility(services, tmp_path):
    rows = [
        af.row(
            af.person(af.fictional_rpps(901), "OSTROVA", "Léa", "60", "Infirmier", civility="MME"),
            af.place("MORANGIS"),
        ),
        af.row(
            af.person(af.fictional_rpps(902), "BRIANÇON", "Noël", "60", "Infirmier", civility="M"),
            af.place("MORANGIS"),
        ),
    ]
    path = af.write_annuaire(tmp_path / "annuaire.txt", rows)
    services.directory_import.import_file(path, territory=Territory.parse("Morangis"))
    by_name = {p.last_name: p for p in services.directory.list()}
    assert by_name["OSTROVA"].civility is Civility.MADAME
    assert by_name["OSTROVA"].profession_label == "Infirmière"
    assert by_name["BRIANÇON"].civility is Civility.MONSIEUR


def test_the_demo_directory_has_a_civility_for_everyone(demo_services):
    pros = demo_services.directory.list()
    assert pros and all(p.civility is not None for p in pros)
    assert {p.civility for p in pros} == {Civility.MADAME, Civility.MONSIEUR}
