"""Impossible windows and dates: each reported at the field it is about."""

from __future__ import annotations

import pytest

from tests.foundation.helpers import check_data, employee, errors, minimal, need, only_error


def test_window_with_equal_start_and_end_is_reported_at_the_need():
    data = minimal()
    data["needs"][0]["end"] = "08:30"
    problem = only_error(data)
    assert problem.path == "needs[0].start"
    assert "window is empty" in problem.message


def test_window_crossing_midnight_is_valid():
    data = minimal()
    data["needs"].append(need("nuit", start="22:00", end="06:00"))
    assert errors(check_data(data)) == []


def test_until_date_before_from_date_is_reported_at_until_date():
    data = minimal()
    data["needs"][0]["until_date"] = "2026-02-01"
    problem = only_error(data)
    assert problem.path == "needs[0].until_date"
    assert "before from_date" in problem.message


def test_weekly_pattern_without_its_dates_is_reported():
    data = minimal()
    del data["needs"][0]["from_date"]
    assert only_error(data).path.startswith("needs[0]")


def test_contract_ending_before_it_starts_is_reported_at_end():
    data = minimal()
    data["employees"][0]["contract"]["end"] = "2023-12-31"
    problem = only_error(data)
    assert problem.path == "employees[0].contract.end"
    assert "before start" in problem.message


def test_fixed_term_contract_without_end_is_reported():
    data = minimal()
    data["employees"].append(
        employee("e9", contract={"kind": "seasonal", "start": "2026-03-01", "weekly_hours": 35})
    )
    problem = only_error(data)
    assert problem.path == "employees[2].contract"
    assert "needs an end date" in problem.message


def test_absence_ending_before_it_starts_is_reported_at_its_end():
    data = minimal()
    data["employees"][0]["absences"] = [{"kind": "paid_leave", "start": "2026-03-10", "end": "2026-03-09"}]
    assert only_error(data).path == "employees[0].absences[0].end"


def test_member_leaving_before_joining_is_reported_at_left_on():
    data = minimal()
    data["members"][0]["left_on"] = "2019-01-01"
    assert only_error(data).path == "members[0].left_on"


def test_loan_ending_before_it_starts_is_reported_at_end():
    data = minimal()
    data["employees"].append(employee("e9", employer="m2"))
    data["secondments"] = [
        {
            "id": "p",
            "lender": "m2",
            "host": "m1",
            "employee": "e9",
            "site": "m1-s1",
            "start": "2026-06-01",
            "end": "2026-05-01",
            "weekdays": ["mon"],
        }
    ]
    assert only_error(data).path == "secondments[0].end"


def test_invalid_calendar_date_is_reported_with_the_value():
    data = minimal()
    data["needs"][0]["dates"] = ["2026-02-30"]
    problem = only_error(data)
    assert problem.path == "needs[0].dates[0]"
    assert "'2026-02-30' is not a valid date" in problem.message


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("needs", 0, "from_date"), "1999-03-01"),
        (("needs", 0, "until_date"), "2206-03-31"),
        (("employees", 0, "contract", "end"), "2126-01-01"),
        (("employees", 0, "absences"), [{"kind": "sickness", "start": "1026-03-02", "end": "2026-03-03"}]),
    ],
)
def test_dates_outside_2000_2100_are_reported(where, value):
    data = minimal()
    target = data
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    found = [p for p in errors(check_data(data)) if "outside" in p.message]
    assert found, errors(check_data(data))
    path = ".".join(str(k) for k in where).replace(".0.", "[0].").replace(".0", "[0]")
    assert found[0].path.startswith(path)


def test_creation_dates_before_2000_are_accepted():
    data = minimal()
    data["members"][0]["created_on"] = "1979-01-01"
    data["employees"][0]["contract"]["start"] = "1992-09-01"
    assert errors(check_data(data)) == []


def test_need_explicit_dates_listing_a_day_twice_is_reported():
    data = minimal()
    data["needs"].append(need("n9", weekdays=[], dates=["2026-03-05", "2026-03-05"]))
    problem = only_error(data)
    assert problem.path == "needs[3].dates" and "same day twice" in problem.message


def test_pin_on_a_day_the_need_does_not_occur_is_reported():
    data = minimal()
    data["pins"] = [{"employee": "e1", "need": "n1", "date": "2026-03-03"}]  # n1 is Mon/Thu; 3 March is a Tue
    problem = only_error(data)
    assert problem.path == "pins[0].date"
    assert "no occurrence" in problem.message
