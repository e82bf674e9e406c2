"""The CP-SAT planner: `solve(scenario, month)` → `Plan`; `replan(scenario, published, change)`.

The tree (docs/solver.md): `pipeline` (the path from a scenario to a plan), `options`, `model/` (instance,
variables, pins, build), `rules/` (one module per hard rule, named as the checker's), `objective/` (soft
terms), `search/` (first plan, CP-SAT runs, large months, fill, re-plan), `bound/` (linear relaxation),
`readback/` (plan, reasons, summary).

Imports are lazy: OR-Tools is heavy, and nothing here may be heavy at import time.
"""

from __future__ import annotations

from typing import Any

from engine.solver.options import Progress, SolveOptions

__all__ = ["Progress", "SolveOptions", "replan", "solve", "solve_outcome"]


def __getattr__(name: str) -> Any:
    if name in ("solve", "solve_outcome"):
        from engine.solver import pipeline

        return getattr(pipeline, name)
    if name in ("replan", "ReplanResult", "Change", "ChangeRequest"):
        from engine.solver.search import replan as module

        return getattr(module, name)
    raise AttributeError(name)
