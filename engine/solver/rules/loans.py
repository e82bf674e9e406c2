"""Loans of staff as agreed (prêt de main-d'œuvre, L8241-1 and L8241-2).

The agreement (convention de mise à disposition) fixes who, where and when. Loans on fixed weekdays are
occurrences reserved for the lent employee (`assignment`), covered like any need. Loans of `days_per_week`
leave the planner to choose the days: on each full week exactly that many days, pro rata on weeks cut
by the loan's dates or the horizon (rounded half up, at most the candidate days). A day the employee
cannot give (absence, a legal limit) is a shortfall priced like an unfilled high-priority day, never an
infeasible plan.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from engine.solver.bound.linear import INFINITY, MonthRows
from engine.solver.model.context import Context, LoanShortfall
from engine.solver.model.instance import Instance, Occ, Staff

ARTICLES = ("L8241-1", "L8241-2")

LIMITS = {"loan_days": ("jours de prêt de la semaine déjà pris", ("L8241-2",))}


linear = None  # its rows are the month's (`linear_month`), not an employee's


def loan_weeks(inst: Instance) -> list[tuple[list[int], int]]:
    """Each (days-per-week loan, week) as (its candidate day occurrences, the days agreed that week): the
    whole week's count, pro rata on a cut week, rounded half up, at most the candidates. Shared by the
    model and the LP relaxation, which must read the agreement the same way."""
    by_loan_week: dict[tuple[str, int], list[int]] = defaultdict(list)
    week_of = {d: w for w, days in enumerate(inst.horizon.weeks) for d in days}
    for occ in inst.occs:
        src = occ.source
        if src.secondment is None or not src.optional:
            continue
        by_loan_week[(src.secondment, week_of[occ.day])].append(occ.index)
    out = []
    for (loan_id, _week), occ_indexes in by_loan_week.items():
        loan = inst.scenario.secondment_by_id[loan_id]
        weekdays = {int(d) for d in loan.weekdays} or {0, 1, 2, 3, 4}
        per_week = loan.days_per_week or len(weekdays)
        candidates = len(occ_indexes)
        target = Decimal(per_week * candidates) / len(weekdays)
        out.append((occ_indexes, min(candidates, int(target.to_integral_value(ROUND_HALF_UP)))))
    return out


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    shortfalls: list[LoanShortfall] = []
    for occ_indexes, days in loan_weeks(inst):
        lits = [lit for i in occ_indexes for _, lit in ctx.by_occ[i]]
        model.add(sum(lits) <= days)
        if days == 0:
            continue
        short = model.new_int_var(0, days, "")
        model.add(sum(lits) + short == days)
        per_day = max(inst.occs[i].unfilled_units for i in occ_indexes)
        shortfalls.append(LoanShortfall(short, per_day, occ_indexes))
    ctx.loan_shortfall = shortfalls


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The loan's days of the week, when `occ` is a day of a days-per-week loan."""
    if occ.source.secondment is None or not occ.source.optional:
        return None
    key = ("loan_week_of",)
    if key not in inst.memo:
        inst.memo[key] = {i: (set(occs), days) for occs, days in loan_weeks(inst) for i in occs}
    table: dict[int, tuple[set[int], int]] = inst.memo[key]  # type: ignore[assignment]
    week, days = table.get(occ.index, (set(), 0))
    return "loan_days" if 1 + sum(1 for o in mine if o.index in week) > days else None


def linear_month(month: MonthRows) -> None:
    """Days-per-week loans in the linear relaxation: `Σ y ≤ days` and `Σ y + shortfall = days`, the
    shortfall priced as in the model; a week nobody can give costs its days as a constant."""
    inst, lp = month.inst, month.lp
    for occ_indexes, days in loan_weeks(inst):
        cols = [c for i in occ_indexes for c in month.by_occ[i]]
        if not cols:
            if days:
                per_day = max(inst.occs[i].unfilled_units for i in occ_indexes)
                lp.offset += month.money(days * per_day)
            continue
        if days == 0:
            lp.row(cols, [1.0] * len(cols), -INFINITY, 0.0)
            continue
        per_day = max(inst.occs[i].unfilled_units for i in occ_indexes)
        short = lp.var(0.0, float(days), month.money(per_day))
        lp.row([*cols, short], [1.0] * len(cols) + [1.0], float(days), float(days))
