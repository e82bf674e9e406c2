"""One benchmark run: an instance file solved by the engine's solver, its roster written and re-evaluated.

`build_seconds` is the domain mapping plus the solver's model building (no search), `final_seconds` the time
from reading the file to the last improving solution, `total_seconds` the whole run. Peak memory is the process's `ru_maxrss`, so each
instance runs in its own child process (`run_isolated`) for a figure that belongs to that instance alone.

The objective reported is the independent evaluator's (engine/benchmarks/curtois_eval.py); the solver's own
cost is kept beside it and `objective_mismatch` says when they differ (a mapping or model error).
"""

from __future__ import annotations

import csv
import multiprocessing
import resource
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from queue import Empty
from typing import Any

from engine.benchmarks.curtois import (
    CurtoisInstance,
    RosterEntry,
    read_instance,
    read_roster_csv,
    write_roster_csv,
)
from engine.benchmarks.curtois_domain import DEFAULT_START, horizon_end, roster_from_plan, to_scenario
from engine.benchmarks.curtois_eval import evaluate
from engine.benchmarks.curtois_start import StartSettings, first_roster
from engine.solver.model.build import Built


@dataclass
class RunSettings:
    time_limit: float | None = 60.0
    workers: int = 2
    seed: int = 1
    deterministic_time: float | None = None
    out: Path | None = None
    lns: bool = True  # full solve then neighbourhoods over days and staff (engine/benchmarks/lns.py)
    full_subsolvers: tuple[str, ...] = ("max_lp",)
    full_share: float = 0.4
    greedy_hint: bool = True
    start: bool = (
        False  # lns: a legal first roster built employee by employee (engine/benchmarks/curtois_start.py)
    )
    start_share: float = 0.2  # of the time limit for that roster (at most 30 s)


@dataclass
class RunResult:
    instance: str
    objective: int | None  # the independent evaluator's
    best_known: int | None
    gap_percent: float | None
    optimal: bool
    final_seconds: float | None
    total_seconds: float
    build_seconds: float | None
    peak_mb: float
    violations: int
    solver_objective: float | None = None
    solver_bound: float | None = None
    status: str = ""
    roster: str | None = None
    objective_mismatch: bool = False
    error: str | None = None
    violation_samples: list[str] = field(default_factory=list)
    start_objective: int | None = None  # the first roster's, by the independent evaluator
    start_seconds: float | None = None  # from reading the file to the first roster

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def best_known_values(instance_file: Path) -> dict[str, int]:
    """`best_known_solution` per instance name from a `best_known.csv` beside the file (empty if none)."""
    path = instance_file.parent / "best_known.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["instance"].strip(): int(row["best_known_solution"])
            for row in csv.DictReader(handle)
            if row.get("instance") and (row.get("best_known_solution") or "").strip().isdigit()
        }


