"""Plans made without the solver: every occurrence of a month staffed by qualified employees drawn at random."""

from __future__ import annotations

import random

from engine.calendar import month_occurrences
from engine.model import Assignment, History, Plan, Scenario


def next_month(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def drawn_plan(scenario: Scenario, month: str, seed: int, history: History | None) -> Plan:
    """Every occurrence of the month staffed by qualified employees drawn at random (a loan by its employee)."""
    rng = random.Random(seed)
    out = []
    for o in month_occurrences(scenario, month):
        if o.reserved_for is not None:
            staff = [o.reserved_for] if not o.optional or rng.random() < 0.5 else []
        else:
            able = [e.id for e in scenario.employees if o.skill in e.skills]
            staff = rng.sample(able, min(o.headcount, len(able)))
        for employee in staff:
            out.append(
                Assignment(
                    employee=employee,
                    need=o.secondment or o.need,
                    date=o.date,
                    start=o.start,
                    end=o.end,
                    member=o.member,
                    site=o.site,
                    secondment=o.secondment,
                )
            )
    return Plan(month=month, assignments=out, history=history)
