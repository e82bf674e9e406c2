"""Unknown references are errors at the exact path of the reference, with a suggestion when close."""

from __future__ import annotations

from tests.foundation.helpers import employee, minimal, need, only_error


def test_need_with_unknown_member_is_reported_at_its_member_field():
    data = minimal()
    data["needs"][0]["member"] = "m7"
    problem = only_error(data)
    assert problem.path == "needs[0].member"
    assert "unknown member 'm7'" in problem.message


def test_unknown_reference_suggests_the_closest_id():
    data = minimal()
    data["needs"][0]["site"] = "m1-s2"
    problem = only_error(data)
    assert problem.path == "needs[0].site"
    assert "did you mean 'm1-s1'" in problem.message


def test_need_at_a_site_of_another_member_is_an_error():
    data = minimal()
    data["needs"][0]["site"] = "m2-s1"
    problem = only_error(data)
    assert problem.path == "needs[0].site"
    assert "belongs to member 'm2'" in problem.message


def test_unknown_preferred_employee_is_reported():
    data = minimal()
    data["needs"][1]["preferred_employees"] = ["e1", "e8"]
    assert only_error(data).path == "needs[1].preferred_employees[1]"


def test_unknown_agreement_in_a_contract_is_reported():
    data = minimal()
    data["employees"][0]["contract"]["agreement"] = "syntec"
    problem = only_error(data)
    assert problem.path == "employees[0].contract.agreement"
    assert "the file defines none" in problem.message


def test_unknown_default_agreement_of_the_group_is_reported():
    data = minimal()
    data["group"]["default_agreement"] = "metallurgie"
    assert only_error(data).path == "group.default_agreement"


def test_unknown_pricing_profile_of_a_member_is_reported():
    data = minimal()
    data["members"][1]["pricing_profile"] = "standrad"
    problem = only_error(data)
    assert problem.path == "members[1].pricing_profile"
    assert "did you mean 'standard'" in problem.message


def test_unknown_default_pricing_profile_is_reported():
    data = minimal()
    data["group"]["default_pricing_profile"] = "premium"
    assert only_error(data).path == "group.default_pricing_profile"


def test_wish_for_an_unknown_member_is_reported():
    data = minimal()
    data["employees"][1]["wishes"] = [{"kind": "want", "member": "m3"}]
    assert only_error(data).path == "employees[1].wishes[0].member"


def test_employee_lent_by_an_unknown_member_is_reported():
    data = minimal()
    data["employees"][1]["employer"] = "groupe-x"
    assert only_error(data).path == "employees[1].employer"


def _loan(**changes):
    loan = {
        "id": "pret1",
        "lender": "m2",
        "host": "m1",
        "employee": "e9",
        "site": "m1-s1",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "days_per_week": 2,
    }
    loan.update(changes)
    return loan


def _with_loan(**changes):
    data = minimal()
    data["employees"].append(employee("e9", employer="m2", skills=["direction"]))
    data["secondments"] = [_loan(**changes)]
    return data


def test_a_valid_loan_has_no_error():
    from tests.foundation.helpers import check_data, errors

    assert errors(check_data(_with_loan())) == []


def test_loan_with_unknown_lender_host_employee_and_site_reports_each():
    from tests.foundation.helpers import error_paths

    paths = error_paths(_with_loan(lender="mx", host="my", employee="ez", site="sz"))
    assert {
        "secondments[0].lender",
        "secondments[0].host",
        "secondments[0].employee",
        "secondments[0].site",
    } <= paths


def test_loan_of_an_employee_not_employed_by_the_lender_is_reported():
    data = _with_loan(employee="e1")
    problem = only_error(data)
    assert problem.path == "secondments[0].employee"
    assert "not by the lender" in problem.message


def test_loan_to_the_lender_itself_is_reported():
    from tests.foundation.helpers import error_paths

    assert "secondments[0].host" in error_paths(_with_loan(host="m2", site="m2-s1"))


def test_loan_at_a_site_that_is_not_the_hosts_is_reported():
    problem = only_error(_with_loan(site="m2-s1"))
    assert problem.path == "secondments[0].site"


def test_pin_of_unknown_employee_and_need_reports_both():
    from tests.foundation.helpers import error_paths

    data = minimal()
    data["pins"] = [{"employee": "e5", "need": "n5", "date": "2026-03-02"}]
    assert {"pins[0].employee", "pins[0].need"} <= error_paths(data)


def test_pin_may_name_a_secondment():
    from tests.foundation.helpers import check_data, errors

    data = _with_loan()
    data["pins"] = [{"employee": "e9", "need": "pret1", "date": "2026-03-02"}]
    assert errors(check_data(data)) == []


def test_history_of_an_unknown_employee_is_reported():
    data = minimal()
    data["history"] = {"employees": [{"employee": "e3", "weekly_minutes": [2100]}]}
    assert only_error(data).path == "history.employees[0].employee"


def test_history_shift_at_an_unknown_site_is_reported():
    data = minimal()
    shift = {"start": "2026-02-27T08:00:00+01:00", "end": "2026-02-27T12:00:00+01:00", "site": "zz"}
    data["history"] = {"employees": [{"employee": "e1", "recent_shifts": [shift]}]}
    assert only_error(data).path == "history.employees[0].recent_shifts[0].site"


def test_last_month_servers_with_unknown_need_and_employee_reports_both():
    from tests.foundation.helpers import error_paths

    data = minimal()
    data["history"] = {"last_month_servers": {"n1": ["e1"], "n7": ["e1", "e4"]}}
    assert error_paths(data) == {"history.last_month_servers.n7", "history.last_month_servers.n7[1]"}


def test_travel_matrix_with_unknown_places_reports_from_and_to():
    from tests.foundation.helpers import error_paths

    data = minimal()
    data["travel"] = {"matrix": [{"from": "home:e7", "to": "depot", "km": 3, "minutes": 5}]}
    assert error_paths(data) == {"travel.matrix[0].from", "travel.matrix[0].to"}


def test_travel_matrix_accepts_sites_and_homes():
    from tests.foundation.helpers import check_data, errors

    data = minimal()
    data["travel"] = {"matrix": [{"from": "home:e1", "to": "m2-s1", "km": 3, "minutes": 5}]}
    assert errors(check_data(data)) == []


def test_reference_errors_are_found_even_when_the_schema_fails_elsewhere():
    from tests.foundation.helpers import error_paths

    data = minimal()
    data["employees"][0]["hourly_wage"] = "abc"
    data["needs"].append(need("n9", member="m8"))
    assert {"employees[0].hourly_wage", "needs[3].member"} <= error_paths(data)
