"""Duplicate ids are errors pointing at the second occurrence and naming the first."""

from __future__ import annotations

import copy

from tests.foundation.helpers import employee, minimal, need, only_error


def test_duplicate_member_id_is_reported_at_the_second():
    data = minimal()
    twin = copy.deepcopy(data["members"][1])
    twin["sites"] = []
    twin["id"] = "m1"
    data["members"].append(twin)
    problem = only_error(data)
    assert problem.path == "members[2].id"
    assert "first at members[0].id" in problem.message


def test_duplicate_site_id_across_members_is_reported():
    data = minimal()
    data["members"][1]["sites"][0]["id"] = "m1-s1"
    data["needs"][1]["site"] = "m1-s1"
    data["needs"][1]["member"] = "m1"
    data["needs"][2]["site"] = "m1-s1"
    data["needs"][2]["member"] = "m1"
    assert only_error(data).path == "members[1].sites[0].id"


def test_duplicate_employee_id_is_reported():
    data = minimal()
    data["employees"].append(employee("e2"))
    assert only_error(data).path == "employees[2].id"


def test_duplicate_need_id_is_reported():
    data = minimal()
    data["needs"].append(need("n2"))
    assert only_error(data).path == "needs[3].id"


def test_duplicate_agreement_and_pricing_profile_ids_are_reported():
    from tests.foundation.helpers import error_paths

    data = minimal()
    data["agreements"] = [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]
    data["group"]["pricing_profiles"].append({"id": "standard"})
    assert error_paths(data) == {"agreements[1].id", "group.pricing_profiles[1].id"}


def test_a_secondment_may_not_reuse_a_need_id():
    from tests.foundation.helpers import error_paths

    data = minimal()
    data["employees"].append(employee("e9", employer="m2"))
    data["secondments"] = [
        {
            "id": "n1",
            "lender": "m2",
            "host": "m1",
            "employee": "e9",
            "site": "m1-s1",
            "start": "2026-01-01",
            "end": "2026-06-30",
            "weekdays": ["mon"],
        }
    ]
    assert error_paths(data) == {"secondments[0].id"}
