"""The demo directory: professionals of every pathway team, with valid-looking identifiers."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcp_desktop.domain.identifiers import luhn_check_digit
from rcp_desktop.models import Civility, Profession, Professional, Sex
from rcp_desktop.services.demo.data import (
    COMMUNES,
    PATHWAY_TEAMS,
    PROFESSION_MIX,
    RPPS_PROFESSIONS,
    structures_for,
)
from rcp_desktop.services.demo.state import DemoRun

_ASCII = str.maketrans("éèêëàâäîïôöûüçœ", "eeeeaaaiioouuco")


def make_professionals(run: DemoRun, session: Session) -> list[Professional]:
    rng = run.rng
    # Every pathway team's professions and the coordination exist, then a weighted mix.
    required = [p for team in PATHWAY_TEAMS.values() for p in team] + [Profession.COORDINATOR]
    plan = list(dict.fromkeys(required)) + [
        run.pick_weighted(PROFESSION_MIX) for _ in range(run.size.drawn_professionals(run.years))
    ]
    pros = []
    for profession in plan:
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        last, first = run.person_name(sex)
        rpps = None
        adeli = None
        if profession in RPPS_PROFESSIONS or rng.random() < 0.5:
            while rpps is None or rpps in run.used_rpps:
                partial = "10" + "".join(str(rng.randint(0, 9)) for _ in range(8))
                rpps = partial + luhn_check_digit(partial)
            run.used_rpps.add(rpps)
        else:
            adeli = "91" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        slug = f"{first}.{last}".lower().replace(" ", "-").translate(_ASCII)
        pro = Professional(
            last_name=last,
            first_name=first,
            civility=Civility.MADAME if sex is Sex.FEMALE else Civility.MONSIEUR,
            profession=profession,
            rpps=rpps,
            adeli=adeli,
            structure=rng.choice(structures_for(profession)),
            commune=rng.choice(list(COMMUNES)),
            email=f"{slug}@exemple-sante.fr",
            phone=run.phone(),
            secure_email=f"{slug}@exemple.mssante.fr" if rng.random() < 0.7 else None,
            cpts_member=rng.random() < 0.75,
            active=rng.random() < 0.95,
        )
        pros.append(run.add(session, pro))
    run.report.professionals = len(pros)
    return pros
