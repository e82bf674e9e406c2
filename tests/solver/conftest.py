"""Tiny hand-built scenarios for the solver's tests, solved deterministically (1 worker, fixed seed)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from engine.loader import scenario_from_data
from engine.model import Plan, Scenario

ADDRESS = {"street": "1 rue A", "postcode": "69001", "city": "Lyon"}


def site(site_id: str, lat: float = 45.75, lon: float = 4.83, **extra: Any) -> dict[str, Any]:
    return {"id": site_id, "name": site_id, "address": ADDRESS, "location": {"lat": lat, "lon": lon}, **extra}


def member(member_id: str, sites: list[dict[str, Any]], siren: str = "111111118") -> dict[str, Any]:
    return {
        "id": member_id,
        "name": member_id,
        "siren": siren,
        "address": ADDRESS,
        "joined_on": "2020-01-01",
        "created_on": "2010-01-01",
        "headcount": 10,
        "sites": sites,
    }


def employee(emp_id: str, skills: list[str] | None = None, hours: int = 35, **extra: Any) -> dict[str, Any]:
    contract = extra.pop("contract", None) or {
        "kind": "cdi_full_time" if hours >= 35 else "cdi_part_time",
        "start": "2020-01-01",
        "weekly_hours": hours,
        "part_time_derogation": True,
    }
    return {
        "id": emp_id,
        "name": emp_id.capitalize(),
        "contract": contract,
        "hourly_wage": 15,
        "skills": skills or ["s"],
        "home": {"lat": 45.75, "lon": 4.83},
        **extra,
    }


def need(
    need_id: str,
    start: str,
    end: str,
    dates: list[str],
    site_id: str = "a",
    member_id: str = "m",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": need_id,
        "member": member_id,
        "site": site_id,
        "skill": extra.pop("skill", "s"),
        "start": start,
        "end": end,
        "dates": dates,
        **extra,
    }


FAR = [
    member(
        "m", [site("a", 45.75, 4.83, sunday_derogation=True), site("b", 45.95, 4.83, sunday_derogation=True)]
    )
]
"""One member with two sites about 29 km apart by road (35 minutes at 50 km/h)."""


def scenario(
    employees: list[dict[str, Any]],
    needs: list[dict[str, Any]],
    *,
    members: list[dict[str, Any]] | None = None,
    rules: dict[str, Any] | None = None,
    objective: dict[str, Any] | None = None,
    **extra: Any,
) -> Scenario:
    data: dict[str, Any] = {
        "name": "test",
        "month": "2026-03",
        "group": {"id": "g", "name": "G", "siren": "123456782", "address": ADDRESS},
        "members": members or [member("m", [site("a", sunday_derogation=True, night_derogation=True)])],
        "employees": copy.deepcopy(employees),
        "needs": copy.deepcopy(needs),
        # costs that do not matter for rule tests are switched off: idle time would push to fill everything
        "objective": {
            "idle_hour_factor": 0,
            "continuity_change": 0,
            "weekend_fairness": 0,
            "travel_fairness_per_km": 0,
            **(objective or {}),
        },
        **extra,
    }
    if rules:
        data["group"]["rules"] = rules
    return scenario_from_data(data)


def solve_small(sc: Scenario, month: str = "2026-03", **kwargs: Any) -> Plan:
    from engine.solver import SolveOptions, solve

    options = SolveOptions(time_limit=None, deterministic_time=20.0, workers=1, seed=1, greedy_hint=False)
    for key, value in kwargs.pop("options", {}).items():
        setattr(options, key, value)
    return solve(sc, month, options=options, **kwargs)


def check(sc: Scenario, plan: Plan, **kwargs: Any) -> list[Any]:
    """Errors the independent checker finds (skipped while the checker is not there)."""
    checker = pytest.importorskip("engine.checker")
    return [v for v in checker.check_plan(sc, plan, **kwargs) if v.level is checker.Level.ERROR]


def day(n: int) -> str:
    return (dt.date(2026, 3, 1) + dt.timedelta(days=n - 1)).isoformat()


def worked(plan: Plan, emp: str | None = None) -> list[tuple[str, str]]:
    return sorted((a.need, a.date.isoformat()) for a in plan.assignments if emp is None or a.employee == emp)
