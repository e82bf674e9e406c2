"""`ge bench bound --sizes 50x20 --seconds 900 --plan-seconds 120`: how far the bounds we know can go.

For each generated group's month: the linear relaxation's bound, the whole-months Lagrangian at its duals,
and the best bound of that family, reached by column generation (engine.benchmarks.columns), with the
master's value above it. With `--plan-seconds`, the month is first solved as `ge solve` would in
`--search-seconds`; its plan's months join the pool, and the months found give a plan (SCIP on the
integer master, hinted with that plan), priced in the full model as it stands (is it legal, what does it
cost with every term) and then searched from for `--search-seconds` more, so that plans and bound can be
set side by side. Figures in euros,
fixed terms included (the relaxation's `TERMS`; the plans' costs hold every term).
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bound",
        help="the strongest bound of whole employee months (column generation)",
        description="For generated groups: the LP bound, whole employee months at its duals, and the best "
        "bound of that family by column generation (with the master's value above it); with --plan-seconds "
        "also the plan `ge solve` makes, the integer master's plan over the months found, and the search "
        "from it. Minutes per size: a benchmark, not a step of `ge solve`.",
    )
    p.add_argument(
        "--sizes",
        nargs="+",
        type=arguments.size,
        default=["50x20"],
        metavar="ExM",
        help="employees x members (50x20)",
    )
    p.add_argument(
        "--month", type=arguments.month, default="2026-03", help="month of the generated needs (2026-03)"
    )
    p.add_argument("--seed", type=arguments.natural, default=1, help="generator and solver seed (1)")
    p.add_argument(
        "--seconds", type=arguments.seconds, default=900.0, help="column generation's limit (default 900)"
    )
    p.add_argument(
        "--plan-seconds",
        type=arguments.seconds_or_zero,
        default=0.0,
        help="SCIP on the integer master (0: none)",
    )
    p.add_argument(
        "--search-seconds",
        type=arguments.seconds_or_zero,
        default=30.0,
        help="CP-SAT from that plan (default 30)",
    )
    p.add_argument("--workers", type=arguments.count, default=2, help="CP-SAT workers of the solves (2)")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p.set_defaults(handler=run)


def bench_one(employees: int, members: int, args: argparse.Namespace) -> dict[str, Any]:
    from engine.benchmarks.columns import generate, integer_plan
    from engine.generator import generate_scenario
    from engine.solver.bound.programme import Builder
    from engine.solver.bound.relaxation import ARC_BUDGET, solve_rounds
    from engine.solver.model.instance import Instance
    from engine.timeutil import month_bounds

    scenario = generate_scenario(employees, members, args.seed, args.month)
    first, last = month_bounds(args.month)
    inst = Instance(scenario, first, last)
    started = time.perf_counter()
    builder = Builder(inst, set(), set(), ARC_BUDGET)
    relaxed = solve_rounds(builder.build(), None, "GLOP", started)
    duals = relaxed.duals
    row: dict[str, Any] = {
        "size": f"{employees}x{members}",
        "lp_bound_eur": _euros(relaxed.bound),
        "lp_seconds": round(time.perf_counter() - started, 1),
    }
    if duals is None:
        row["error"] = "the relaxation found no dual solution"
        return row
    start: dict[int, list[int]] = {}
    if args.plan_seconds > 0:  # the plan `ge solve` makes, so that the integer master starts from it
        solved = _solved(scenario, args)
        row["solve_eur"] = str(solved.solver.objective) if solved.solver else None
        for a in solved.assignments:
            start.setdefault(inst.staff_by_id[a.employee].index, []).append(
                inst.occ_by_key[a.occurrence_id].index
            )
    generated = generate(builder, duals, time.perf_counter() + args.seconds, start=start)
    if generated is None:
        row["error"] = "no employee month could be built"
        return row
    row.update(
        months_at_lp_duals_eur=_euros(generated.first_bound),
        best_bound_eur=_euros(generated.bound),
        master_eur=_euros(generated.master),
        stopped=generated.stopped,
        rounds=generated.rounds,
        columns=len(generated.columns),
        seconds=round(generated.seconds, 1),
    )
    if args.plan_seconds > 0:
        plan = integer_plan(builder, generated, args.plan_seconds)
        if plan is not None:
            row.update(
                integer_plan_eur=_euros(plan.cost),
                integer_plan_bound_eur=_euros(plan.bound),
                integer_plan_optimal=plan.optimal,
            )
            row.update(_searched_from(scenario, first, last, inst, plan.worked, args))
    return row


def _solved(scenario: Any, args: argparse.Namespace) -> Any:
    from engine.solver import SolveOptions
    from engine.solver.pipeline import solve_outcome

    options = SolveOptions(time_limit=args.search_seconds, workers=args.workers, seed=args.seed)
    return solve_outcome(scenario, args.month, options=options).plan


def _searched_from(
    scenario: Any,
    first: Any,
    last: Any,
    inst: Any,
    worked: dict[int, tuple[int, ...]],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """The plan priced in the full model as it is, then CP-SAT's search from it."""
    from engine.checker import Level, check_plan
    from engine.solver import SolveOptions
    from engine.solver.model.build import build, hint_pairs
    from engine.solver.search.run import price, run

    pairs = {(inst.staff[s].id, inst.occs[i].source.key) for s, occs in worked.items() for i in occs}
    options = SolveOptions(
        time_limit=args.search_seconds, workers=args.workers, seed=args.seed, greedy_hint=False, guided=False
    )
    built = build(scenario, first, last, options)
    priced = price(
        built, lambda staff, i, lit: (staff.id, built.ctx.inst.occs[i].source.key) in pairs, options
    )
    out: dict[str, Any] = {
        "integer_plan_legal": priced is not None,
        "integer_plan_all_terms_eur": None
        if priced is None
        else _euros((priced.objective_value + built.fixed_units) / built.ctx.inst.units),
    }
    built.ctx.model.clear_hints()  # `price` left its own
    hint_pairs(built.ctx, pairs)
    built.hinted = True
    outcome = run(built, options, month=args.month)
    facts = outcome.plan.solver
    assert facts is not None
    out["searched_eur"] = str(facts.objective)
    out["searched_checker_errors"] = sum(
        1 for v in check_plan(scenario, outcome.plan) if v.level is Level.ERROR
    )
    return out


def _euros(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def run(args: argparse.Namespace) -> int:
    for size in args.sizes:
        employees, _, members = size.partition("x")
        row = bench_one(int(employees), int(members), args)
        print(json.dumps(row) if args.json else " | ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    return 0
