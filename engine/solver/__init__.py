"""The CP-SAT planner: `solve(scenario, month)` → `Plan`; `replan(scenario, published, change)`.

Imports are lazy: OR-Tools is heavy, and nothing here may be heavy at import time.
"""

from __future__ import annotations

from typing import Any

from engine.solver.options import Progress, SolveOptions

__all__ = ["Progress", "SolveOptions", "replan", "solve", "solve_outcome"]


def __getattr__(name: str) -> Any:
    if name in ("solve", "solve_outcome"):
        from engine.solver import api

        return getattr(api, name)
    if name in ("replan", "ReplanResult", "Change", "ChangeRequest"):
        from engine.solver import replan as module

        return getattr(module, name)
    raise AttributeError(name)
