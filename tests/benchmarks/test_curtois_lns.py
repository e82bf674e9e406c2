"""The large-neighbourhood search (engine/benchmarks/lns.py) on Curtois rosters, scored independently."""

from __future__ import annotations

import random

from engine.benchmarks.curtois import read_instance
from engine.benchmarks.curtois_domain import DEFAULT_START, horizon_end, roster_from_plan, to_scenario
from engine.benchmarks.curtois_eval import evaluate
from engine.benchmarks.lns import LnsSettings, neighbourhood, solve_lns
from engine.solver import SolveOptions
from engine.solver.model.build import build
from tests.benchmarks.conftest import DATA, curtois_file


def test_full_phase_that_proves_optimality_returns_the_optimum():
    instance = read_instance(curtois_file(1))
    options = SolveOptions(time_limit=120.0, workers=1, seed=1, units_per_euro=1)
    built = build(to_scenario(instance), DEFAULT_START, horizon_end(instance), options)
    outcome, stats = solve_lns(built, options, LnsSettings(full_share=1.0, full_subsolvers=("max_lp",)))
    evaluation = evaluate(instance, roster_from_plan(instance, outcome.plan))
    assert stats.full_status == "OPTIMAL" and stats.iterations == 0
    assert outcome.status == "OPTIMAL"
    assert evaluation.violations == [] and evaluation.objective == 607
    assert outcome.plan.solver is not None and outcome.plan.solver.objective == 607


def test_day_neighbourhood_frees_every_literal_of_a_window_of_days():
    literals = [(s, 10 * s + d, 100 * s + d) for s in range(4) for d in range(10)]
    days = [d for _, occ, _ in literals for d in [occ % 10]]
    free = neighbourhood("days", 8, literals, days, 10, 4, random.Random(1))
    freed_days = {days[k] for k in free}
    assert len(freed_days) == 2 and max(freed_days) - min(freed_days) == 1
    assert len(free) == 8


def test_staff_neighbourhood_frees_whole_rosters_of_some_employees():
    literals = [(s, 10 * s + d, 100 * s + d) for s in range(4) for d in range(10)]
    days = [occ % 10 for _, occ, _ in literals]
    free = neighbourhood("staff", 20, literals, days, 10, 4, random.Random(1))
    staff = {literals[k][0] for k in free}
    assert len(staff) == 2 and len(free) == 20


def test_lns_plan_of_a_relabelled_instance_passes_the_evaluator():
    instance = read_instance(DATA / "tiny_crlf_relabelled.txt")
    options = SolveOptions(time_limit=60.0, workers=1, seed=1, units_per_euro=1)
    built = build(to_scenario(instance), DEFAULT_START, horizon_end(instance), options)
    outcome, _ = solve_lns(built, options)
    evaluation = evaluate(instance, roster_from_plan(instance, outcome.plan))
    assert evaluation.violations == [] and evaluation.objective == 4
