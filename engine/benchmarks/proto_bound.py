"""A lower bound of the objective from the linear relaxation of the built model, solved by GLOP.

Why: with 2 workers CP-SAT runs a single full-problem LP worker, and on GE months its objective bound often
stays the trivial one (negative, once presolve has substituted the cover equalities into the objective), so
the gap a manager reads is meaningless. The model's constraints are read from its proto and relaxed —
Booleans in [0, 1], clauses `Σ lits ≥ 1`, at-most-ones `Σ ≤ 1`, implications `b ≥ a`, linear rows as they
are — and the LP's optimum is a valid lower bound of every plan's cost: each row kept holds for every
solution of the model, and a row left out (an enforced linear row, another constraint type) only loosens the
LP. It is honest, not strong: travel, continuity and the idle/unfilled trade-off are loose in it. GLOP is
fast on the shipped scenarios (under 20 s at worst, loaded machine) but not on 50-employee months, so it
runs only on models below `strategy.LIGHT_PRESOLVE_ABOVE` variables.
"""

from __future__ import annotations

from typing import Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model


def lp_bound(model: cp_model.CpModel, seconds: float | None) -> float | None:
    """Objective lower bound (model units, the objective's offset included); None if GLOP did not finish
    within `seconds` (None: no limit, for tests)."""
    proto = model.proto
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    if seconds is not None:
        solver.SetTimeLimit(int(max(0.1, seconds) * 1000))
    infinity = solver.infinity()
    variables = [
        solver.NumVar(float(v.domain[0]), float(v.domain[len(v.domain) - 1]), "") for v in proto.variables
    ]

    def add_sum(refs: Any, lo: float, hi: float) -> None:
        """lo ≤ Σ literals ≤ hi, a negative reference standing for 1 − variable."""
        row = solver.Constraint(lo, hi)
        shift = 0.0
        for ref in refs:
            var = variables[ref] if ref >= 0 else variables[-ref - 1]
            step = 1.0 if ref >= 0 else -1.0
            shift += 0.0 if ref >= 0 else 1.0
            row.SetCoefficient(var, row.GetCoefficient(var) + step)
        row.SetBounds(lo - shift, hi - shift)

    for ct in proto.constraints:
        enforced = [-ref - 1 for ref in ct.enforcement_literal]  # as negated literals in a clause
        if ct.has_linear():
            if enforced:
                continue  # dropping an enforced row only loosens the relaxation
            domain = ct.linear.domain
            lo, hi = float(domain[0]), float(domain[len(domain) - 1])
            row = solver.Constraint(-infinity if lo < -1e18 else lo, infinity if hi > 1e18 else hi)
            for index, coef in zip(ct.linear.vars, ct.linear.coeffs, strict=True):
                row.SetCoefficient(variables[index], row.GetCoefficient(variables[index]) + float(coef))
        elif ct.has_bool_or():
            add_sum([*ct.bool_or.literals, *enforced], 1.0, infinity)
        elif ct.has_at_most_one():
            add_sum(ct.at_most_one.literals, -infinity, 1.0)
        elif ct.has_exactly_one():
            add_sum(ct.exactly_one.literals, 1.0, 1.0)
        elif ct.has_bool_and():
            for lit in ct.bool_and.literals:  # e1 ∧ … ⇒ lit:  lit + Σ (1 − e) ≥ 1
                add_sum([lit, *enforced], 1.0, infinity)
    objective = solver.Objective()
    for index, coef in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        objective.SetCoefficient(variables[index], objective.GetCoefficient(variables[index]) + float(coef))
    objective.SetOffset(float(proto.objective.offset))
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return float(objective.Value())
