"""Occurrences and head count, pins, qualification (L1253-9), availability, loans (L8241-1/2)."""

import datetime as dt

from engine.model import Pin
from tests.checker.factories import assign, base_data, days, found, need, plan, scenario

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


def test_a_missing_pin_is_a_violation():
    data = base_data()
    data["pins"] = [{"employee": "e2", "need": "a", "date": TUE}]
    sc = scenario(data=data, needs=[need("a", "08:00", "12:00", [TUE])])
    [v] = found(sc, plan("2026-03", []), "pins")
    assert v.employee == "e2" and v.need == "a"
    assert found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "pins") == []
    assert sc.pins == [Pin(employee="e2", need="a", date=TUE)]


def test_an_unqualified_employee_is_a_violation():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE], skill="maintenance")])
    [v] = found(sc, plan("2026-03", [assign(sc, "e1", "a", TUE)]), "qualification")
    assert v.article == "L1253-9" and "maintenance" in v.message


def test_a_qualified_employee_passes():
    sc = scenario(needs=[need("a", "08:00", "12:00", [TUE], skill="maintenance")])
    assert found(sc, plan("2026-03", [assign(sc, "e2", "a", TUE)]), "qualification") == []


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


def loan_data(**loan):
    data = base_data()
    data["members"][1]["headcount"] = 6000
    data["employees"].append(
        {
            "id": "boss",
            "name": "Claire Lenoir",
            "employer": "m2",
            "contract": {"kind": "cdi_full_time", "start": "2020-01-01", "weekly_hours": 35},
            "hourly_wage": 40,
            "skills": ["direction"],
            "home": {"lat": 45.7, "lon": 4.8},
        }
    )
    data["secondments"] = [
        {
            "id": "loan",
            "lender": "m2",
            "host": "m1",
            "employee": "boss",
            "site": "m1-s1",
            "start": "2026-01-01",
            "end": "2026-12-31",
            **loan,
        }
    ]
    return data


def test_a_loan_day_taken_by_another_employee_is_a_violation():
    sc = scenario(data=loan_data(weekdays=["tue"]))
    [v] = found(sc, plan("2026-03", [assign(sc, "e2", "loan", TUE)]), "loans")
    assert v.article == "L8241-2"


def test_more_loan_days_than_agreed_in_a_week_is_a_violation():
    sc = scenario(data=loan_data(days_per_week=2))
    p = plan("2026-03", [assign(sc, "boss", "loan", d) for d in days(dt.date(2026, 3, 9), 3)])
    [v] = found(sc, p, "loans")
    assert "3 jours de prêt" in v.message


def test_loan_days_within_the_agreement_are_legal():
    sc = scenario(data=loan_data(days_per_week=2))
    p = plan("2026-03", [assign(sc, "boss", "loan", d) for d in days(dt.date(2026, 3, 9), 2)])
    assert found(sc, p, "loans") == []


def test_a_lent_employee_works_only_on_their_loan():
    data = loan_data(weekdays=["tue"])
    data["employees"][2]["skills"] = ["direction", "comptabilite"]
    sc = scenario(data=data, needs=[need("a", "08:00", "12:00", [TUE])])
    [v] = found(sc, plan("2026-03", [assign(sc, "boss", "a", TUE)]), "loans")
    assert v.article == "L8241-1"
