"""The legal first roster of a Curtois instance (engine/benchmarks/curtois_start.py), checked by the
independent evaluator, and handed to the neighbourhood search."""

from __future__ import annotations

from dataclasses import replace

from engine.benchmarks.curtois import Cover, CurtoisInstance, Request, Shift, Staff, read_instance
from engine.benchmarks.curtois_domain import DEFAULT_START, horizon_end, roster_from_plan, to_scenario
from engine.benchmarks.curtois_eval import evaluate
from engine.benchmarks.curtois_run import roster_pairs
from engine.benchmarks.curtois_start import StartSettings, first_roster
from engine.benchmarks.lns import LnsSettings, solve_lns
from engine.solver import SolveOptions
from engine.solver.model.build import build
from tests.benchmarks.conftest import DATA, curtois_file

SETTINGS = StartSettings(seconds=60.0, employee_seconds=30.0, seed=1)


def relabelled(instance: CurtoisInstance) -> CurtoisInstance:
    """The same instance with other employee and shift ids, employees and shifts in reverse order."""
    emp = {s.id: f"P{k}" for k, s in enumerate(reversed(instance.staff))}
    sh = {s.id: f"T{k}" for k, s in enumerate(reversed(instance.shifts))}
    return CurtoisInstance(
        name=instance.name,
        horizon=instance.horizon,
        shifts=[
            Shift(sh[s.id], s.minutes, tuple(sh[t] for t in s.cannot_follow))
            for s in reversed(instance.shifts)
        ],
        staff=[
            replace(s, id=emp[s.id], max_shifts={sh[k]: v for k, v in s.max_shifts.items()})
            for s in reversed(instance.staff)
        ],
        days_off={emp[k]: v for k, v in instance.days_off.items()},
        on_requests=[Request(emp[r.employee], r.day, sh[r.shift], r.weight) for r in instance.on_requests],
        off_requests=[Request(emp[r.employee], r.day, sh[r.shift], r.weight) for r in instance.off_requests],
        cover=[
            Cover(c.day, sh[c.shift], c.requirement, c.under_weight, c.over_weight) for c in instance.cover
        ],
    )


def tight() -> CurtoisInstance:
    """Four weeks, one shift; the employee must work 18 days, as many as the runs, days off and weekends allow."""
    person = Staff("A", {"D": 28}, 18 * 480, 18 * 480, 5, 2, 2, 2)
    other = Staff("B", {"D": 28}, 28 * 480, 0, 5, 1, 1, 4)
    cover = [Cover(d, "D", 1, 100, 1) for d in range(28)]
    return CurtoisInstance(
        "tight", 28, [Shift("D", 480, ())], [person, other], {"A": frozenset({2, 3})}, [], [], cover
    )


def test_first_roster_keeps_every_hard_rule_of_a_public_instance():
    instance = read_instance(curtois_file(4))
    roster, _ = first_roster(instance, SETTINGS)
    assert evaluate(instance, roster).violations == []


def test_first_roster_meets_a_minimum_of_minutes_the_runs_barely_allow():
    instance = tight()
    roster, _ = first_roster(instance, SETTINGS)
    evaluation = evaluate(instance, roster)
    assert evaluation.violations == []
    assert sum(1 for emp, _, _ in roster if emp == "A") == 18


def test_first_roster_of_a_relabelled_copy_scores_the_same():
    instance = read_instance(DATA / "tiny.txt")
    original, _ = first_roster(instance, SETTINGS)
    copy = relabelled(instance)
    other, _ = first_roster(copy, SETTINGS)
    assert evaluate(copy, other).violations == []
    assert evaluate(copy, other).objective == evaluate(instance, original).objective


def test_neighbourhood_search_from_the_first_roster_never_ends_worse_than_it():
    instance = read_instance(DATA / "tiny_crlf_relabelled.txt")
    roster, _ = first_roster(instance, SETTINGS)
    options = SolveOptions(time_limit=60.0, workers=1, seed=1, units_per_euro=1, greedy_hint=False)
    built = build(to_scenario(instance), DEFAULT_START, horizon_end(instance), options)
    outcome, _ = solve_lns(built, options, LnsSettings(), start=roster_pairs(instance, built, roster))
    evaluation = evaluate(instance, roster_from_plan(instance, outcome.plan))
    assert evaluation.violations == []
    assert evaluation.objective <= evaluate(instance, roster).objective
    assert evaluation.objective == 4
