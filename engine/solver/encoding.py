"""Small CP-SAT encodings shared by the rule modules.

Constants appear where the history (days before the horizon) or the future (days after it) stand in for
literals: `Lit` is a CP-SAT literal or a Python bool/int, and the helpers fold constants away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ortools.sat.python import cp_model

Lit = Any  # a CP-SAT literal (possibly negated), or a constant 0/1 (bool or int)


def is_const(lit: object) -> bool:
    return isinstance(lit, bool | int)


def neg(lit: Lit) -> Lit:
    if is_const(lit):
        return not lit
    return lit.negated()


def add_clause(model: cp_model.CpModel, lits: Sequence[Lit]) -> None:
    """OR of literals, with constants folded (a true constant drops the clause)."""
    kept = []
    for lit in lits:
        if is_const(lit):
            if lit:
                return
            continue
        kept.append(lit)
    if not kept:
        model.add_bool_or([model.new_constant(0)])  # an empty clause: infeasible by construction
        return
    model.add_bool_or(kept)


def forbid_close_pairs(
    model: cp_model.CpModel,
    left: Sequence[tuple[Lit, int]],
    right: Sequence[tuple[Lit, int]],
    limit: int,
    enable: Lit | None = None,
) -> None:
    """Forbid a true left literal and a true right literal together when their values sum below `limit`.

    Used for rests: left values are `-end` of earlier shifts, right values `start` of later ones, so the
    pair is forbidden when the gap is shorter than the rest. Instead of one clause per pair (quadratic),
    earlier shifts are summarised by prefix literals "some shift ending after t is worked", which keeps
    the encoding linear in the number of shifts.
    """
    if not left or not right:
        return
    min_right = min(v for _, v in right)
    left = [(lit, v) for lit, v in left if v + min_right < limit]
    if not left:
        return
    min_left = min(v for _, v in left)
    right = [(lit, v) for lit, v in right if v + min_left < limit]
    if not right:
        return
    extra = [] if enable is None else [neg(enable)]
    if len(left) * len(right) <= 2 * (len(left) + len(right)):
        for a, va in left:
            for b, vb in right:
                if va + vb < limit:
                    add_clause(model, [neg(a), neg(b), *extra])
        return
    # Prefix literals over distinct left values, ascending: P[k] is implied by any left literal of
    # value <= values[k]; a right literal with value vb conflicts with P[k] for the largest
    # values[k] < limit - vb.
    values = sorted({v for _, v in left})
    prefix: list[Lit] = []
    for _ in values:
        prefix.append(model.new_bool_var(""))
    position = {v: k for k, v in enumerate(values)}
    for a, va in left:
        add_clause(model, [neg(a), prefix[position[va]]])
    for k in range(len(values) - 1):
        add_clause(model, [neg(prefix[k]), prefix[k + 1]])
    for b, vb in right:
        bound = limit - vb
        k = _last_below(values, bound)
        if k >= 0:
            add_clause(model, [neg(b), neg(prefix[k]), *extra])


def _last_below(values: list[int], bound: int) -> int:
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < bound:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1
