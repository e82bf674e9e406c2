"""Test data shared by the persistence and API tests: the minimal scenario, a second group, a small plan."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from engine.loader import load_scenario, scenario_from_data
from engine.model import Assignment, Plan, Scenario

DATA = Path(__file__).resolve().parents[1] / "data"
MINIMAL = DATA / "minimal.yaml"
PARIS = ZoneInfo("Europe/Paris")


def minimal() -> Scenario:
    return load_scenario(MINIMAL)


def other_group() -> Scenario:
    """The minimal scenario under another group id (a second group in the same database)."""
    data: dict[str, Any] = copy.deepcopy(minimal().model_dump(mode="json", by_alias=True))
    data["group"]["id"] = "ge-autre"
    data["group"]["name"] = "GE Autre"
    return scenario_from_data(data)


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hh, mm, tzinfo=PARIS)


def small_plan(month: str = "2026-03") -> Plan:
    """Three assignments: e1 at m1 (n1), e1 at m2 (n2), e2 at m2 (n3). Not solver output; data only."""
    mon = dt.date(2026, 3, 2)
    tue = dt.date(2026, 3, 3)
    return Plan(
        month=month,
        scenario="Minimal GE",
        assignments=[
            Assignment(
                employee="e1",
                need="n1",
                date=mon,
                start=at(mon, 8, 30),
                end=at(mon, 12, 30),
                member="m1",
                site="m1-s1",
            ),
            Assignment(
                employee="e1",
                need="n2",
                date=mon,
                start=at(mon, 13, 30),
                end=at(mon, 17, 30),
                member="m2",
                site="m2-s1",
            ),
            Assignment(
                employee="e2",
                need="n3",
                date=tue,
                start=at(tue, 8),
                end=at(tue, 16),
                member="m2",
                site="m2-s1",
            ),
        ],
    )
