"""engine.timeline: the employees' timelines that the checker, the history and the report read."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.checker import CheckContext, build_context, check_context, check_plan
from engine.history import history_after, history_of
from engine.loader import load_scenario
from engine.model import Plan, Scenario
from engine.timeline import TRAVEL_KIND, Timelines
from tests.history.drawn import drawn_plan

ROOT = Path(__file__).resolve().parents[2]


@cache
def industrie() -> Scenario:
    """Nights, travel between sites, part-timers, a full history: the shipped scenario that reads the most."""
    return load_scenario(ROOT / "scenarios" / "industrie-cluster-2026-10.yaml")


def drawn(seed: int, keep: float) -> Plan:
    scenario = industrie()
    assert scenario.month is not None
    plan = drawn_plan(scenario, scenario.month, seed, None)
    kept = [a for i, a in enumerate(plan.assignments) if (i * 7919 + seed) % 100 < keep * 100]
    return plan.model_copy(update={"assignments": kept})


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), keep=st.floats(0.05, 1.0))
def test_the_days_of_a_timeline_add_up_to_its_minutes(seed, keep):
    timelines = Timelines.build(industrie(), drawn(seed, keep))
    for tl in timelines.timelines.values():
        assert sum(tl.day_minutes(day) for day in tl.days) == tl.total_minutes()


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), keep=st.floats(0.05, 1.0))
def test_the_legal_weeks_add_up_to_the_minutes_they_span(seed, keep):
    timelines = Timelines.build(industrie(), drawn(seed, keep))
    lo = timelines.week_bounds(timelines.mondays[0])[0]
    hi = timelines.week_bounds(timelines.mondays[-1])[1]
    for tl in timelines.timelines.values():
        in_weeks = sum(
            (min(p.end, hi) - max(p.start, lo)).total_seconds() // 60
            for p in tl.pieces
            if p.end > lo and p.start < hi
        )
        weeks = sum(tl.horizon_week_minutes(timelines.week_bounds(monday)) for monday in timelines.mondays)
        assert weeks == in_weeks


def test_a_shift_carries_its_member_and_site_and_travel_neither():
    timelines = Timelines.build(industrie(), drawn(1, 1.0))
    pieces = [p for tl in timelines.timelines.values() for p in tl.pieces]
    assert any(p.is_travel for p in pieces)
    for p in pieces:
        if p.is_travel:
            assert (p.member, p.site, p.kind) == (None, None, TRAVEL_KIND)
        else:
            assert p.assignment is not None
            assert (p.member, p.site) == (p.assignment.member, p.assignment.site)
            assert (p.start, p.end) == (p.assignment.start, p.assignment.end)


def test_the_history_of_a_check_context_is_the_history_after_the_plan():
    plan = drawn(2, 1.0)
    context = build_context(industrie(), plan)
    check_context(context)  # the checker's readings first: the history reads the same timelines after them
    assert history_of(context) == history_after(industrie(), plan)


def test_a_check_context_built_once_finds_what_check_plan_finds():
    plan = drawn(3, 0.6)
    context = build_context(industrie(), plan)
    assert isinstance(context, CheckContext) and isinstance(context, Timelines)
    assert check_context(context) == check_plan(industrie(), plan)


def test_the_weeks_settled_in_a_horizon_are_those_whose_sunday_it_holds():
    timelines = Timelines.build(industrie(), Plan(month="2026-10"))
    # October 2026: Thursday 1 to Saturday 31; the week of 28 September ends on Sunday 4 October (settled
    # in October), the week of 26 October on Sunday 1 November (settled in November).
    assert timelines.mondays[0] == dt.date(2026, 9, 28) and timelines.mondays[-1] == dt.date(2026, 10, 26)
    assert timelines.settled_mondays == [dt.date(2026, 9, 28)] + [dt.date(2026, 10, d) for d in (5, 12, 19)]
