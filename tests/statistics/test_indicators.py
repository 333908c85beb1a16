"""Every indicator, exactly, on a database with known counts (tests/statistics/conftest.py)."""

from __future__ import annotations

import pytest

from rcp_desktop.services.errors import ValidationError
from tests.statistics.conftest import END, START

MH, USIPA, TND, OLD, OTHER = "mental_health", "usipa", "tnd", "elderly", "other"
PATHWAYS = [MH, USIPA, TND, OLD, OTHER]


@pytest.fixture
def raw(services, known):
    computation = services.statistics.compute(START, END, threshold=2)

    def value(*key):
        return computation.cells[key].value

    value.computation = computation
    return value


def by_pathway(raw, measure, *rest):
    return {p: raw(measure, p, *rest) if rest else raw(measure, p) for p in [*PATHWAYS, "*"]}


def test_sessions_held_attendance_and_quorum(raw):
    # Held in 2025: M1 (mental health, validated), M2 (TND, held), M5 (no pathway, validated);
    # not M3 (planned), M7 (in progress), M4 (2024), M6 (2026).
    assert {c: raw("sessions", c) for c in [MH, USIPA, TND, OLD, OTHER, "none", "*"]} == {
        MH: 1,
        USIPA: 0,
        TND: 1,
        OLD: 0,
        OTHER: 0,
        "none": 1,
        "*": 3,
    }
    assert raw("presences", "*") == 7  # 3 + 2 + 2 present (excused and absent not counted)
    assert raw("attendance_mean", "*") == pytest.approx(7 / 3)
    assert raw("attendance_mean", MH) == 3
    assert raw("attendance_mean", USIPA) is None
    # Quorum = 3 professions present: M1 (GP, psychiatrist, nurse) only.
    assert raw("quorum_sessions", "*") == 1
    assert raw("quorum_share", "*") == pytest.approx(100 / 3)
    assert raw("quorum_share", TND) == 0


def test_quorum_follows_the_setting(services, known):
    from rcp_desktop.services import settings as settings_mod

    services.settings.set(settings_mod.QUORUM_PROFESSIONS, 2)
    cells = services.statistics.compute(START, END, threshold=2).cells
    assert cells[("quorum_sessions", "*")].value == 2  # M1 and M5 (GP + psychologist)


def test_professionals_mobilised_by_profession_membership_and_pathway(raw):
    assert raw("pros", "*") == 5  # P1–P5; P6 was excused, or at sessions not counted
    # Two GPs, one psychiatrist, one nurse, one psychologist: every profession has fewer than
    # three professionals, so none is printed on its own.
    assert raw("pros", "__other__") == 5
    assert ("pros", "general_practitioner") not in raw.computation.cells
    professions = raw.computation.published.table("professions")
    assert [label for label, _v in professions.rows] == ["Autres professions (regroupées)", "Total"]
    assert raw("pros_pathway", MH, "member") == 3 and raw("pros_pathway", MH, "other") == 0
    assert raw("pros_pathway", TND, "member") == 1 and raw("pros_pathway", TND, "other") == 1
    assert raw("pros_pathway", "none", "*") == 2
    assert raw("pros_pathway", USIPA, "*") == 0


def test_situations_and_presentations(raw):
    assert by_pathway(raw, "situations") == {MH: 2, USIPA: 2, TND: 1, OLD: 1, OTHER: 0, "*": 6}
    assert by_pathway(raw, "presentations") == {MH: 3, USIPA: 2, TND: 1, OLD: 1, OTHER: 0, "*": 7}
    assert by_pathway(raw, "presentations_new") == {
        MH: 1,
        USIPA: 2,
        TND: 1,
        OLD: 1,
        OTHER: 0,
        "*": 5,
    }
    assert by_pathway(raw, "presentations_follow_up") == {
        MH: 2,
        USIPA: 0,
        TND: 0,
        OLD: 0,
        OTHER: 0,
        "*": 2,
    }
    assert by_pathway(raw, "presentations_discussed") == {
        MH: 2,
        USIPA: 2,
        TND: 1,
        OLD: 1,
        OTHER: 0,
        "*": 6,
    }
    assert by_pathway(raw, "presentations_listed") == {
        MH: 1,
        USIPA: 0,
        TND: 0,
        OLD: 0,
        OTHER: 0,
        "*": 1,
    }


