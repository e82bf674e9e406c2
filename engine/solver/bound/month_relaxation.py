"""The month's linear relaxation as the search uses it: within its share of the time limit, with the pins
and, when re-planning, the frozen past fixed. Shared by the first plan (`guided`) and the bound a search
reports (`run`), so that neither imports the other.
"""

from __future__ import annotations

import datetime as dt

from engine.solver.bound import relaxation
from engine.solver.bound.relaxation import Result
from engine.solver.model.context import Context
from engine.solver.options import SolveOptions

RELAXATION_SHARE = 0.25  # of the time limit, at most `RELAXATION_SECONDS`
RELAXATION_SECONDS = 20.0


def relaxation_seconds(options: SolveOptions) -> float | None:
    """The time a relaxation may take: `RELAXATION_SHARE` of the limit, at most `RELAXATION_SECONDS`;
    no limit in deterministic runs."""
    if options.time_limit is None or options.deterministic_time is not None:
        return None
    return min(RELAXATION_SECONDS, RELAXATION_SHARE * options.time_limit)


def relax(
    ctx: Context, options: SolveOptions, pinned: set[tuple[int, int]], *, arc_budget: int | None = None
) -> Result:
    """The instance's linear relaxation within `relaxation_seconds`, with the pins and, when re-planning,
    the frozen past fixed; `arc_budget` as in `solve_relaxation` (None: its default)."""
    seconds = relaxation_seconds(options)
    zeros: set[tuple[int, int]] = set()
    if ctx.published is not None and isinstance(ctx.today, dt.date):  # re-planning: the past is frozen
        for staff in ctx.inst.staff:
            zeros.update((staff.index, i) for i in staff.eligible if ctx.inst.occs[i].source.date < ctx.today)
    budget = relaxation.ARC_BUDGET if arc_budget is None else arc_budget
    return relaxation.solve_relaxation(
        ctx.inst, seconds, ones=pinned, zeros=zeros - pinned, arc_budget=budget
    )
