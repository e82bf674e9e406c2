"""A constructive first plan, passed to CP-SAT as a hint (placeholder until the greedy lands)."""

from __future__ import annotations

from engine.solver.context import Context


def greedy_hint(ctx: Context) -> None:
    del ctx
