"""Soft terms of the objective, in euros (integer units inside CP-SAT), each named in `Plan.cost_terms`.

Each module has `build(ctx)` and adds named terms to `ctx.costs`. Defaults of the weights are in
`ObjectiveWeights` and documented in docs/solver.md.
"""

from __future__ import annotations

from types import ModuleType


def soft_terms() -> list[ModuleType]:
    from engine.solver.objective import changes, continuity, cover, fairness, idle, premiums, travel, wishes

    return [cover, idle, premiums, travel, continuity, wishes, fairness, changes]
