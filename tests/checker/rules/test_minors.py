"""Under 18: no work between 22:00 and 06:00 (L3163-2), no public holiday (L3164-6) unless the derogation of
L3164-8 (site or agreement)."""

import datetime as dt

from tests.checker.factories import assign, base_data, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)
WHIT_MONDAY = dt.date(2026, 5, 25)  # lundi de Pentecôte
MAY_DAY = dt.date(2026, 5, 1)


def test_minor_works_no_minute_between_22_and_6():
    sc = scenario(
        needs=[need("late", "17:00", "22:15", [TUE], skill="maintenance")], employee={"minor": True}
    )
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "late", TUE)]), "minor_night")
    assert v.article == "L3163-2"


def test_minor_finishing_at_22_is_legal():
    sc = scenario(
        needs=[need("late", "17:00", "22:00", [TUE], skill="maintenance")], employee={"minor": True}
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "late", TUE)]), "minor_night") == []


def holiday_scenario(*, minor: bool = True, site_flag: bool = False, rules: dict | None = None):
    data = base_data()
    data["members"][0]["sites"][0]["minor_holiday_derogation"] = site_flag
    employee = {"minor": minor}
    if rules is not None:
        employee["contract"] = {**data["employees"][1]["contract"], "rules": rules}
    return scenario(
        data=data,
        needs=[need("h", "08:00", "12:00", [MAY_DAY, WHIT_MONDAY], skill="maintenance")],
        employee=employee,
    )


def test_a_minor_working_on_a_public_holiday_breaks_the_rule():
    sc = holiday_scenario()
    [v] = found(sc, plan("2026-05", [assign(sc, "e2", "h", MAY_DAY)]), "minor_holiday")
    assert v.article == "L3164-6"
    assert v.employee == "e2" and v.date == MAY_DAY


def test_an_adult_may_work_on_a_public_holiday():
    sc = holiday_scenario(minor=False)
    assert found(sc, plan("2026-05", [assign(sc, "e2", "h", MAY_DAY)]), "minor_holiday") == []


def test_the_sites_derogation_allows_it():
    sc = holiday_scenario(site_flag=True)
    assert found(sc, plan("2026-05", [assign(sc, "e2", "h", WHIT_MONDAY)]), "minor_holiday") == []


def test_the_agreements_derogation_allows_it():
    sc = holiday_scenario(rules={"minor_holiday_derogation": True})
    assert found(sc, plan("2026-05", [assign(sc, "e2", "h", WHIT_MONDAY)]), "minor_holiday") == []
