"""Bad input through the API, on both backends: every write refuses implausible dates and months (the
scenario loader's rule) and text a database cannot store, naming the field; nothing answers 500; and a
row stored before these rules existed does not break the reads of its group."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from persistence.tables import AbsenceRow, EmployeeRow

ABSENCE = {"employee": "e1", "kind": "training", "start": "2026-03-20", "end": "2026-03-20"}


def _problem(response, status: int = 422) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def _paths(problem: dict) -> set[str]:
    return {e["path"] for e in problem["errors"]}


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2101-01-01", "1999-12-31"])
def test_an_absence_in_an_implausible_year_is_refused_naming_the_field(world, day):
    problem = _problem(world.call("manager", "POST", "/absences", json={**ABSENCE, "start": day, "end": day}))
    assert _paths(problem) == {"body.start", "body.end"}
    assert "2000-2100" in problem["errors"][0]["message"]


def test_an_absence_moved_to_year_9999_by_patch_is_refused(world):
    absence = world.ids["absence"]
    problem = _problem(world.call("manager", "PATCH", f"/absences/{absence}", json={"end": "9999-03-20"}))
    assert _paths(problem) == {"body.end"}


def test_a_need_date_deep_in_a_list_is_located(world):
    need = {
        "id": "n-typo",
        "member": "m1",
        "site": "m1-s1",
        "skill": "x",
        "start": "09:00",
        "end": "12:00",
        "dates": ["2026-03-10", "0026-03-11"],
    }
    assert _paths(_problem(world.call("manager", "POST", "/needs", json=need))) == {"body.dates[1]"}


def test_a_member_founded_in_1979_is_accepted_but_not_in_1879(world):
    member = {
        "name": "Ferme Ancienne",
        "siren": "444444442",
        "address": {"street": "1 chemin", "postcode": "69003", "city": "Lyon"},
        "joined_on": "2020-01-01",
        "headcount": 3,
    }
    ok = world.call("manager", "POST", "/members", json={**member, "id": "f1979", "created_on": "1979-05-01"})
    assert ok.status_code == 201, ok.text
    old = {**member, "id": "f1879", "siren": "555555556", "created_on": "1879-05-01"}
    assert _paths(_problem(world.call("manager", "POST", "/members", json=old))) == {"body.created_on"}


@pytest.mark.parametrize("month", ["2026-13", "0000-00", "2026-00"])
def test_a_plan_for_a_month_that_does_not_exist_is_refused(world, month):
    problem = _problem(world.call("manager", "POST", "/plans", json={"month": month}))
    assert _paths(problem) == {"body.month"}


def test_a_plan_for_year_0_is_refused(world):
    assert _paths(_problem(world.call("manager", "POST", "/plans", json={"month": "0000-01"}))) == {
        "body.month"
    }


def test_a_plan_of_several_months_is_refused_month_by_month(world):
    body = {"month": "2026-03", "first_day": "2026-03-01", "last_day": "2026-04-30"}
    problem = _problem(world.call("manager", "POST", "/plans", json=body))
    assert "spans several months" in problem["errors"][0]["message"]


def test_a_plan_with_an_assignment_in_year_9999_names_it(world):
    assignment = {
        "employee": "e1",
        "need": "n1",
        "member": "m1",
        "site": "m1-s1",
        "date": "9999-03-02",
        "start": "2026-03-02T08:30:00+01:00",
        "end": "2026-03-02T12:30:00+01:00",
    }
    body = {"month": "2026-03", "assignments": [assignment]}
    problem = _problem(world.call("manager", "POST", "/plans", json=body))
    assert _paths(problem) == {"body.assignments[0].date"}


@pytest.mark.parametrize("month", ["2026-13", "0000-01"])
def test_billing_a_month_that_cannot_be_is_refused(world, month):
    problem = _problem(world.call("manager", "POST", "/billing/runs", json={"month": month}))
    assert _paths(problem) == {"body.month"}


def test_a_row_id_beyond_64_bits_is_a_422_not_a_500(world):
    problem = _problem(world.call("manager", "GET", "/absences/9223372036854775808"))
    assert _paths(problem) == {"path.absence_id"}


def test_a_row_id_beyond_the_id_columns_is_a_422(world):
    problem = _problem(world.call("manager", "GET", "/absences/2147483648"))
    assert _paths(problem) == {"path.absence_id"}


def test_the_largest_row_id_is_simply_not_found(world):
    _problem(world.call("manager", "GET", "/absences/2147483647"), 404)


def test_the_fec_of_year_9999_is_refused(world):
    problem = _problem(world.call("manager", "GET", "/billing/fec", params={"date": "9999-12-31"}))
    assert _paths(problem) == {"query.date"}


@pytest.mark.parametrize("issue_date", ["9999-12-31", "0001-01-01"])
def test_an_implausible_issue_date_is_refused(world, issue_date):
    problem = _problem(world.call("manager", "POST", "/invoices/1/issue", params={"issue_date": issue_date}))
    assert _paths(problem) == {"query.issue_date"}


def test_a_lone_surrogate_in_a_json_string_is_refused(world):
    body = b'{"id": "m9", "name": "Soci\\ud800t\\u00e9", "siren": "666666664", "address": {"street": "1", '
    body += b'"postcode": "69001", "city": "Lyon"}, "joined_on": "2022-01-01", "created_on": "2000-01-01", '
    body += b'"headcount": 5}'
    response = world.client.post(
        "/members", content=body, headers={**world.headers("manager"), "content-type": "application/json"}
    )
    assert _paths(_problem(response)) == {"body.name"}


@pytest.mark.parametrize("body", [b'{"\\ud800": 1}', b'{"month": "2026-03", "cost_terms": {"\\udfff": "1"}}'])
def test_a_lone_surrogate_in_a_json_key_is_refused(world, body):
    response = world.client.post(
        "/plans", content=body, headers={**world.headers("manager"), "content-type": "application/json"}
    )
    assert _problem(response)["errors"]


def test_a_nul_character_in_a_json_string_is_refused(world):
    problem = _problem(
        world.call("manager", "PATCH", "/members/m1", json={"name": "Boulangerie\u0000Martin"})
    )
    assert _paths(problem) == {"body.name"} and "NUL" in problem["errors"][0]["message"]


def test_a_nul_character_in_a_key_of_free_form_data_is_refused(world):
    body = {"month": "2026-03", "cost_terms": {"bad\u0000key": "1.00"}}
    problem = _problem(world.call("manager", "POST", "/plans", json=body))
    assert _paths(problem) == {"body.cost_terms.bad\u0000key"}


@pytest.mark.parametrize("path", ["/members/m1%00", "/employees/%00", "/needs/n1%00x", "/loans/%00"])
def test_a_nul_character_in_a_path_id_is_refused(world, path):
    _problem(world.call("manager", "GET", path))


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/audit", {"entity_key": "m1\x00"}),
        ("/absences", {"employee": "e1\x00"}),
        ("/needs", {"member": "\x00"}),
    ],
)
def test_a_nul_character_in_a_query_parameter_is_refused(world, path, params):
    _problem(world.call("manager", "GET", path, params=params))


@pytest.mark.parametrize("time", ["09:05:29Z", "09:05+02:00"])
def test_a_time_with_an_offset_where_a_local_time_is_expected_is_refused(world, time):
    need = {
        "id": "n-tz",
        "member": "m1",
        "site": "m1-s1",
        "skill": "x",
        "start": time,
        "end": "12:00",
        "dates": ["2026-03-10"],
    }
    problem = _problem(world.call("manager", "POST", "/needs", json=need))
    assert _paths(problem) == {"body.start"} and "offset" in problem["errors"][0]["message"]


# --- rows stored before the rules existed ------------------------------------------------------------


@pytest.fixture
def legacy_absences(world):
    """Absences in years 9999 and 0001, written straight into the database as an older version let them."""
    with Session(world.engine) as session:
        employee = session.exec(select(EmployeeRow).where(EmployeeRow.key == "e1")).first()
        assert employee is not None and employee.id is not None
        for day in (dt.date(9999, 12, 30), dt.date(1, 1, 1)):
            session.add(
                AbsenceRow(
                    group_id=employee.group_id,
                    employee_id=employee.id,
                    kind="training",
                    start=day,
                    end=day + dt.timedelta(days=1),
                )
            )
        session.commit()


def test_a_stored_implausible_absence_does_not_break_the_scenario_export(world, legacy_absences):
    response = world.call("manager", "GET", "/group/scenario")
    assert response.status_code == 200, response.text
    absences = response.json()["employees"][0]["absences"]
    assert {a["start"] for a in absences} >= {"9999-12-30", "0001-01-01"}


def test_a_stored_implausible_absence_does_not_break_billing(world, legacy_absences):
    plan = world.ids["draft_plan"]
    assert world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    response = world.call("manager", "POST", "/billing/runs", json={"month": "2026-03"})
    assert response.status_code == 201, response.text


def test_a_stored_implausible_absence_does_not_break_the_feeds(world, legacy_absences):
    plan = world.ids["draft_plan"]
    assert world.call("manager", "POST", f"/plans/{plan}/publish").status_code == 200
    token = world.call("manager", "POST", "/feeds/tokens", json={"scope": "group"}).json()["token"]
    response = world.client.get(f"/feeds/{token}.ics")
    assert response.status_code == 200, response.text
    assert "BEGIN:VEVENT" in response.text


def test_a_stored_implausible_absence_can_be_read_and_deleted(world, legacy_absences):
    rows = world.call("manager", "GET", "/absences", params={"employee": "e1"}).json()["data"]
    legacy = [r for r in rows if r["start"] in ("9999-12-30", "0001-01-01")]
    assert len(legacy) == 2
    for row in legacy:
        assert world.call("manager", "DELETE", f"/absences/{row['id']}").status_code == 204


def test_a_patch_leaving_a_clock_time_out_keeps_it(world):
    response = world.call("manager", "PATCH", "/needs/zz-need", json={"description": "x"})
    assert response.status_code == 200, response.text
    assert response.json()["start"] == "09:00:00"


def test_a_patch_may_not_null_a_required_clock_time(world):
    problem = _problem(world.call("manager", "PATCH", "/needs/zz-need", json={"start": None}))
    assert _paths(problem) == {"body.start"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("paid", "yes"), ("paid", 1), ("start", 1767225600), ("kind", 3)],
)
def test_a_value_of_another_json_type_than_declared_is_refused(world, field, value):
    problem = _problem(world.call("manager", "POST", "/absences", json={**ABSENCE, field: value}))
    assert _paths(problem) == {f"body.{field}"}


def test_a_plan_created_at_given_as_a_number_is_refused(world):
    body = {"month": "2026-03", "created_at": 1767225600}
    assert _paths(_problem(world.call("manager", "POST", "/plans", json=body))) == {"body.created_at"}


def test_weekdays_may_be_written_as_names_or_numbers(world):
    need = {
        "id": "n-days",
        "member": "m1",
        "site": "m1-s1",
        "skill": "x",
        "start": "8h30",
        "end": "12:00",
        "weekdays": ["lundi", "Wednesday", 4],
        "from_date": "2026-03-01",
        "until_date": "2026-03-31",
    }
    response = world.call("manager", "POST", "/needs", json=need)
    assert response.status_code == 201, response.text
    assert response.json()["weekdays"] == [0, 2, 4]
