"""The linear programme's vocabulary, shared by the bound (engine.solver.bound.programme writes the month's
LP) and the rules (each writes its own rows, engine.solver.rules): the programme, and the parts of it a rule
writes on — the whole month's (`MonthRows`: cover, loans) and one employee's (`EmployeeRows`: limits).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from engine.solver.model.instance import Instance, Staff

INFINITY = float("inf")

Expression = tuple[list[int], list[float]]  # (columns, coefficients)


@dataclass
class LinearProgram:
    """min c·x + offset, lo ≤ A x ≤ hi (rows), l ≤ x ≤ u (finite bounds: the dual bound needs them)."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    row_lo: list[float] = field(default_factory=list)
    row_hi: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=lambda: [0])
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    offset: float = 0.0
    hidden: set[int] = field(default_factory=set)  # columns left out of the LP solver's model (arcs)

    def var(self, lo: float, hi: float, cost: float = 0.0) -> int:
        self.lower.append(lo)
        self.upper.append(hi)
        self.cost.append(cost)
        return len(self.lower) - 1

    def row(self, cols: list[int], vals: list[float], lo: float, hi: float) -> None:
        if len(set(cols)) < len(cols):  # a shift across Monday 00:00 in a row summing two weeks
            merged: dict[int, float] = defaultdict(float)
            for col, val in zip(cols, vals, strict=True):
                merged[col] += val
            cols, vals = list(merged), list(merged.values())
        self.cols.extend(cols)
        self.vals.extend(vals)
        self.starts.append(len(self.cols))
        self.row_lo.append(lo)
        self.row_hi.append(hi)

    @property
    def n_vars(self) -> int:
        return len(self.lower)

    @property
    def n_rows(self) -> int:
        return len(self.row_lo)

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(row, column, value) of every coefficient, as arrays."""
        rows = np.repeat(np.arange(self.n_rows), np.diff(np.array(self.starts)))
        return rows, np.array(self.cols, dtype=np.int64), np.array(self.vals)

    def dual_bound(self, duals: np.ndarray, matrix: tuple[np.ndarray, ...] | None = None) -> float:
        return self.lagrangian(duals, matrix)[0]

    def lagrangian(
        self, duals: np.ndarray, matrix: tuple[np.ndarray, ...] | None = None
    ) -> tuple[float, np.ndarray]:
        """min over the box of c·x − λ·(A x − b), with b the row bound λ pushes against: a lower bound of
        the LP for any λ (every column counted, hidden ones included), and the reduced costs c − Aᵀλ."""
        lam = np.asarray(duals, dtype=np.float64).copy()
        lo, hi = np.array(self.row_lo), np.array(self.row_hi)
        lam[(lam > 0) & ~np.isfinite(lo)] = 0.0
        lam[(lam < 0) & ~np.isfinite(hi)] = 0.0
        rows, cols, vals = matrix if matrix is not None else self.matrix()
        reduced = np.array(self.cost) - np.bincount(cols, weights=vals * lam[rows], minlength=self.n_vars)
        rows_part = np.where(lam > 0, lam * np.where(np.isfinite(lo), lo, 0.0), 0.0) + np.where(
            lam < 0, lam * np.where(np.isfinite(hi), hi, 0.0), 0.0
        )
        lower, upper = np.array(self.lower), np.array(self.upper)
        vars_part = np.where(reduced > 0, reduced * lower, reduced * upper)
        total = self.offset + float(np.sum(rows_part)) + float(np.sum(vars_part))
        return total - 1e-9 * max(1.0, abs(total)), reduced


def past_minutes(inst: Instance, staff: Staff, days: list[int]) -> int:
    """Minutes of these days (a legal week) worked before the horizon: the history's recent shifts."""
    h = inst.horizon
    lo, hi = h.midnight(days[0]), h.midnight(days[-1] + 1)
    return sum(max(0, min(f.end, hi) - max(f.start, lo)) for f in staff.fixed)


@dataclass
class MonthRows:
    """The month's programme as a rule writes rows over every employee: the assignment columns of each
    occurrence (`by_occ`), money in euros (`money`: model units → euros)."""

    inst: Instance
    lp: LinearProgram
    by_occ: list[list[int]]

    def money(self, units: int) -> float:
        return units / self.inst.units


@dataclass
class EmployeeRows:
    """One employee's part of the month's programme as a rule writes its rows on it: the assignment
    columns (`y`, by occurrence index), each legal week's minutes (`week`: shifts clipped at Monday 00:00,
    and the travel counted as work), each day worked (`works`: the day path's start, or a variable at most
    the day's shifts), the candidate shifts of each day (`by_day`) and the minutes the history puts in each
    week (`past`)."""

    inst: Instance
    staff: Staff
    lp: LinearProgram
    y: dict[int, int]
    weeks: list[Expression]
    works: dict[int, Expression]
    by_day: dict[int, list[int]]
    past: list[int]

    def at_most(self, cols: list[int], vals: list[float], bound: float) -> None:
        """The row Σ vals × cols ≤ bound."""
        self.lp.row(cols, vals, -INFINITY, float(bound))

    def past_minutes(self, days: list[int]) -> int:
        return past_minutes(self.inst, self.staff, days)
