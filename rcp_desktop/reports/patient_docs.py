"""Documents the patient takes home: the crisis plan in plain words (with the agreement and
signature lines and who holds a copy) and the letter explaining the conference's proposal."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from rcp_desktop.domain.dates import fr_date, fr_datetime, fr_long_date
from rcp_desktop.domain.text import unbreakable
from rcp_desktop.i18n import QT_TRANSLATE_NOOP as _N
from rcp_desktop.i18n import translate as tr
from rcp_desktop.reports.common import born_text, letterhead, patient_name
from rcp_desktop.reports.pdf_base import build_pdf, para, styles, table
from rcp_desktop.services.crisis.plan import TEXT_FIELD_NAMES
from rcp_desktop.services.patient_docs import PatientLetterData, PatientPlanData

# The plan's fields as the patient reads them (the care team's labels are in crisis/plan.py).
PLAIN_HEADINGS: dict[str, str] = {
    "early_warning_signs": _N("core", "Les signes qui montrent que je commence à aller moins bien"),
    "triggers": _N("core", "Ce qui peut déclencher une crise chez moi"),
    "protective_factors": _N("core", "Ce qui me protège, mes points d'appui"),
    "what_helps": _N("core", "Ce qui m'aide quand ça ne va pas"),
    "what_to_avoid": _N("core", "Ce qu'il vaut mieux éviter"),
    "treatment_preferences": _N("core", "Ce que je souhaite pour mes soins"),
    "treatments_to_avoid": _N("core", "Les traitements que je ne souhaite pas, et pourquoi"),
    "practical_arrangements": _N(
        "core", "Ce qui doit être organisé pour moi (enfants, animaux, logement, travail…)"
    ),
}
FIELD_ORDER = tuple(PLAIN_HEADINGS)


def plan_title() -> str:
    return tr(_N("core", "Mon plan en cas de crise"))


def build_patient_crisis_plan(data: PatientPlanData) -> bytes:
    sheet = styles()
    plan = data.plan
    ident = plan.identity
    story: list[Flowable] = letterhead(
        plan.letterhead,
        plan_title(),
        tr(_N("core", "Version {n} du {date}")).format(
            n=plan.version, date=fr_date(plan.drawn_up_on)
        ),
    )
    who = patient_name(ident)
    if ident.birth_date:
        who += ", " + born_text(ident)
    story.append(
        para(tr(_N("core", "Ce plan est le mien : {who}.")).format(who=who), sheet["body"])
    )
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "Je l'ai préparé avec les professionnels qui me soignent, pour que chacun "
                    "sache quoi faire si je vais moins bien. Je peux le changer quand je veux : "
                    "il sera revu ensemble{review}.",
                )
            ).format(
                review=tr(_N("core", " vers le {date}")).format(date=fr_date(plan.next_review_on))
                if plan.next_review_on
                else ""
            ),
            sheet["body"],
        )
    )
    story.append(Spacer(1, 2 * mm))
    texts = dict(zip(TEXT_FIELD_NAMES, (text for _label, text in plan.texts), strict=True))
    for name in FIELD_ORDER:
        text = texts.get(name, "")
        if not text:
            continue
        story.append(para(tr(PLAIN_HEADINGS[name]), sheet["h2"]))
        story.append(para(text, sheet["body"]))

    story.append(para(tr(_N("core", "Qui appeler, dans cet ordre")), sheet["h2"]))
    if plan.contacts:
        grid: list[list[object]] = [
            ["", tr(_N("core", "Qui")), tr(_N("core", "Téléphone")), tr(_N("core", "Quand"))]
        ]
        for contact in plan.contacts:
            details = " — ".join(filter(None, [contact.role, contact.kind]))
            grid.append(
                [
                    f"{contact.position}.",
                    f"{contact.who}\n{details}" if details else contact.who,
                    unbreakable(contact.phone) or "—",
                    contact.when_to_call or "—",
                ]
            )
        story.append(table(grid, [8 * mm, 62 * mm, 32 * mm, 78 * mm]))
    else:
        story.append(para(tr(_N("core", "Personne n'est encore noté.")), sheet["small"]))
    story.append(Spacer(1, 2 * mm))
    story.append(
        para(
            tr(
                _N(
                    "core",
                    "En cas de danger immédiat : appelez le 15 (SAMU) ou le 112. Si vous pensez "
                    "au suicide, ou si vous êtes inquiet pour un proche : le 3114, jour et nuit, "
                    "gratuit.",
                )
            ),
            sheet["cellbold"],
        )
    )

    holders: list[Flowable] = [para(tr(_N("core", "Qui a un exemplaire de ce plan")), sheet["h2"])]
    for holder in data.holders:
        holders.append(para(f"☐ {holder}", sheet["body"]))
    story.append(KeepTogether(holders))

    signer = data.drawn_up_by or "_" * 30
    agreement: list[Flowable] = [
        para(tr(_N("core", "Mon accord")), sheet["h2"]),
        para(
            tr(
                _N(
                    "core",
                    "J'ai participé à ce plan et je suis d'accord avec ce qu'il contient. "
                    "J'accepte que les personnes ci-dessus en aient un exemplaire et l'utilisent "
                    "pour m'aider.",
                )
            ),
            sheet["body"],
        ),
        Spacer(1, 3 * mm),
        table(
            [
                [tr(_N("core", "Moi")), tr(_N("core", "Le professionnel avec qui je l'ai écrit"))],
                [
                    tr(_N("core", "Nom : {name}\nDate :\nSignature :")).format(
                        name=patient_name(ident)
                    ),
                    tr(_N("core", "Nom : {name}\nDate :\nSignature :")).format(name=signer),
                ],
            ],
            [90 * mm, 90 * mm],
            row_heights=[None, 32 * mm],
        ),
    ]
    story.append(KeepTogether(agreement))
    story.append(Spacer(1, 4 * mm))
    story.append(
        para(
            tr(_N("core", "Document établi le {when} avec rcp-desktop.")).format(
                when=fr_datetime(plan.generated_at)
            ),
            sheet["small"],
        )
    )
    return build_pdf(
        story,
        title=tr(_N("core", "Plan de crise pour le patient — version {n}")).format(n=plan.version),
        footer=tr(
            _N(
                "core",
                "{cpts} — ce plan vous appartient : ne le confiez qu'aux personnes de votre choix.",
            )
        ).format(cpts=plan.letterhead.cpts_name),
    )


def build_patient_letter(data: PatientLetterData) -> bytes:
    sheet = styles()
    story: list[Flowable] = letterhead(
        data.letterhead,
        tr(_N("core", "Courrier")),
        tr(_N("core", "Suite à la RCP du {date}")).format(date=fr_date(data.held_on)),
    )
    story.append(para(data.patient, sheet["h3"]))
    story.append(
        para(
            tr(_N("core", "Le {date}")).format(date=fr_long_date(data.generated_at.date())),
            sheet["body"],
        )
    )
    story.append(Spacer(1, 6 * mm))
    for block in data.body.split("\n\n"):
        story.append(para(block, sheet["body"]))
        story.append(Spacer(1, 2.5 * mm))
    return build_pdf(
        story,
        title=tr(_N("core", "Courrier au patient — RCP du {date}")).format(
            date=fr_date(data.held_on)
        ),
        footer=tr(_N("core", "{cpts} — courrier personnel et confidentiel.")).format(
            cpts=data.letterhead.cpts_name
        ),
    )
