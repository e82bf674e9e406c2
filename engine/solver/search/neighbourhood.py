"""Neighbourhood models that hold only the employees re-planned (large months).

Why: a neighbourhood built as the whole month with every other assignment fixed still builds every
employee's month: ~5 s a move on 200 × 60 and ~10 s on 500 × 150, most of a 60-s budget. Here the model
holds the movers alone (their whole month, what lies outside the neighbourhood fixed); the others' plan
enters as constants (`Instance.held`): the heads they work on each occurrence, how often they serve each
recurring need (continuity), and their weekends and km (the fairness averages).

The month's cost is kept term by term (model units, fixed parts included) and a move changes it by the
difference between the neighbourhood's cost of the new plan and of the current one, both exact: the current
one by a solve of the same model with every assignment fixed. That difference is the month's: every term
is a sum over employees (idle, travel, premiums, wishes, preferred employees), over occurrences (unfilled
heads, with the held ones counted), or over needs and the group (continuity's regulars, the fairness
averages) whose other employees' part the model holds as constants. A test compares the kept cost with
the whole month's model on the final plan.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from engine.model import Assignment, Plan, Scenario, SolverFacts
from engine.solver.model.build import Kept, build
from engine.solver.model.instance import Held, Instance, Occ, narrowed
from engine.solver.objective import fairness
from engine.solver.options import SolveOptions
from engine.solver.readback import extract
from engine.solver.search.run import Outcome, complete_hint, price, run

Pair = tuple[str, str]  # (employee id, occurrence key)


@dataclass
class Current:
    """The search's plan: each employee's assignments, its cost by term (model units, fixed parts
    included) and each employee's fairness amounts (weekends, km tenths)."""

    base: Instance
    by_employee: dict[str, list[Assignment]]
    terms: dict[str, int]
    amounts: dict[str, dict[int, int]]

    @classmethod
    def of(cls, outcome: Outcome, base: Instance) -> Current:
        """From a plan solved in a model holding every employee (the first plan); `base` is the month's
        instance with every candidate (that model's may have held only the plan's pairs)."""
        ctx, solver = outcome.built.ctx, outcome.solver
        by_employee: dict[str, list[Assignment]] = defaultdict(list)
        for a in outcome.plan.assignments:
            by_employee[a.employee].append(a)
        return cls(base, dict(by_employee), extract.term_values(ctx, solver), fairness.amounts(ctx, solver))

    def cost(self) -> int:
        return sum(self.terms.values())

    def pairs(self, employees: Iterable[str] | None = None) -> set[Pair]:
        chosen = (
            self.by_employee if employees is None else {e: self.by_employee.get(e, []) for e in employees}
        )
        return {(a.employee, a.occurrence_id) for worked in chosen.values() for a in worked}

    def heads(self) -> Counter[int]:
        """Heads worked per occurrence index."""
        occ_by_key = self.base.occ_by_key
        return Counter(
            occ_by_key[a.occurrence_id].index for worked in self.by_employee.values() for a in worked
        )

    def open_occs(self) -> list[Occ]:
        """Occurrences with heads missing that someone could take (candidates exist)."""
        heads = self.heads()
        return [
            occ
            for occ in self.base.occs
            if not occ.source.optional
            and heads[occ.index] < occ.headcount
            and self.base.eligible_staff[occ.index]
        ]

    def held(self, movers: set[int]) -> Held:
        """What the employees outside `movers` keep, as constants of a neighbourhood's model."""
        base = self.base
        heads: Counter[int] = Counter()
        served: dict[str, Counter[int]] = defaultdict(Counter)
        for employee, worked in self.by_employee.items():
            s = base.staff_by_id[employee].index
            if s in movers:
                continue
            for a in worked:
                occ = base.occ_by_key[a.occurrence_id]
                heads[occ.index] += 1
                if occ.source.secondment is None:
                    served[occ.source.need][s] += 1
        amounts = {
            name: {s: v for s, v in per.items() if s not in movers} for name, per in self.amounts.items()
        }
        return Held(heads, served, amounts)

    def plan(self, scenario: Scenario, label: str, facts: SolverFacts) -> Plan:
        """The plan with its unfilled needs and their reasons (the search has no proof: `time`)."""
        base = self.base
        worked: dict[int, list[Occ]] = defaultdict(list)
        for employee, assignments in self.by_employee.items():
            s = base.staff_by_id[employee].index
            worked[s] = sorted((base.occ_by_key[a.occurrence_id] for a in assignments), key=lambda o: o.start)
        heads = self.heads()
        missing = {occ.index: occ.headcount - heads[occ.index] for occ in base.occs}
        assignments = sorted(
            (a for worked_by in self.by_employee.values() for a in worked_by),
            key=lambda a: (a.start, a.employee, a.need),
        )
        return Plan(
            month=label,
            scenario=scenario.name,
            assignments=assignments,
            unfilled=extract.unfilled_of(base, missing, worked),
            history=scenario.history,
            cost_terms={name: extract.money(base, v) for name, v in sorted(self.terms.items())},
            solver=facts.model_copy(update={"objective": extract.money(base, self.cost())}),
            created_at=dt.datetime.now(dt.UTC),
        )


