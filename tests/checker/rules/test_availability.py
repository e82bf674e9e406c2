"""Availability: contract dates, absences (L3141-1, L1226-1), membership of the group (L1253-1), reach."""

import datetime as dt

from tests.checker.factories import assign, base_data, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)


def test_work_during_paid_leave_is_a_violation():
    sc = scenario(
        needs=[need("a", "08:00", "12:00", [TUE])],
        employee={"absences": [{"kind": "paid_leave", "start": TUE, "end": TUE}]},
    )
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "availability")
    assert v.article == "L3141-1" and "congés payés" in v.message


def test_a_night_shift_reaching_into_an_absence_day_is_a_violation():
    sc = scenario(
        needs=[need("n", "22:00", "04:00", [TUE])],
        employee={
            "absences": [
                {"kind": "sickness", "start": TUE + dt.timedelta(days=1), "end": TUE + dt.timedelta(days=3)}
            ]
        },
    )
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "n", TUE)]), "availability")
    assert v.article == "L1226-1"


def test_work_after_the_contract_ends_is_a_violation():
    contract = {"kind": "cdd", "start": "2026-01-01", "end": "2026-03-09", "weekly_hours": 35}
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE])], employee={"contract": contract})
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "availability")
    assert "hors de la période du contrat" in v.message


def test_work_for_a_firm_that_left_the_group_is_a_violation():
    data = base_data()
    data["members"][0]["left_on"] = dt.date(2026, 3, 5)
    sc = scenario(data=data, needs=[need("a", "08:00", "12:00", [TUE])])
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "availability")
    assert v.article == "L1253-1"


def test_a_site_beyond_the_employee_reach_is_a_violation():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE])], employee={"max_travel_km": 1})
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "availability")
    assert "rayon" in v.message


def test_work_on_the_day_after_an_absence_is_legal():
    sc = scenario(
        needs=[need("a", "08:00", "12:00", [TUE])],
        employee={
            "absences": [
                {"kind": "paid_leave", "start": TUE - dt.timedelta(days=3), "end": TUE - dt.timedelta(days=1)}
            ]
        },
    )
    assert found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "availability") == []


def test_work_on_the_last_day_of_the_contract_is_legal():
    contract = {"kind": "cdd", "start": "2026-01-01", "end": TUE.isoformat(), "weekly_hours": 35}
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE])], employee={"contract": contract})
    assert found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "availability") == []
