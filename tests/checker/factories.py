"""Tiny scenarios and hand-made plans for the checker's tests (built on tests/data/minimal.yaml)."""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from engine.checker import Violation, check_plan
from engine.loader import scenario_from_data
from engine.model import Assignment, EmployeeHistory, History, Plan, Scenario, WorkedInterval
from engine.timeutil import zone
from engine.yamlio import read_yaml

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "minimal.yaml"
PARIS = zone("Europe/Paris")


@cache
def _minimal_data() -> dict[str, Any]:
    loaded, problems = read_yaml(MINIMAL.read_text(encoding="utf-8"), str(MINIMAL))
    assert loaded is not None and not problems
    return loaded.data


def base_data() -> dict[str, Any]:
    """A fresh deep copy of minimal.yaml's data, to modify freely."""
    return copy.deepcopy(_minimal_data())


def need(
    id: str,
    start: str,
    end: str,
    dates: list[dt.date],
    *,
    site: str = "m1-s1",
    member: str = "m1",
    skill: str = "comptabilite",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": id,
        "member": member,
        "site": site,
        "skill": skill,
        "start": start,
        "end": end,
        "dates": dates,
        "include_holidays": True,
        **extra,
    }


def scenario(
    *,
    needs: list[dict[str, Any]] | None = None,
    rules: dict[str, Any] | None = None,
    employee: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> Scenario:
    """minimal.yaml with its needs replaced, group rules set and employee e2 (index 1) updated."""
    d = data if data is not None else base_data()
    if needs is not None:
        d["needs"] = needs
    if rules is not None:
        d["group"]["rules"] = rules
    if employee is not None:
        d["employees"][1].update(employee)
    return scenario_from_data(d)


def at(day: dt.date, clock: str) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def assign(sc: Scenario, employee: str, need_id: str, day: dt.date, **fields: Any) -> Assignment:
    """The assignment of an employee to a need's occurrence on a day, over the occurrence's whole window."""
    from engine.calendar import need_occurrences, secondment_occurrences

    if need_id in sc.need_by_id:
        occs = need_occurrences(sc, sc.need_by_id[need_id], day, day)
    else:
        occs = secondment_occurrences(sc, sc.secondment_by_id[need_id], day, day)
        fields.setdefault("secondment", need_id)
    assert occs, f"{need_id} has no occurrence on {day}"
    o = occs[0]
    values: dict[str, Any] = {
        "employee": employee,
        "need": need_id,
        "date": day,
        "start": o.start,
        "end": o.end,
        "member": o.member,
        "site": o.site,
    }
    values.update(fields)
    return Assignment(**values)


def plan(month: str, assignments: list[Assignment], history: History | None = None) -> Plan:
    return Plan(month=month, assignments=assignments, history=history)


def history(employee: str, month: str = "2026-02", **fields: Any) -> History:
    return History(month=month, employees=[EmployeeHistory(employee=employee, **fields)])


def interval(
    start: dt.datetime, end: dt.datetime, site: str | None = "m1-s1", kind: str | None = None
) -> WorkedInterval:
    return WorkedInterval(start=start, end=end, site=site, kind=kind)


def found(sc: Scenario, p: Plan, rule: str, **kwargs: Any) -> list[Violation]:
    """Violations of one rule id (a family may report several ids)."""
    return [v for v in check_plan(sc, p, **kwargs) if v.rule == rule]


def days(first: dt.date, count: int, step: int = 1) -> list[dt.date]:
    return [first + dt.timedelta(days=i * step) for i in range(count)]


def evening_then_morning(
    evening: tuple[dt.date, str, str], morning: tuple[dt.date, str, str]
) -> tuple[Scenario, Plan]:
    """e2 works an evening then a morning, each (date, start, end)."""
    (eve, eve_start, eve_end), (morn, morn_start, morn_end) = evening, morning
    sc = scenario(
        needs=[
            need("eve", eve_start, eve_end, [eve], skill="maintenance"),
            need("morn", morn_start, morn_end, [morn], skill="maintenance"),
        ]
    )
    return sc, plan("2026-03", [assign(sc, "e2", "eve", eve), assign(sc, "e2", "morn", morn)])


def week_of(
    hours_per_day: list[tuple[str, str]], first: dt.date = dt.date(2026, 3, 9)
) -> tuple[list[dict[str, Any]], list[dt.date]]:
    """One need a day from `first` (a Monday by default), each (start, end), skill "maintenance"."""
    dates = days(first, len(hours_per_day))
    return [
        need(f"d{i}", a, b, [d], skill="maintenance")
        for i, ((a, b), d) in enumerate(zip(hours_per_day, dates, strict=True))
    ], dates
