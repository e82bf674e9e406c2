"""Assignments match their need's occurrences; no more staff than the head count unless the need prices surplus."""

import datetime as dt

from tests.checker.factories import assign, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)


def test_an_assignment_on_a_day_the_need_does_not_occur_is_a_violation():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE])])
    wrong = assign(sc, "e2", "a", TUE).model_copy(update={"date": TUE + dt.timedelta(days=1)})
    [v] = found(sc, plan("2026-03", [wrong]), "occurrences")
    assert "Aucune occurrence" in v.message


def test_an_assignment_outside_the_need_window_is_a_violation():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE])])
    a = assign(sc, "e2", "a", TUE)
    late = a.model_copy(update={"end": a.end + dt.timedelta(hours=1)})
    [v] = found(sc, plan("2026-03", [late]), "occurrences")
    assert "hors de la plage" in v.message


def test_more_staff_than_the_head_count_is_a_violation():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE])])
    [v] = found(sc, plan("2026-03", [assign(sc, "e1", "a", TUE), assign(sc, "e2", "a", TUE)]), "headcount")
    assert v.employee is None and v.need == "a"


def test_surplus_staff_is_allowed_when_the_need_prices_it():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE], surplus_cost=5)])
    assert (
        found(sc, plan("2026-03", [assign(sc, "e1", "a", TUE), assign(sc, "e2", "a", TUE)]), "headcount")
        == []
    )


def test_an_assignment_matching_its_occurrence_within_the_head_count_is_legal():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE], headcount=2)])
    p = plan("2026-03", [assign(sc, "e1", "a", TUE), assign(sc, "e2", "a", TUE)])
    assert found(sc, p, "occurrences") == [] and found(sc, p, "headcount") == []
