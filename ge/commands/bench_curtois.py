"""`ge bench curtois INSTANCE_FILE...`: the Curtois & Qu rostering benchmark solved by the engine's solver.

Each instance is read, turned into a scenario, solved by the same solver that plans GEs, written as
`<out>/<instance>.csv` and scored by the independent evaluator; the table (or JSON lines with `--json`) shows
the objective, the best known value (from `best_known.csv` beside the instances), the gap, whether CP-SAT
proved optimality, the seconds to the final solution and in all, model building, peak memory and the count of
hard-rule violations (always 0 unless something is wrong).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "curtois",
        help="solve Curtois & Qu instances and score them independently",
        description="Solve Curtois & Qu instance files with the engine's solver, write each roster as "
        "<out>/<instance>.csv (employee,day,shift), score it with the independent evaluator and print a table.",
    )
    p.add_argument("files", nargs="+", metavar="INSTANCE_FILE", type=Path, help="InstanceN.txt files")
    p.add_argument(
        "--time-limit", type=arguments.seconds, default=60.0, metavar="S", help="seconds per instance (60)"
    )
    p.add_argument("--workers", type=arguments.count, default=2, metavar="N", help="CP-SAT workers (2)")
    p.add_argument("--seed", type=arguments.natural, default=1, metavar="K", help="CP-SAT random seed (1)")
    p.add_argument(
        "--out", type=Path, default=Path("out/curtois"), metavar="DIR", help="rosters (out/curtois)"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per instance instead of a table")
    p.add_argument(
        "--deterministic-time",
        type=float,
        default=None,
        metavar="D",
        help="also stop after D deterministic units (reproducible runs)",
    )
    p.add_argument(
        "--strategy",
        choices=("lns", "plain"),
        default="lns",
        help="lns: a full solve, then neighbourhoods over days and staff (default); plain: one CP-SAT solve",
    )
    p.add_argument(
        "--full-subsolvers",
        default="max_lp",
        metavar="NAMES",
        help="CP-SAT full-problem subsolvers of the first solve, comma separated ('' = CP-SAT's default)",
    )
    p.add_argument(
        "--full-share",
        type=float,
        default=0.4,
        metavar="F",
        help="lns: share of the time limit given to the first, full solve (0.4)",
    )
    p.add_argument(
        "--no-greedy",
        action="store_true",
        help="do not build the solver's greedy first plan (it ignores the sequence rules these rosters have)",
    )
    p.add_argument(
        "--start",
        action="store_true",
        help="lns: build a legal first roster employee by employee first (engine/benchmarks/curtois_start.py;"
        " experimental, off by default: it does not yet pay on every instance)",
    )
    p.add_argument(
        "--evaluate-only",
        action="store_true",
        help="do not solve: score the rosters already in --out with the independent evaluator",
    )
    p.add_argument(
        "--in-process",
        action="store_true",
        help="solve in this process (peak memory then covers every instance so far)",
    )
    p.set_defaults(handler=run)


COLUMNS = (
    ("instance", "instance", 11),
    ("objective", "objective", 9),
    ("best_known", "best", 7),
    ("gap_percent", "gap %", 7),
    ("optimal", "optimal", 7),
    ("final_seconds", "t final", 8),
    ("total_seconds", "t total", 8),
    ("build_seconds", "build s", 8),
    ("peak_mb", "peak MB", 8),
    ("violations", "hard viol", 9),
)


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def run(args: argparse.Namespace) -> int:
    from engine.benchmarks.curtois_run import RunSettings, evaluate_file, run_isolated, solve_file
    from engine.errors import InputError, Problem

    missing = [Problem(str(f), "", "file not found") for f in args.files if not f.is_file()]
    if missing:
        raise InputError(missing)
    if args.workers < 1 or (args.time_limit is not None and args.time_limit <= 0):
        raise InputError([Problem("command line", "--workers/--time-limit", "must be positive")])
    if not 0 < args.full_share <= 1:
        raise InputError([Problem("command line", "--full-share", "must be in (0, 1]")])
    settings = RunSettings(
        args.time_limit,
        args.workers,
        args.seed,
        args.deterministic_time,
        args.out,
        lns=args.strategy == "lns",
        full_subsolvers=tuple(n.strip() for n in args.full_subsolvers.split(",") if n.strip()),
        full_share=args.full_share,
        greedy_hint=not args.no_greedy,
        start=args.start,
    )
    if not args.json:
        print("  ".join(title.rjust(width) for _, title, width in COLUMNS), flush=True)
    failed = False
    for path in args.files:
        if args.evaluate_only:
            result = evaluate_file(path, args.out)
        elif args.in_process:
            result = solve_file(path, settings)
        else:
            result = run_isolated(path, settings)
        failed |= bool(result.error) or result.violations > 0 or result.objective_mismatch
        if args.json:
            print(json.dumps(result.as_dict()), flush=True)
            continue
        row = result.as_dict()
        print("  ".join(_cell(row[key]).rjust(width) for key, _, width in COLUMNS), flush=True)
        for line in ([result.error] if result.error else []) + result.violation_samples:
            print(f"    {line}", file=sys.stderr)
        if result.objective_mismatch:
            print(f"    solver cost {result.solver_objective} differs from the evaluator's", file=sys.stderr)
    return 1 if failed else 0
