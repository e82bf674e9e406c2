"""Column generation over whole employee months (engine.benchmarks.columns): the best bound of the months'
family, never above a plan's cost, and a pool of months that makes legal plans."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from engine.benchmarks import columns
from engine.solver.bound.programme import Builder
from engine.solver.bound.relaxation import ARC_BUDGET, solve_rounds
from engine.solver.model.instance import Instance
from engine.timeutil import month_bounds
from tests.solver.conftest import day, employee, need, scenario, solve_small
from tests.solver.test_relaxation import CENT, TWO_SITES, WITH_IDLE

MONTH = "2026-03"


def _two_sites() -> object:
    needs = [
        need("x", "08:00", "12:00", [day(d) for d in range(2, 14)]),
        need("y", "13:00", "17:00", [day(d) for d in range(2, 14)], site_id="b"),
        need("z", "09:00", "16:00", [day(d) for d in range(2, 14)]),
    ]
    staff = [employee("e"), employee("f", hours=24), employee("g", hours=28)]
    return scenario(staff, needs, members=TWO_SITES, objective=WITH_IDLE)


def _generated(sc: object) -> tuple[Builder, columns.Generated]:
    inst = Instance(sc, *month_bounds(MONTH))  # type: ignore[arg-type]
    builder = Builder(inst, set(), set(), ARC_BUDGET)
    relaxed = solve_rounds(builder.build(), None, "GLOP", time.perf_counter())
    assert relaxed.duals is not None
    generated = columns.generate(builder, relaxed.duals, None)
    assert generated is not None
    return builder, generated


@pytest.fixture(scope="module")
def two_sites() -> tuple[object, Builder, columns.Generated]:
    sc = _two_sites()
    return (sc, *_generated(sc))


def _optimum(sc: object) -> float:
    plan = solve_small(sc)  # type: ignore[arg-type]
    assert plan.solver is not None and plan.solver.status == "OPTIMAL"
    return float(plan.solver.objective)


def test_column_generation_never_ends_below_the_months_at_the_relaxations_duals(two_sites: tuple) -> None:
    _, _, generated = two_sites
    assert generated.bound >= generated.first_bound


def test_column_generation_stops_when_the_master_meets_the_bound(two_sites: tuple) -> None:
    _, _, generated = two_sites
    assert generated.stopped == "converged" and generated.master is not None
    assert generated.master - generated.bound <= columns.TOLERANCE * generated.master + CENT


def test_the_best_bound_of_whole_months_stays_below_the_optimum(two_sites: tuple) -> None:
    sc, _, generated = two_sites
    assert generated.bound <= _optimum(sc) + CENT


def test_the_integer_master_picks_one_month_per_employee_at_no_less_than_the_bound(two_sites: tuple) -> None:
    _, builder, generated = two_sites
    plan = columns.integer_plan(builder, generated, 10.0)
    assert plan is not None and plan.cost >= generated.bound - CENT
    assert set(plan.worked) == set(generated.covered)
    pool = {(c.staff, c.occurrences) for c in generated.columns}
    assert all((s, occs) in pool for s, occs in plan.worked.items())


def test_a_master_solved_from_scratch_has_the_warm_masters_value_and_duals(two_sites: tuple) -> None:
    _, builder, generated = two_sites
    lagrangian = columns.Lagrangian(builder, generated.covered)
    master = columns._Master(
        builder, lagrangian, generated.covered, columns.pywraplp.Solver.CreateSolver("GLOP")
    )
    for column in generated.columns:
        master.add(column)
    warm, cold = master.solve(None), master._solve_cold(None)
    assert warm is not None and cold is not None
    assert warm[0] == pytest.approx(cold[0], abs=CENT)
    # degenerate masters may have several dual solutions: both price the same bound
    assert lagrangian.evaluate(warm[1])[0] == pytest.approx(lagrangian.evaluate(cold[1])[0], abs=1.0)
    assert np.all(np.isfinite(cold[1]))


def test_ge_bench_bound_reports_the_bound_the_master_and_a_plan_searched_from_the_months(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ge.cli import main

    args = ["bench", "bound", "--sizes", "6x2", "--seconds", "60", "--plan-seconds", "5"]
    code = main([*args, "--search-seconds", "2", "--workers", "1", "--json"])
    row = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    assert float(row["lp_bound_eur"]) <= float(row["best_bound_eur"]) <= float(row["master_eur"])
    assert float(row["best_bound_eur"]) <= float(row["searched_eur"]) + 0.01
    assert row["searched_checker_errors"] == 0