def peak_mb() -> float:
    """Peak resident memory of this process in MiB (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def gap_percent(objective: int | None, best: int | None) -> float | None:
    if objective is None or not best:
        return None
    return round(100.0 * (objective - best) / best, 2)


def solve_file(path: Path, settings: RunSettings) -> RunResult:
    """Read, map, solve, write the roster, evaluate it independently; in this process."""
    started = time.perf_counter()
    instance = read_instance(path)
    best = best_known_values(path).get(instance.name)
    from engine.solver import Progress, SolveOptions, solve_outcome

    last_improvement: list[float] = []

    def on_progress(event: Progress) -> None:
        if event.objective is not None:
            last_improvement[:] = [time.perf_counter()]

    options = SolveOptions(
        time_limit=settings.time_limit,
        deterministic_time=settings.deterministic_time,
        workers=settings.workers,
        seed=settings.seed,
        units_per_euro=1,
        progress=on_progress,
        greedy_hint=settings.greedy_hint,
    )
    mapped = time.perf_counter()
    scenario = to_scenario(instance, DEFAULT_START)
    mapping_seconds = time.perf_counter() - mapped
    end = horizon_end(instance)
    start_objective = start_seconds = None
    if settings.lns and settings.deterministic_time is None:
        from engine.benchmarks.lns import LnsSettings, solve_lns
        from engine.solver.model.build import build

        first = None
        if settings.start:
            seconds = min(30.0, settings.start_share * float(settings.time_limit or 60.0))
            first, _ = first_roster(instance, StartSettings(seconds=seconds, seed=settings.seed))
            start_seconds = round(time.perf_counter() - started, 2)
            start_objective = evaluate(instance, first).objective
            # the first roster replaces the greedy plan; its time counts in the limit
            left = float(settings.time_limit or 60.0) - (time.perf_counter() - started)
            options = replace(options, greedy_hint=False, time_limit=max(5.0, left))
        built = build(scenario, DEFAULT_START, end, options)
        outcome, _ = solve_lns(
            built,
            options,
            LnsSettings(full_share=settings.full_share, full_subsolvers=settings.full_subsolvers),
            start=None if first is None else roster_pairs(instance, built, first),
        )
    else:
        outcome = solve_outcome(scenario, start=DEFAULT_START, end=end, options=options)
    plan = outcome.plan
    total = time.perf_counter() - started
    roster = roster_from_plan(instance, plan, DEFAULT_START)
    result = evaluate(instance, roster)
    roster_path = None
    if settings.out is not None:
        settings.out.mkdir(parents=True, exist_ok=True)
        roster_path = settings.out / f"{instance.name}.csv"
        write_roster_csv(roster_path, instance, roster)
    facts = plan.solver
    solver_objective = float(facts.objective) if facts and facts.objective is not None else None
    bound = float(facts.bound) if facts and facts.bound is not None else None
    status = facts.status if facts else ""
    return RunResult(
        instance=instance.name,
        objective=result.objective,
        best_known=best,
        gap_percent=gap_percent(result.objective, best),
        optimal=status.upper() == "OPTIMAL",
        final_seconds=round(last_improvement[-1] - started, 2) if last_improvement else None,
        total_seconds=round(total, 2),
        build_seconds=round(mapping_seconds + outcome.built.build_seconds, 2),
        peak_mb=round(peak_mb(), 1),
        violations=len(result.violations),
        solver_objective=solver_objective,
        solver_bound=bound,
        status=status,
        roster=str(roster_path) if roster_path else None,
        objective_mismatch=solver_objective is not None and round(solver_objective) != result.objective,
        violation_samples=[str(v) for v in result.violations[:5]],
        start_objective=start_objective,
        start_seconds=start_seconds,
    )


def roster_pairs(instance: CurtoisInstance, built: Built, roster: list[RosterEntry]) -> set[tuple[int, int]]:
    """A roster as the model's (staff index, occurrence index) pairs: staff in file order, as `to_scenario`
    maps them; raises ValueError for an entry the model has no literal for."""
    ctx = built.ctx
    index = {person.id: k for k, person in enumerate(instance.staff)}
    pairs = set()
    for emp, day, shift in roster:
        staff = index[emp]
        found = [occ for occ in ctx.by_day[staff].get(day, []) if ctx.inst.occs[occ].kind == shift]
        if len(found) != 1:
            raise ValueError(
                f"{instance.name}: no assignment of {emp!r} to {shift!r} on day {day} in the model"
            )
        pairs.add((staff, found[0]))
    return pairs


def evaluate_file(path: Path, roster_dir: Path) -> RunResult:
    """Re-evaluate a roster written before (`<roster_dir>/<instance>.csv`) without solving."""
    started = time.perf_counter()
    instance: CurtoisInstance = read_instance(path)
    best = best_known_values(path).get(instance.name)
    roster_path = roster_dir / f"{instance.name}.csv"
    result = evaluate(instance, read_roster_csv(roster_path))
    return RunResult(
        instance=instance.name,
        objective=result.objective,
        best_known=best,
        gap_percent=gap_percent(result.objective, best),
        optimal=False,
        final_seconds=None,
        total_seconds=round(time.perf_counter() - started, 2),
        build_seconds=None,
        peak_mb=round(peak_mb(), 1),
        violations=len(result.violations),
        roster=str(roster_path),
        violation_samples=[str(v) for v in result.violations[:5]],
    )


def _child(path: Path, settings: RunSettings, queue: Any) -> None:
    try:
        queue.put(solve_file(path, settings).as_dict())
    except Exception as exc:  # reported as the instance's error line, never a traceback
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def _wait_for(queue: Any, process: Any) -> dict[str, Any]:
    """The child's result, or an error when it died without one (killed, out of memory)."""
    while True:
        try:
            return dict(queue.get(timeout=1.0))
        except Empty:
            if process.is_alive():
                continue
            try:
                return dict(queue.get(timeout=1.0))
            except Empty:
                return {"error": f"the run ended with code {process.exitcode} and no result"}


def run_isolated(path: Path, settings: RunSettings) -> RunResult:
    """`solve_file` in a child process, so that its peak memory is the instance's own."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context: Any = multiprocessing.get_context(method)
    queue = context.Queue()
    started = time.perf_counter()
    process = context.Process(target=_child, args=(path, settings, queue))
    process.start()
    data = _wait_for(queue, process)
    process.join()
    if "instance" not in data:
        return RunResult(
            instance=path.stem,
            objective=None,
            best_known=best_known_values(path).get(path.stem),
            gap_percent=None,
            optimal=False,
            final_seconds=None,
            total_seconds=round(time.perf_counter() - started, 2),
            build_seconds=None,
            peak_mb=0.0,
            violations=0,
            error=data["error"],
        )
    return RunResult(**data)
