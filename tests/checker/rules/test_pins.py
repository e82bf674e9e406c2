"""Pinned assignments are in the plan."""

import datetime as dt

from engine.model import Pin
from tests.checker.factories import assign, base_data, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)


def test_a_missing_pin_is_a_violation():
    data = base_data()
    data["pins"] = [{"employee": "e2", "need": "a", "date": TUE}]
    sc = scenario(data=data, needs=[need("a", "08:00", "12:00", [TUE])])
    [v] = found(sc, plan("2026-03", []), "pins")
    assert v.employee == "e2" and v.need == "a"
    assert found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "pins") == []
    assert sc.pins == [Pin(employee="e2", need="a", date=TUE)]


def test_a_pinned_need_worked_by_someone_else_is_a_violation():
    data = base_data()
    data["pins"] = [{"employee": "e2", "need": "a", "date": TUE}]
    sc = scenario(data=data, needs=[need("a", "08:00", "12:00", [TUE])])
    [v] = found(sc, plan("2026-03", [assign(sc, "e1", "a", TUE)]), "pins")
    assert v.employee == "e2" and v.date == TUE


def test_a_pin_of_another_month_is_not_required_in_this_one():
    april = dt.date(2026, 4, 14)
    data = base_data()
    data["pins"] = [{"employee": "e2", "need": "a", "date": april}]
    sc = scenario(data=data, needs=[need("a", "08:00", "12:00", [TUE, april])])
    assert found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "pins") == []
