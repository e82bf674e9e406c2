"""The linear relaxation's bound (engine.benchmarks.proto_bound) is a valid lower bound: never above the optimum."""

from engine.benchmarks.proto_bound import lp_bound
from engine.loader import load_scenario
from engine.solver.model.build import build
from engine.solver.options import SolveOptions
from engine.timeutil import month_bounds
from tests.solver.conftest import solve_small


def test_the_relaxation_bound_is_below_the_proven_optimum_and_close_to_it() -> None:
    sc = load_scenario("tests/data/minimal.yaml")
    optimum = solve_small(sc).solver
    assert optimum is not None and optimum.status == "OPTIMAL"
    built = build(sc, *month_bounds("2026-03"), SolveOptions(greedy_hint=False))
    value = lp_bound(built.ctx.model, None)
    assert value is not None
    euros = (value + built.fixed_units) / built.ctx.inst.units
    assert euros <= float(optimum.objective) + 0.01
    assert euros >= 0.9 * float(optimum.objective)
