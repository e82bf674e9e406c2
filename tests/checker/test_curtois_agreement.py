"""The checker's sequence rules agree with the Curtois & Qu benchmark's own evaluator on random rosters.

Two independent readings of the same rules (runs, days off, weekends, successions, per-kind maxima, total
minutes, days off as absences) must count the same violations, over a horizon of several weeks.
"""

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.checker import check_plan
from engine.model import Plan

INSTANCE = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "curtois" / "Instance1.txt"
SAME_RULE = {
    "availability": "days_off",
    "max_consecutive_days": "max_consecutive_shifts",
    "min_consecutive_days": "min_consecutive_shifts",
    "max_shifts_per_kind": "max_shifts",
}

pytestmark = pytest.mark.skipif(not INSTANCE.exists(), reason="Curtois benchmark files not available")


@pytest.fixture(scope="module")
def benchmark():
    from engine.benchmarks.curtois import read_instance
    from engine.benchmarks.curtois_domain import (
        engine_ids,
        horizon_end,
        occurrences_by_shift_and_day,
        to_scenario,
    )

    instance = read_instance(INSTANCE)
    scenario = to_scenario(instance)
    end = horizon_end(instance)
    occurrences = occurrences_by_shift_and_day(instance, scenario)
    return instance, scenario, end, occurrences, engine_ids([s.id for s in instance.staff], "e")


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), density=st.sampled_from([0.3, 0.6, 0.9]))
def test_random_rosters_get_the_same_violations_as_the_benchmark_evaluator(benchmark, seed, density):
    from engine.benchmarks.curtois_domain import DEFAULT_START
    from engine.benchmarks.curtois_eval import evaluate

    instance, scenario, end, occurrences, ids = benchmark
    rng = random.Random(seed)
    roster, assignments = [], []
    for staff in instance.staff:
        for day in range(instance.horizon):
            if rng.random() >= density:
                continue
            kind = rng.choice([s.id for s in instance.shifts])
            o = occurrences.get((kind, DEFAULT_START + dt.timedelta(days=day)))
            if o is None:
                continue
            roster.append((staff.id, day, kind))
            assignments.append(o.assign(ids[staff.id]))
    plan = Plan(month=DEFAULT_START.strftime("%Y-%m"), assignments=assignments)
    mine = Counter(
        SAME_RULE.get(v.rule, v.rule) for v in check_plan(scenario, plan, start=DEFAULT_START, end=end)
    )
    theirs = Counter(v.rule for v in evaluate(instance, roster).violations)
    assert mine == theirs
