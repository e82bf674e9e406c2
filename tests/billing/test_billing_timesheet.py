"""Timesheet CSV: actual hours validated with every problem at once, with its line and column."""

from __future__ import annotations

import pytest

from engine.billing.timesheet import parse_timesheet
from engine.errors import InputError
from tests.billing.factory import employee, member, scenario

CONTRACT = {"kind": "cdd", "start": "2026-03-02", "end": "2026-03-08", "weekly_hours": 24}


def _sc():  # type: ignore[no-untyped-def]
    return scenario([member("alpha"), member("beta")], [employee("emp1", CONTRACT, "13.00")])


def test_valid_rows_become_spans_with_the_members_site():
    spans = parse_timesheet("employee;member;date;start;end\nemp1;alpha;2026-03-02;08:00;12:30\n", _sc())
    assert [(s.member, s.site, s.minutes) for s in spans] == [("alpha", "alpha-s", 270)]


def test_a_night_row_crosses_midnight():
    spans = parse_timesheet("employee,member,date,start,end\nemp1,alpha,02/03/2026,22:00,06:00\n", _sc())
    assert spans[0].minutes == 480


def test_every_problem_is_reported_with_its_line_and_column():
    text = (
        "employee;member;date;start;end\n"
        "emp2;alpha;2026-03-02;08:00;12:00\n"
        "emp1;alpah;2026-03-32;8h;12:00\n"
        "emp1;beta;2026-03-03;08:00;12:00\n"
        "emp1;beta;2026-03-03;11:00;13:00\n"
    )
    with pytest.raises(InputError) as caught:
        parse_timesheet(text, _sc(), "hours.csv")
    found = {(p.line, p.path) for p in caught.value.problems}
    assert found == {
        (2, "column 'employee'"),
        (3, "column 'member'"),
        (3, "column 'date'"),
        (3, "column 'start'"),
        (5, "column 'start'"),
    }
    report = caught.value.report()
    assert "hours.csv:3: column 'member': unknown member 'alpah' (did you mean 'alpha'?)" in report


def test_a_missing_column_is_named():
    with pytest.raises(InputError, match="1 problem"):
        parse_timesheet("employee;member;date;start\n", _sc())