def move(
    scenario: Scenario,
    first: dt.date,
    last: dt.date,
    label: str,
    options: SolveOptions,
    current: Current,
    movers: set[int],
    allowed: set[Pair],
    fixed: set[Pair],
    kept: Kept = Kept(),
) -> Current | None:
    """Re-plan the movers within `allowed` (their pairs; `fixed` ones kept), the others held: the new
    plan if it lowers the month's cost, else None. `options` are the neighbourhood's (time limit, hint
    off: the current plan is the hint). The movers' pins (the scenario's and `kept.pins`) are kept as
    fixed assignments: the current plan works them, so they are among its pairs; the others' are held.
    In a re-plan (`kept.published`) the changes are priced and nothing is added before `kept.today`."""
    base = current.base
    mover_ids = {base.staff[s].id for s in movers}
    now = current.pairs(mover_ids)
    hinted = replace(
        options, hint=Plan(month=label, assignments=_assignments(current, mover_ids)), greedy_hint=False
    )
    inst = narrowed(base, {p for p in allowed if p[0] in mover_ids} | now, current.held(movers))
    built = build(
        scenario,
        first,
        last,
        hinted,
        pins=list(kept.pins),
        published=kept.published,
        today=kept.today,
        fixed=fixed & now,
        instance=inst,
    )
    before = price(built, lambda staff, i, lit: (staff.id, base.occs[i].source.key) in now, hinted)
    if before is None:
        return None  # the current plan should always fit: a model it does not fit is not used
    complete_hint(built, before)
    built.hinted = False  # checked already: the search starts from it, `run` need not check it again
    outcome = run(built, hinted, month=label, scenario_name=scenario.name, reasons=False)
    after = extract.term_values(built.ctx, outcome.solver)
    was = extract.term_values(built.ctx, before)
    if sum(after.values()) >= sum(was.values()):
        return None
    terms = dict(current.terms)
    for name in set(after) | set(was):
        terms[name] = terms.get(name, 0) + after.get(name, 0) - was.get(name, 0)
    by_employee = {e: worked for e, worked in current.by_employee.items() if e not in mover_ids}
    for a in outcome.plan.assignments:
        by_employee.setdefault(a.employee, []).append(a)
    moved = fairness.amounts(built.ctx, outcome.solver)
    amounts = {name: {**per, **moved.get(name, {})} for name, per in current.amounts.items()}
    return Current(base, by_employee, terms, amounts)


def _assignments(current: Current, employees: set[str]) -> list[Assignment]:
    return [a for e in employees for a in current.by_employee.get(e, [])]
