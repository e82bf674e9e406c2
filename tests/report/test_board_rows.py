"""`build_board(..., employees=...)`: the rows of a few employees are those of the whole board, and the
filters still choose among every employee (api/pages/board.py keeps the other rows)."""

from __future__ import annotations

from engine.report.board import build_board
from engine.timeline import Timelines
from tests.persistence.factories import minimal, small_plan


def test_the_rows_of_some_employees_are_those_of_the_whole_board() -> None:
    scenario, plan = minimal(), small_plan()
    whole = {r["id"]: r for r in build_board(scenario, plan, [])["employee_rows"]}
    some = build_board(scenario, plan, [], employees=["e2"], member_cells=False)
    assert [r["id"] for r in some["employee_rows"]] == ["e2"]
    assert some["employee_rows"][0] == whole["e2"]


def test_the_filters_name_the_rows_they_keep_among_every_employee() -> None:
    scenario, plan = minimal(), small_plan()
    whole = build_board(scenario, plan, [], member="m1")
    some = build_board(scenario, plan, [], member="m1", employees=[])
    assert some["employee_rows"] == []
    assert some["employee_ids"] == whole["employee_ids"] == [r["id"] for r in whole["employee_rows"]]


def test_timelines_of_some_employees_hold_only_theirs() -> None:
    scenario, plan = minimal(), small_plan()
    some = Timelines.build(scenario, plan, employees=["e2"])
    assert list(some.timelines) == ["e2"]
    assert {a.employee for a in some.assignments} == {"e2"}
    assert some.timelines["e2"].pieces == Timelines.build(scenario, plan).timelines["e2"].pieces
