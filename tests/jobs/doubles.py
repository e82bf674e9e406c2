"""Solver doubles for job tests, selected in the solving process with GE_SOLVE_FUNCTION.

`blocking_solve` reports progress and then waits (bounded) for the test to cancel or kill it, so a test can
act "midway" without depending on how fast a real solve is; `failing_solve` fails like an impossible month.
"""

from __future__ import annotations

import time
from typing import Any

from engine.errors import DomainError
from engine.solver.options import Progress

BLOCK_SECONDS = 120.0


def blocking_solve(scenario: Any, month: str | None = None, *, options: Any, **season: Any) -> Any:
    if options.progress is not None:
        options.progress(Progress(elapsed=0.5, objective=1234.5, bound=1000.0, solutions=1))
    deadline = time.monotonic() + BLOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
    raise RuntimeError("blocking_solve was neither cancelled nor killed")


def failing_solve(scenario: Any, month: str, *, options: Any) -> Any:
    raise DomainError("no legal plan exists: the pins contradict the hard rules")


def sleepy_solve(scenario: Any, month: str, *, options: Any) -> Any:
    """Reports progress, sleeps `GE_TEST_SOLVE_SLEEP` seconds (default 4), then really solves: a solve a
    test can act on midway that still ends with a plan."""
    import os

    from engine.solver import solve

    if options.progress is not None:
        options.progress(Progress(elapsed=0.5, objective=1234.5, bound=1000.0, solutions=1))
    time.sleep(float(os.environ.get("GE_TEST_SOLVE_SLEEP", "4")))
    return solve(scenario, month, options=options)


def illegal_solve(scenario: Any, month: str, *, options: Any) -> Any:
    """A 'solver' whose plan breaks a rule: e1 (no maintenance skill) on the maintenance need n3."""
    from tests.persistence.factories import small_plan

    plan = small_plan(month)
    wrong = plan.assignments[2].model_copy(update={"employee": "e1"})
    return plan.model_copy(update={"assignments": [*plan.assignments[:2], wrong]})


def keeping_replan(scenario: Any, published: Any, change: Any, *, options: Any) -> Any:
    """A 're-plan' that changes nothing: whoever the change makes absent stays on shift."""
    from engine.solver.search.replan import ReplanResult

    return ReplanResult(plan=published.model_copy(update={"status": "draft"}), changes=[])