def test_median_delay_from_referral_to_first_presentation(raw):
    # First presented in 2025: C3 21 d, C2 41 d, C4 50 d, C6 172 d, C5 264 d (C1 in 2024).
    assert by_pathway(raw, "delay_median") == {
        MH: 21.0,
        USIPA: 218.0,
        TND: 41.0,
        OLD: 50.0,
        OTHER: None,
        "*": 50.0,
    }


def test_decisions_taken_done_on_time_and_overdue(raw):
    # Taken at held 2025 sessions: 7. Done: 3; on time: 1 (the other is late, one has no due
    # date); overdue on 10/03/2026: the open ones past due (not the cancelled one).
    assert by_pathway(raw, "decisions") == {MH: 3, USIPA: 2, TND: 1, OLD: 1, OTHER: 0, "*": 7}
    assert by_pathway(raw, "decisions_done") == {MH: 2, USIPA: 0, TND: 0, OLD: 1, OTHER: 0, "*": 3}
    assert by_pathway(raw, "decisions_on_time") == {
        MH: 1,
        USIPA: 0,
        TND: 0,
        OLD: 0,
        OTHER: 0,
        "*": 1,
    }
    assert by_pathway(raw, "decisions_overdue") == {
        MH: 1,
        USIPA: 1,
        TND: 0,
        OLD: 0,
        OTHER: 0,
        "*": 2,
    }


def test_patients_by_pathway_age_band_sex_and_commune(raw):
    # Five patients; Pa1 (cases C1 mental health and C6 USIPA) is attached to mental health,
    # the pathway of her first presentation of 2025. Pa6 was only on a planned session.
    assert by_pathway(raw, "patients", "*", "*", "*") == {
        MH: 2,
        USIPA: 1,
        TND: 1,
        OLD: 1,
        OTHER: 0,
        "*": 5,
    }
    # Ages on 31/12/2025: 75, 10, 35 (born 31/12/1990), 70 (born 01/01/1955), 45.
    bands = {
        b: raw("patients", "*", b, "*", "*") for b in ["0-17", "18-39", "40-59", "60-74", "75+"]
    }
    assert bands == {"0-17": 1, "18-39": 1, "40-59": 1, "60-74": 1, "75+": 1}
    assert raw("patients", MH, "75+", "*", "*") == 1
    assert raw("patients", MH, "18-39", "*", "*") == 1
    assert raw("patients", OLD, "60-74", "*", "*") == 1
    sexes = {s: raw("patients", "*", "*", s, "*") for s in "FMI"}
    assert sexes == {"F": 2, "M": 2, "I": 1}
    assert raw("patients", "*", "75+", "F", "*") == 1
    assert raw("patients", "*", "0-17", "M", "*") == 1
    assert raw("patients", "*", "40-59", "I", "*") == 1
    assert raw("patients", "*", "40-59", "F", "*") == 0
    # Communes with threshold 2: "Athis-Mons" and " athis-mons " are one commune (3);
    # Morangis has 1 patient (< 2) and goes to the "other communes" group.
    assert raw("patients", "*", "*", "*", "athis mons") == 3
    assert raw("patients", "*", "*", "*", "__other__") == 1
    assert raw("patients", "*", "*", "*", "__none__") == 1
    assert ("patients", "*", "*", "*", "morangis") not in raw.computation.cells


