"""Small CP-SAT encodings shared by the rule modules.

Constants appear where the history (days before the horizon) or the future (days after it) stand in for
literals: `Lit` is a CP-SAT literal or a Python bool/int, and the helpers fold constants away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

Lit = Any  # a CP-SAT literal (possibly negated), or a constant 0/1 (bool or int)

INT_MIN = -(2**63)  # the unbounded ends of a linear row's domain, as CP-SAT writes them
INT_MAX = 2**63 - 1


class RowTemplate:
    """Variables and rows of a shape that repeats (one day's shifts, the same for many employees), written
    once as protobuf text with placeholders and rendered for each employee (`render`): the model gets
    exactly the rows `CpModel.add` would write (variables by increasing index without
    repeats, non-zero coefficients, bounds in the domain with INT_MIN/INT_MAX for an open side), at a fraction of the Python cost.

    A reference is `("x", p)`, the variable at position `p` of the caller's list of existing variables, or
    `("v", j)`, the `j`-th variable the template creates. Rows list their variables by increasing index
    (existing ones first, in position order, which must be their index order, then the created ones).
    """

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._text: list[str] = []
        # one placeholder each: value = const + xcoef × index[xpos] + vcoef × first created index
        self._const: list[int] = []
        self._xcoef: list[int] = []
        self._xpos: list[int] = []
        self._vcoef: list[int] = []
        self.n_vars = 0
        self._compiled: tuple[str, Any, Any, Any, Any] | None = None

    def _ref(self, ref: tuple[str, int], negated: bool = False) -> None:
        self._pieces.append("".join(self._text).replace("{", "{{").replace("}", "}}"))
        self._text = []
        kind, at = ref
        sign = -1 if negated else 1
        self._const.append((-at - 1 if negated else at) if kind == "v" else (-1 if negated else 0))
        self._xcoef.append(sign if kind == "x" else 0)
        self._xpos.append(at if kind == "x" else 0)
        self._vcoef.append(sign if kind == "v" else 0)

    def _refs(self, refs: Sequence[tuple[tuple[str, int], bool]]) -> None:
        for k, (ref, negated) in enumerate(refs):
            if k:
                self._text.append(",")
            self._ref(ref, negated)

    def var(self, lo: int, hi: int) -> tuple[str, int]:
        self._text.append(f"variables{{domain:[{lo},{hi}]}}")
        self.n_vars += 1
        return ("v", self.n_vars - 1)

    def linear(self, terms: Sequence[tuple[tuple[str, int], int]], lo: int, hi: int) -> None:
        """Row `lo <= sum(coef × ref) <= hi` (terms merged, zero coefficients dropped, sorted here)."""
        merged: dict[tuple[str, int], int] = {}
        for ref, coef in terms:
            merged[ref] = merged.get(ref, 0) + coef
        order = sorted((ref for ref, coef in merged.items() if coef), key=lambda r: (r[0] == "v", r[1]))
        self._text.append("constraints{linear{vars:[")
        self._refs([(ref, False) for ref in order])
        self._text.append(f"] coeffs:{[merged[ref] for ref in order]} domain:[{lo},{hi}]}}}}")

    def bool_or(self, literals: Sequence[tuple[tuple[str, int], bool]]) -> None:
        """Clause of (reference, negated) literals."""
        self._text.append("constraints{bool_or{literals:[")
        self._refs(literals)
        self._text.append("]}}")

    def implication(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        self._text.append("constraints{enforcement_literal:")
        self._ref(a)
        self._text.append(" bool_and{literals:")
        self._ref(b)
        self._text.append("}}")

    def render(self, indexes: Sequence[int], first_new: int) -> str:
        """The text for these existing variables' indexes, created variables numbered from `first_new`."""
        if self._compiled is None:
            pieces = [*self._pieces, "".join(self._text).replace("{", "{{").replace("}", "}}")]
            self._compiled = (
                "{}".join(pieces),
                np.array(self._const, dtype=np.int64),
                np.array(self._xcoef, dtype=np.int8),
                np.array(self._xpos, dtype=np.int32),
                np.array(self._vcoef, dtype=np.int8),
            )
            self._pieces, self._text = [], []
            self._const, self._xcoef, self._xpos, self._vcoef = [], [], [], []
        template, const, xcoef, xpos, vcoef = self._compiled
        if not len(const):
            return template
        index = np.asarray(indexes, dtype=np.int64)
        values = const + xcoef * index[xpos] + vcoef * np.int64(first_new)
        return template.format(*values.tolist())


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
