"""`ge bench solve --sizes 50x20 200x60 500x150 --workers 2 --seed 1`: solver figures on generated groups.

For each size (employees x members) a group is generated (`engine.generator`) and its month solved as
`ge solve` would (`solve_outcome`: one CP-SAT model, or neighbourhoods on large months); the table gives
the method, the build time (single model), the time to the first legal plan, objective, bound and gap
(fixed terms left out of both) at the end, peak memory, and the independent checker's verdict. `--replan` also times
re-planning one absence (three days of the busiest employee) in the month just solved, with a
5-second limit (the target), reporting its wall time and the changes it made.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from typing import Any

from ge.commands import arguments

DEFAULT_LIMITS = {50: 30.0, 200: 120.0, 500: 60.0}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("solve", help="solver quality and speed on generated groups")
    p.add_argument(
        "--sizes", nargs="+", type=arguments.size, default=["50x20", "200x60", "500x150"], metavar="ExM"
    )
    p.add_argument("--month", type=arguments.month, default="2026-03")
    p.add_argument("--workers", type=arguments.count, default=2)
    p.add_argument("--seed", type=arguments.natural, default=1)
    p.add_argument(
        "--time-limit", type=arguments.seconds, help="seconds per size (default 30 / 120 / 60 by size)"
    )
    p.add_argument("--replan", action="store_true", help="also time re-planning one absence")
    p.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    p.set_defaults(handler=run)


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def bench_one(employees: int, members: int, args: argparse.Namespace) -> dict[str, Any]:
    import datetime as dt

    from engine.checker import Level, check_plan
    from engine.generator import generate_scenario
    from engine.solver import Progress, SolveOptions
    from engine.solver.pipeline import solve_outcome

    started = time.perf_counter()
    scenario = generate_scenario(employees, members, args.seed, args.month)
    generated = time.perf_counter() - started
    events: list[Progress] = []
    found: list[float] = []  # wall clock of each new plan, from the start of the solve

    def on_progress(event: Progress) -> None:
        events.append(event)
        if event.objective is not None:
            found.append(time.perf_counter() - t0)

    limit = args.time_limit or DEFAULT_LIMITS.get(employees, 60.0)
    options = SolveOptions(time_limit=limit, workers=args.workers, seed=args.seed, progress=on_progress)
    t0 = time.perf_counter()
    outcome = solve_outcome(scenario, args.month, options=options)
    total = time.perf_counter() - t0
    plan = outcome.plan
    facts = plan.solver
    assert facts is not None
    single = not outcome.built.restricted  # else solved by neighbourhoods (engine.solver.search.large)
    first = found[0] if found else None  # instance, build, greedy and checks included
    errors = [v for v in check_plan(scenario, plan) if v.level is Level.ERROR]
    row: dict[str, Any] = {
        "size": f"{employees}x{members}",
        "method": "single model" if single else "neighbourhoods",
        "occurrences": len(outcome.built.ctx.inst.occs),
        "variables": len(outcome.built.ctx.model.proto.variables) if single else None,
        "generate_s": round(generated, 1),
        "build_s": round(outcome.built.build_seconds, 1) if single else None,
        "first_plan_s": None if first is None else round(first, 1),
        "time_limit_s": limit,
        "total_s": round(total, 1),
        "status": facts.status,
        "objective_eur": str(facts.objective),
        "bound_eur": None if facts.bound is None else str(facts.bound),
        "gap_pct": None if facts.gap is None else float(facts.gap) * 100,
        "gap_at": {str(t): _gap_at(events, t) for t in (10, 30, 60, 120) if t <= limit},
        "unfilled_heads": sum(u.missing for u in plan.unfilled),
        "checker_errors": len(errors),
        "peak_gb": round(_peak_gb(), 2),
    }
    if args.replan:
        from engine.solver.search.replan import ChangeRequest, replan

        busiest = max(plan.by_employee().items(), key=lambda kv: len(kv[1]))[0]
        first_day = dt.date.fromisoformat(f"{args.month}-10")
        change = ChangeRequest(
            absences=[(busiest, first_day, first_day + dt.timedelta(days=2))], today=first_day
        )
        t1 = time.perf_counter()
        result = replan(
            scenario,
            plan,
            change,
            options=SolveOptions(time_limit=5.0, workers=args.workers, seed=args.seed),
        )
        row["replan_s"] = round(time.perf_counter() - t1, 1)
        row["replan_objective_eur"] = str(result.plan.solver.objective if result.plan.solver else None)
        row["replan_changes"] = len(result.changes)
        row["replan_unfilled_heads"] = sum(u.missing for u in result.plan.unfilled)
    return row


def _gap_at(events: list[Any], t: float) -> float | None:
    objective = bound = None
    for e in events:
        if e.elapsed > t:
            break
        objective = e.objective if e.objective is not None else objective
        bound = e.bound if e.bound is not None else bound
    if objective is None or bound is None or objective <= 0:
        return None
    return round(max(0.0, (objective - bound) / objective) * 100, 2)


def run(args: argparse.Namespace) -> int:
    rows = []
    for size in args.sizes:
        employees, _, members = size.partition("x")
        row = bench_one(int(employees), int(members), args)
        rows.append(row)
        print(json.dumps(row) if args.json else _line(row), flush=True)
    return 0


def _line(row: dict[str, Any]) -> str:
    return " | ".join(f"{k}={v}" for k, v in row.items())
