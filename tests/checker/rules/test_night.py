"""L3122-1: night work only at sites that organise it (`site.night_derogation`)."""

import datetime as dt

from tests.checker.factories import assign, base_data, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)


def _evening(night_derogation: bool, end: str = "22:00"):
    data = base_data()
    data["members"][1]["sites"][0]["night_derogation"] = night_derogation
    sc = scenario(
        data=data, needs=[need("eve", "15:00", end, [TUE], skill="maintenance", site="m2-s1", member="m2")]
    )
    return sc, plan("2026-03", [assign(sc, "e2", "eve", TUE)])


def test_an_hour_of_the_night_period_at_a_site_without_night_work_is_a_violation():
    [v] = found(*_evening(False), "night_site")
    assert v.article == "L3122-1" and v.date == TUE


def test_the_same_evening_at_a_site_that_organises_night_work_is_legal():
    assert found(*_evening(True), "night_site") == []


def test_an_evening_ending_as_the_night_period_starts_is_legal():
    assert found(*_evening(False, end="21:00"), "night_site") == []
