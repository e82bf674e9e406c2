"""Loans of staff as agreed: the lent employee, the days (L8241-2), nothing else for them (L8241-1)."""

import datetime as dt

from tests.checker.factories import assign, base_data, days, found, need, plan, scenario

TUE = dt.date(2026, 3, 10)


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
