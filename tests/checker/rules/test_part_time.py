"""Part-time complementary hours (L3123-28), below 35 h (L3123-9), the 24 h minimum warning (L3123-7)."""

import datetime as dt

from engine.checker import Level
from tests.checker.factories import assign, days, found, need, plan, scenario

MON = dt.date(2026, 3, 9)


def part_timer_week(end: str, count: int = 4, rules: dict | None = None):
    dates = days(MON, count)
    sc = scenario(needs=[need("d", "08:00", end, dates)], rules=rules)
    return sc, plan("2026-03", [assign(sc, "e1", "d", d) for d in dates])


def test_complementary_hours_above_a_tenth_of_the_contract_are_a_violation():
    sc, p = part_timer_week("14:37")  # 4 × 6 h 37 = 26 h 28 > 24 h + 2 h 24
    [v] = found(sc, p, "complementary_hours")
    assert v.article == "L3123-28" and "26 h 28" in v.message and "max 26 h 24" in v.message


def test_complementary_hours_up_to_a_tenth_are_legal():
    sc, p = part_timer_week("14:36")  # 4 × 6 h 36 = 26 h 24
    assert found(sc, p, "complementary_hours") == []


def test_a_part_timer_reaching_35_hours_is_a_violation_even_with_a_third_allowed():
    sc, p = part_timer_week("15:00", 5, rules={"complementary_ratio": "0.34"})  # 5 × 7 h = 35 h
    violations = found(sc, p, "part_time_legal_week")
    assert [v.article for v in violations] == ["L3123-9"]


def test_a_contract_under_24_hours_without_derogation_is_a_warning():
    from tests.checker.factories import base_data

    data = base_data()
    data["employees"][0]["contract"]["weekly_hours"] = 20
    sc = scenario(data=data)
    [v] = found(sc, plan("2026-03", []), "part_time_minimum")
    assert v.level is Level.WARNING and v.article == "L3123-7" and v.employee == "e1"


def test_a_contract_under_24_hours_with_derogation_is_not_flagged():
    from tests.checker.factories import base_data

    data = base_data()
    data["employees"][0]["contract"].update(weekly_hours=20, part_time_derogation=True)
    assert found(scenario(data=data), plan("2026-03", []), "part_time_minimum") == []
