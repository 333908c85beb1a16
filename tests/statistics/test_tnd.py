"""The TND delays in the statistics, played as an attacker, on a base with known figures: the
children counted at each step of the pathway and the medians of the delays are printed only
over 11 children or more, in every format alike; a median over fewer children (a single child's
delay, or nearly) is masked even when the count it belongs to is printed, and with it when it
is masked; the whole file passes the integer program; a pathway export is an extract of the
edition, and a correction after publication changes no exported figure."""

from __future__ import annotations

import datetime as dt

import pytest

from rcp_desktop.models import MdphStatus, Pathway, Sex, TndDiscipline, TndStepKind
from rcp_desktop.services.cases import CaseDraft
from rcp_desktop.services.patients import PatientDraft
from rcp_desktop.services.statistics.periods import calendar_year
from rcp_desktop.services.statistics.tables.tnd import STEPS
from rcp_desktop.services.tnd import FollowUpDraft, StepDraft
from tests.statistics.reading import TND_CHILD_ROWS, TND_MEDIAN_ROWS, csv_tables, truth
from tests.statistics.test_attack import attack, export_files, folder, read_all_formats
from tests.statistics.test_exports import csv_text

D = dt.date
REFERRED = 14  # children referred to the PCO in 2025: printed
WITH_CONCERN = 5  # of them with a first-concern date: their median is not
ACCEPTED = 12  # acceptances in 2025: printed, and their median
ASSESSED = 4  # first assessments in 2025: masked, and their median
FILED, DECIDED = 12, 2  # MDPH files filed (printed), decisions (masked)


def child_case(services, i: int):
    child = services.patients.create(
        PatientDraft(
            birth_name=f"Enfant{i:02d}",
            first_names="Camille",
            birth_date=D(2020, 1, 1) + dt.timedelta(days=30 * i),
            sex=Sex.FEMALE if i % 2 else Sex.MALE,
        )
    )
    return services.cases.create(
        CaseDraft(
            patient_id=child.id,
            pathway=Pathway.TND,
            opened_on=D(2025, 1, 10),
            referral_reason="Retard de développement",
            question="Orientation PCO ?",
        )
    )


def build(services) -> list[int]:
    ids = []
    for i in range(REFERRED):
        case = child_case(services, i)
        referred = D(2025, 2, 1) + dt.timedelta(days=i)
        services.tnd.save_follow_up(
            case.id,
            FollowUpDraft(
                first_concern_on=referred - dt.timedelta(days=40 + i) if i < WITH_CONCERN else None,
                pco_referred_on=referred,
                pco_accepted_on=referred + dt.timedelta(days=10 + i) if i < ACCEPTED else None,
                mdph_status=(
                    MdphStatus.GRANTED
                    if i < DECIDED
                    else MdphStatus.FILED
                    if i < FILED
                    else MdphStatus.NOT_STARTED
                ),
                mdph_filed_on=D(2025, 5, 1) + dt.timedelta(days=i) if i < FILED else None,
                mdph_decision_on=D(2025, 9, 1) + dt.timedelta(days=i) if i < DECIDED else None,
            ),
        )
        if i < ASSESSED:
            services.tnd.add_step(
                case.id,
                StepDraft(
                    TndStepKind.ASSESSMENT,
                    TndDiscipline.SPEECH_THERAPY,
                    provider_name="CAMSP",
                    prescribed_on=referred + dt.timedelta(days=20),
                    started_on=referred + dt.timedelta(days=50 + 7 * i),
                ),
            )
        ids.append(case.id)
    return ids


@pytest.fixture
def tnd_world(services):
    return build(services)


EXPECTED_2025 = [
    REFERRED,  # children referred
    "s",  # median first concern → referral: over 5 children
    ACCEPTED,
    15.5,  # median referral → acceptance: 10 + i days, i = 0…11
    "s",  # first assessments: 4
    "s",
    "s",  # first interventions: none (zero is masked too)
    "s",
    FILED,
    "s",  # MDPH decisions: 2
    "s",
    "s",  # steps started: 4 events over 4 children
    "s",
]


def test_tnd_delays_are_printed_over_11_children_only_in_every_format(
    services, tnd_world, tmp_path
):
    files = export_files(services, tmp_path, 2025)
    published = services.statistics.publication(2025).published
    from_csv, from_xlsx, from_pdf, _pdf = read_all_formats(files, published)
    assert from_csv["tnd"] == from_xlsx["tnd"] == from_pdf["tnd"]
    assert [row[0] for row in from_csv["tnd"]] == EXPECTED_2025
    table = published.table("tnd")
    assert table.columns == ("TND",) and table.column_pathways == ("tnd",)

    # Each median is masked when it rests on fewer than 11 children, or when the count of
    # children it is taken over is masked — judged on the truth, not on the code's own marks.
    computation = services.statistics.compute(*calendar_year(2025), threshold=11)
    true = truth(computation)
    medians = [(measure + "_delay", "tnd") for measure, *_rest, since in STEPS if since]
    medians.append(("tnd_steps_wait", "tnd"))
    for row, key in zip(TND_MEDIAN_ROWS, medians, strict=True):
        population = computation.cells[key].population
        count_shown = from_csv["tnd"][row - 1][0]
        shown = from_csv["tnd"][row][0]
        if population < 11 or count_shown == "s":
            assert shown == "s", (row, population)
        else:
            assert shown == true[("tnd", row, 0)]
    for row in TND_CHILD_ROWS:
        if (true[("tnd", row, 0)] or 0) < 11:
            assert from_csv["tnd"][row][0] == "s", row

    # The integer program over the whole file: every small count, the TND ones included, can
    # still be anything from 0 to 10.
    small = attack(from_csv, computation, 11)
    assert {("tnd", r, 0) for r in (4, 6, 9)} <= small


def test_a_pathway_export_and_a_late_correction_tell_nothing_more(services, tnd_world, tmp_path):
    files = export_files(services, tmp_path, 2025)
    published = services.statistics.publication(2025).published
    whole = csv_tables(csv_text(files["csv"]), published)
    # The TND export carries the TND table as the whole export prints it; others leave it out.
    tnd_files = export_files(services, folder(tmp_path, "tnd"), 2025, "tnd")
    view = published.for_pathway("tnd")
    assert csv_tables(csv_text(tnd_files["csv"]), view)["tnd"] == whole["tnd"]
    assert not published.for_pathway("usipa").has_table("tnd")
    # One more child referred in 2025, typed after the publication: on screen the count moves…
    before = services.statistics.report(*calendar_year(2025)).table("tnd").rows[0][1]
    case = child_case(services, 40)
    services.tnd.save_follow_up(case.id, FollowUpDraft(pco_referred_on=D(2025, 12, 20)))
    after = services.statistics.report(*calendar_year(2025)).table("tnd").rows[0][1]
    assert (before, after) == ((REFERRED,), (REFERRED + 1,))
    # …but every later export of 2025 reprints the edition: nothing to subtract.
    again = export_files(services, folder(tmp_path, "again"), 2025)
    assert csv_text(again["csv"]) == csv_text(files["csv"])


def test_on_screen_a_lower_threshold_is_internal_use_only(services, tnd_world):
    internal = services.statistics.report(*calendar_year(2025), threshold=3)
    assert internal.internal
    rows = [v[0] for _label, v in internal.table("tnd").rows]
    # Medians: first concern → referral 40 + i days (i = 0…4) → 42; referral → first
    # assessment 50 + 7i days (i = 0…3) → 60.5.
    assert rows[:6] == [REFERRED, 42.0, ACCEPTED, 15.5, ASSESSED, 60.5]
