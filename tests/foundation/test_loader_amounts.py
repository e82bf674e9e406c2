"""Negative or absurd amounts: wages, rates, coefficients, hours."""

from __future__ import annotations

from tests.foundation.helpers import check_data, errors, minimal, only_error, warnings


def test_negative_wage_is_reported_with_the_range():
    data = minimal()
    data["employees"][0]["hourly_wage"] = "-15.20"
    problem = only_error(data)
    assert problem.path == "employees[0].hourly_wage"
    assert "must be at least 0" in problem.message


def test_wage_below_the_smic_is_reported():
    data = minimal()
    data["employees"][0]["hourly_wage"] = "11.50"
    problem = only_error(data)
    assert problem.path == "employees[0].hourly_wage"
    assert "below the SMIC" in problem.message and "12.02" in problem.message


def test_work_study_contract_may_pay_below_the_smic():
    data = minimal()
    data["employees"][0]["contract"] = {
        "kind": "work_study",
        "start": "2025-09-01",
        "end": "2027-08-31",
        "weekly_hours": 35,
    }
    data["employees"][0]["hourly_wage"] = "8.41"
    assert errors(check_data(data)) == []


def test_wage_above_500_is_reported_at_the_wage():
    data = minimal()
    data["employees"][0]["hourly_wage"] = "520"
    problem = only_error(data)
    assert problem.path == "employees[0].hourly_wage"
    assert "not plausible" in problem.message


def test_billing_coefficient_above_4_is_reported():
    data = minimal()
    data["group"]["pricing_profiles"][0]["default"]["coefficient"] = "4.5"
    problem = only_error(data)
    assert problem.path == "group.pricing_profiles[0].default.coefficient"


def test_coefficient_below_1_is_reported_at_the_coefficient():
    data = minimal()
    data["group"]["pricing_profiles"][0]["default"]["coefficient"] = "0.9"
    assert only_error(data).path == "group.pricing_profiles[0].default.coefficient"


def test_weekly_hours_above_48_is_reported_with_the_article():
    data = minimal()
    data["employees"][1]["contract"]["weekly_hours"] = 50
    problem = only_error(data)
    assert problem.path == "employees[1].contract.weekly_hours"
    assert "at most 48" in problem.message and "L3121-20" in problem.message


def test_part_time_contract_at_35_hours_is_reported():
    data = minimal()
    data["employees"][0]["contract"]["weekly_hours"] = 35
    assert only_error(data).path == "employees[0].contract"


def test_contribution_rate_written_as_a_percentage_is_reported():
    data = minimal()
    data["employees"][0]["employer_contribution_rate"] = 4.2
    problem = only_error(data)
    assert problem.path == "employees[0].employer_contribution_rate"
    assert "0.42" in problem.message


def test_negative_head_count_is_reported():
    data = minimal()
    data["needs"][0]["headcount"] = -1
    assert only_error(data).path == "needs[0].headcount"


def test_part_time_under_24_hours_without_derogation_is_a_warning_not_an_error():
    data = minimal()
    data["employees"][0]["contract"]["weekly_hours"] = 17.5
    problems = check_data(data)
    assert errors(problems) == []
    assert [p.path for p in warnings(problems)] == ["employees[0].contract.weekly_hours"]


def test_part_time_under_24_hours_with_derogation_has_no_warning():
    data = minimal()
    data["employees"][0]["contract"].update({"weekly_hours": 17.5, "part_time_derogation": True})
    assert check_data(data) == []


def test_siren_of_8_digits_is_reported_with_what_a_siren_is():
    data = minimal()
    data["members"][0]["siren"] = "11111111"
    problem = only_error(data)
    assert problem.path == "members[0].siren"
    assert "9 digits" in problem.message


def test_need_nobody_can_fill_is_a_warning():
    data = minimal()
    data["needs"][0]["skill"] = "soudure"
    problems = check_data(data)
    assert errors(problems) == []
    assert "needs[0].skill" in {p.path for p in warnings(problems)}


def test_a_need_reaching_into_the_night_at_a_site_without_night_work_is_a_warning():
    data = minimal()
    data["needs"][0]["start"], data["needs"][0]["end"] = "15:00", "22:00"
    problems = check_data(data)
    assert errors(problems) == []
    [warning] = [p for p in warnings(problems) if p.path == "needs[0].end"]
    assert "L3122-1" in warning.message and "night_derogation" in warning.message


def test_a_need_ending_as_the_night_period_starts_has_no_night_warning():
    data = minimal()
    data["needs"][0]["start"], data["needs"][0]["end"] = "13:00", "21:00"
    assert "needs[0].end" not in {p.path for p in warnings(check_data(data))}
