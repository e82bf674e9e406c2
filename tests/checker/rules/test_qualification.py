"""L1253-9: the employee holds the need's skill."""

import datetime as dt

from tests.checker.factories import assign, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)


def test_an_unqualified_employee_is_a_violation():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE], skill="maintenance")])
    [v] = found(sc, plan("2026-03", [assign(sc, "e1", "a", TUE)]), "qualification")
    assert v.article == "L1253-9" and "maintenance" in v.message


def test_a_qualified_employee_passes():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE], skill="maintenance")])
    assert found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "qualification") == []