def test_fragility(raw):
    assert by_pathway(raw, "patients_ald") == {MH: 2, USIPA: 0, TND: 0, OLD: 0, OTHER: 0, "*": 2}
    assert by_pathway(raw, "patients_c2s") == {MH: 0, USIPA: 0, TND: 1, OLD: 0, OTHER: 0, "*": 1}
    # "> 70": Pa1 (75); Pa4 is exactly 70 on 31/12/2025 and does not count.
    assert by_pathway(raw, "patients_over70") == {MH: 1, USIPA: 0, TND: 0, OLD: 0, OTHER: 0, "*": 1}


def test_crisis_plans_created_and_reviewed(raw):
    assert by_pathway(raw, "crisis_created") == {MH: 1, USIPA: 0, TND: 0, OLD: 0, OTHER: 0, "*": 1}
    assert by_pathway(raw, "crisis_reviewed") == {MH: 2, USIPA: 0, TND: 0, OLD: 0, OTHER: 0, "*": 2}


def test_usipa_inclusions_active_exits_duration_and_contact_rate(raw):
    assert raw("usipa_inclusions", "*") == 2  # 05/03 and 05/06/2025
    assert raw("usipa_active", "*") == 3  # plus the one included in 2024, exited 14/01/2025
    assert raw("usipa_active", USIPA) == 3 and raw("usipa_active", MH) == 0
    assert raw("usipa_exits", "*") == 2
    assert raw("usipa_exits_hospitalisation_avoided", "*") == 1
    assert raw("usipa_exits_hospitalised", "*") == 1
    assert raw("usipa_exits_lost_to_follow_up", "*") == 0
    assert raw("usipa_exits_other", "*") == 0  # that exit was in 2024
    assert raw("usipa_duration", "*") == pytest.approx((28 + 105) / 2)
    assert raw("usipa_contacts", "*") == 6  # 3 + 2 + 1 dated in 2025
    # Days followed inside 2025: 29 (05/03–02/04) + 210 (05/06–31/12) + 14 (01/01–14/01).
    assert raw("usipa_rate", "*") == pytest.approx(6 / (253 / 7))


def test_published_tables_carry_the_same_figures_when_nothing_is_small(services, known):
    published = services.statistics.report(START, END, threshold=2)
    situations = published.table("situations")
    assert situations.value(0, "Total") == 6
    assert situations.value(1, "Total") == 7
    assert published.table("sessions").value(0, "Total") == 3
    # A count of 1 is below 2: masked.
    assert published.table("situations").value(0, "TND") == "s"
    assert published.threshold == 2
    assert published.start == START and published.end == END


def test_bad_period_or_threshold_is_refused_with_a_french_message(services, known):
    with pytest.raises(ValidationError) as err:
        services.statistics.report(END, START)
    assert err.value.errors["end"] == "La fin de la période précède son début."
    with pytest.raises(ValidationError) as err:
        services.statistics.report(START, END, threshold=1)
    assert "seuil" in err.value.errors["threshold"]


def test_default_threshold_comes_from_the_setting(services, known):
    from rcp_desktop.services import settings as settings_mod

    assert services.statistics.report(START, END).threshold == 11
    services.settings.set(settings_mod.STATS_THRESHOLD, 5)
    assert services.statistics.report(START, END).threshold == 5


def test_professions_under_three_professionals_are_grouped_until_the_group_has_three():
    from collections import Counter

    from rcp_desktop.models import Profession as P
    from rcp_desktop.services.statistics.tables.sessions import group_professions

    counts = Counter({P.GENERAL_PRACTITIONER: 12, P.NURSE: 4, P.PSYCHIATRIST: 3, P.DIETITIAN: 1})
    # The lone dietitian would be a group of one: the smallest printed profession joins it.
    assert group_professions(counts) == ([P.GENERAL_PRACTITIONER, P.NURSE], 4)
    counts[P.PHARMACIST] = 2
    assert group_professions(counts) == ([P.GENERAL_PRACTITIONER, P.NURSE, P.PSYCHIATRIST], 3)
    assert group_professions(Counter({P.NURSE: 5})) == ([P.NURSE], 0)
    assert group_professions(Counter({P.NURSE: 2})) == ([], 2)  # two people in all
