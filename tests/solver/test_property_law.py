"""Properties on random small groups with minors, night work, agreements, forfait jours and a history
across the month's start: every solver plan passes the independent checker, and every reason that says
someone could have taken an unfilled need is true (adding that shift leaves the plan legal)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.model import Plan, Scenario
from engine.solver.model.instance import Instance
from engine.solver.readback.reasons import blocking
from tests.solver.conftest import check, employee, member, need, scenario, site, solve_small

pytest.importorskip("engine.checker")

MONTH = "2026-04"  # starts on a Wednesday, ends on a Thursday; Easter Monday is 6 April
FIRST, LAST = dt.date(2026, 4, 1), dt.date(2026, 4, 30)
WINDOWS = [
    ("08:00", "12:00"),
    ("08:00", "11:00"),
    ("11:20", "13:20"),
    ("13:00", "17:30"),
    ("08:00", "17:30"),
    ("14:00", "21:30"),
    ("20:00", "06:00"),
    ("22:00", "05:00"),
]
DAYS = [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 27, 28, 29, 30]


def iso(n: int) -> str:
    return (FIRST + dt.timedelta(days=n - 1)).isoformat()


@st.composite
def lawful_groups(draw: Any) -> Scenario:
    employees, history = [], []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["full", "part", "minor", "forfait", "night", "home"]))
        extra: dict[str, Any] = {}
        if kind == "part":
            extra["hours"] = 24
        elif kind == "minor":
            extra["minor"] = True
        elif kind == "forfait":
            extra["contract"] = {"kind": "forfait_jours", "start": "2020-01-01", "annual_days": 218}
        elif kind == "night":
            extra["contract"] = {
                "kind": "cdi_full_time",
                "start": "2020-01-01",
                "weekly_hours": 35,
                "night_worker": draw(st.booleans()),
            }
        elif kind == "home":
            extra["contract"] = {
                "kind": "cdi_full_time",
                "start": "2020-01-01",
                "weekly_hours": 35,
                "home_travel_is_work": True,
            }
            extra["home"] = {"lat": 45.85, "lon": 4.83}
        employees.append(employee(f"e{i}", **extra))
        record: dict[str, Any] = {"employee": f"e{i}"}
        if draw(st.booleans()):  # worked the last days of March
            worked = draw(st.lists(st.sampled_from([28, 30, 31]), unique=True, min_size=1))
            start, end = draw(st.sampled_from([("08:00", "16:00"), ("20:00", "23:59")]))
            record["recent_shifts"] = [
                {"start": f"2026-03-{d}T{start}:00+02:00", "end": f"2026-03-{d}T{end}:00+02:00", "site": "a"}
                for d in sorted(worked)
            ]
        if kind == "forfait":
            record["ytd_days_worked"] = draw(st.integers(200, 217))
        if draw(st.booleans()):
            record["night_minutes_by_month"] = [draw(st.sampled_from([0, 900, 1445]))] * 11
        history.append(record)
    needs = []
    for j in range(draw(st.integers(1, 4))):
        start, end = draw(st.sampled_from(WINDOWS))
        days = sorted(set(draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=6))))
        needs.append(
            need(
                f"n{j}",
                start,
                end,
                [iso(d) for d in days],
                site_id=draw(st.sampled_from(["a", "b"])),
                headcount=draw(st.integers(1, 2)),
                include_holidays=True,
                # a cheap need is left open by choice: its reason names who could take it
                **({"unfilled_cost": 1} if draw(st.booleans()) else {}),
            )
        )
    members = [
        member(
            "m",
            [
                site("a", 45.75, 4.83, night_derogation=True, sunday_derogation=draw(st.booleans())),
                site("b", 45.80, 4.90, night_derogation=draw(st.booleans())),
            ],
        )
    ]
    rules = draw(st.sampled_from([{}, {"daily_max_minutes": 720, "rolling_avg_max_minutes": 2760}]))
    return scenario(
        employees,
        needs,
        members=members,
        month=MONTH,
        rules=rules,
        history={"month": "2026-03", "employees": history},
        objective={"idle_hour_factor": draw(st.sampled_from([0, 1]))},
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lawful_groups())
def test_every_plan_passes_the_checker(sc: Scenario) -> None:
    plan = solve_small(sc, MONTH, options={"deterministic_time": 5.0})
    assert check(sc, plan) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lawful_groups())
def test_whoever_a_reason_says_could_take_a_need_can_take_it_legally(sc: Scenario) -> None:
    plan = solve_small(sc, MONTH, options={"deterministic_time": 2.0})
    inst = Instance(sc, FIRST, LAST)
    mine: dict[int, list[Any]] = {}
    for a in plan.assignments:
        staff = inst.staff_by_id[a.employee]
        mine.setdefault(staff.index, []).append(inst.occ_by_key[f"{a.need}@{a.date.isoformat()}"])
    for unfilled in plan.unfilled:
        occ = inst.occ_by_key[f"{unfilled.need}@{unfilled.date.isoformat()}"]
        for staff in inst.staff:
            shifts = mine.get(staff.index, [])
            if occ in shifts or inst.ineligibility(staff, occ) is not None:
                continue
            if blocking(inst, staff, occ, shifts) is None:
                added = occ.source.assign(staff.id)
                bigger = Plan(month=MONTH, assignments=[*plan.assignments, added], history=plan.history)
                assert check(sc, bigger) == [], f"{staff.id} on {occ.source.key}"
