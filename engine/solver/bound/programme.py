"""The month's linear programme, written straight from the `Instance` (not the CP-SAT model): the rows and
columns described, with why they bound every legal plan, in `engine.solver.bound.relaxation`, which solves it.
`engine.solver.bound.lagrangian` replaces each employee's part of it by the employee's exact month.

The rules write their own rows (engine.solver.rules: `linear_month`, `linear`, and the caps `week_cap`,
`day_cap` read here); the programme writes the columns, the day paths (the arcs `rules.overlap.day_arcs`
allows), the week minutes and the objective's prices (idle time, premiums, travel, wishes, preferred).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from engine.model import WishKind
from engine.solver.bound.linear import INFINITY, EmployeeRows, LinearProgram, MonthRows, past_minutes
from engine.solver.model.instance import Instance, Staff
from engine.solver.objective.idle import FORFAIT_DAY_HOURS, WEEKDAYS_PER_YEAR
from engine.solver.objective.wishes import matches
from engine.solver.rules import linear_rules, month_rules, overlap, week_cap, yearly

ARCS_PER_SHIFT = 3  # arcs in and out of each shift given to the LP solver first (the cheapest)
SUPPORT_EPSILON = 1e-6


class Builder:
    """Writes the LP of the module docstring from an instance."""

    def __init__(self, inst: Instance, ones: set[tuple[int, int]], zeros: set[tuple[int, int]], budget: int):
        self.inst = inst
        self.lp = LinearProgram()
        self.ones, self.zeros = ones, zeros
        self.budget = budget
        self.arcs = 0
        self.pathless_days = 0  # days of two shifts or more left without a path by the arc budget
        self.y: list[dict[int, int]] = [{} for _ in inst.staff]
        # the rows and columns `_employee` wrote for each employee (besides its y): what
        # engine.solver.bound.lagrangian replaces by the employee's exact month
        self.parts: dict[int, tuple[range, range]] = {}
        self.by_occ: list[list[int]] = [[] for _ in inst.occs]  # y columns of each occurrence
        n_weeks = len(inst.horizon.weeks)
        self.week_of_day: dict[int, int] = {d: w for w, days in enumerate(inst.horizon.weeks) for d in days}
        self.week_bounds = [
            (inst.horizon.midnight(days[0]), inst.horizon.midnight(days[-1] + 1))
            for days in inst.horizon.weeks
        ]
        self.n_weeks = n_weeks

    def money(self, units: int) -> float:
        return units / self.inst.units

    def price_home_distance(self, weight: float) -> None:
        """Each assignment pays `weight` × the mileage rate per km from the employee's home to the site."""
        inst = self.inst
        per_km = weight * self.money(inst.money(inst.scenario.objective.mileage_per_km))
        for s, cols in enumerate(self.y):
            staff = inst.staff[s]
            for i, col in cols.items():
                self.lp.cost[col] += per_km * float(inst.home_km(staff, inst.occs[i].site))

    def assignments(self, primal: np.ndarray) -> dict[tuple[int, int], float]:
        """The y columns of a solution above `SUPPORT_EPSILON`, by (staff index, occurrence index)."""
        return {
            (s, i): float(primal[col])
            for s, cols in enumerate(self.y)
            for i, col in cols.items()
            if primal[col] > SUPPORT_EPSILON
        }

    def build(self) -> LinearProgram:
        inst, lp = self.inst, self.lp
        for staff in inst.staff:
            for i in staff.eligible:
                key = (staff.index, i)
                lo = 1.0 if key in self.ones else 0.0
                hi = 0.0 if key in self.zeros and key not in self.ones else 1.0
                col = lp.var(lo, hi)
                self.y[staff.index][i] = col
                self.by_occ[i].append(col)
        month = MonthRows(inst, lp, self.by_occ)
        for rule in month_rules():  # cover, loans
            rule.linear_month(month)
        self._preferred()
        for staff in inst.staff:
            rows, cols = lp.n_rows, lp.n_vars
            self._employee(staff)
            self.parts[staff.index] = (range(rows, lp.n_rows), range(cols, lp.n_vars))
        return lp

    def _preferred(self) -> None:
        inst = self.inst
        bonus = inst.money(inst.scenario.objective.preferred_employee_bonus)
        if not bonus:
            return
        cost = self.money(bonus)
        for occ in inst.occs:
            if occ.source.secondment is not None or not occ.preferred:
                continue
            for s in inst.eligible_staff[occ.index]:
                if inst.staff[s].id not in occ.preferred:
                    self.lp.cost[self.y[s][occ.index]] += cost

    # --- one employee -------------------------------------------------------------------------------

    def _employee(self, staff: Staff) -> None:
        inst, lp = self.inst, self.lp
        weights = inst.scenario.objective
        contract = staff.employee.contract
        rules = staff.rules
        ys = self.y[staff.index]
        idle_pm = inst.per_minute(staff.loaded_hourly * weights.idle_hour_factor)
        travel_pm = inst.per_minute(staff.loaded_hourly * weights.travel_time_factor)
        # travel counted as work through the day paths' arcs only when a travel minute costs at least an
        # idle minute (see the module docstring); otherwise through a bounded weekly variable
        arcs_as_work = travel_pm >= idle_pm or weights.idle_hour_factor == 0
        by_day: dict[int, list[int]] = defaultdict(list)
        for i in staff.eligible:
            by_day[inst.occs[i].day].append(i)
        week_cols: list[list[int]] = [[] for _ in range(self.n_weeks)]
        week_vals: list[list[float]] = [[] for _ in range(self.n_weeks)]
        for i in staff.eligible:
            occ = inst.occs[i]
            w0 = self.week_of_day[occ.day]
            for w in (w0, w0 + 1):
                if w >= self.n_weeks:
                    continue
                lo, hi = self.week_bounds[w]
                minutes = min(occ.end, hi) - max(occ.start, lo)
                if minutes > 0:
                    week_cols[w].append(ys[i])
                    week_vals[w].append(float(minutes))
        past = [past_minutes(inst, staff, days) for days in inst.horizon.weeks]
        works: dict[int, tuple[list[int], list[float]]] = {}  # filled below, once the day paths are known
        rows = EmployeeRows(
            inst, staff, lp, ys, list(zip(week_cols, week_vals, strict=True)), works, by_day, past
        )
        flow_days: set[int] = set()
        starts: dict[int, tuple[list[int], list[float]]] = {}  # day → the day's starts as an expression
        most_interruptions = overlap.interruptions(staff)
        travel_upper = [0.0] * self.n_weeks
        per_tenth = self.money(inst.money(weights.mileage_per_km / 10))
        for day, occ_indexes in by_day.items():
            occs = [inst.occs[i] for i in occ_indexes]
            arcs = overlap.day_arcs(inst, staff, occs)
            w = self.week_of_day[day]
            if rules.travel_between_sites_is_work:
                travel_upper[w] += sum(arc[2] for arc in arcs)
            if len(occs) >= 2 and self.arcs + len(arcs) <= self.budget:
                self.arcs += len(arcs)
                flow_days.add(day)
                into: dict[int, list[int]] = defaultdict(list)
                out: dict[int, list[int]] = defaultdict(list)
                arc_cols = []
                arc_costs = []
                interruptions = []
                for a, b, minutes, km, interruption in arcs:
                    travel = minutes if rules.travel_between_sites_is_work else 0
                    cost = km * per_tenth + (self.money(travel * travel_pm) if arcs_as_work else 0.0)
                    col = lp.var(0.0, 1.0, cost)
                    arc_cols.append(col)
                    arc_costs.append(cost)
                    into[b].append(col)
                    out[a].append(col)
                    if interruption:
                        interruptions.append(col)
                    if arcs_as_work and travel:
                        week_cols[w].append(col)
                        week_vals[w].append(float(travel))
                self._hide(arc_cols, arc_costs, into, out)
                for b, cols in into.items():
                    lp.row([ys[b], *cols], [1.0] + [-1.0] * len(cols), 0.0, INFINITY)
                for a, cols in out.items():
                    lp.row([ys[a], *cols], [1.0] + [-1.0] * len(cols), 0.0, INFINITY)
                day_cols = [ys[i] for i in occ_indexes] + arc_cols
                day_vals = [1.0] * len(occ_indexes) + [-1.0] * len(arc_cols)
                lp.row(day_cols, day_vals, -INFINITY, 1.0)
                starts[day] = (day_cols, day_vals)
                if most_interruptions is not None and interruptions:
                    rows.at_most(interruptions, [1.0] * len(interruptions), most_interruptions)
            elif len(occs) == 1:
                starts[day] = ([ys[occ_indexes[0]]], [1.0])
            else:
                self.pathless_days += 1
        overlap.linear_cliques(rows, flow_days)
        # a variable for the travel minutes of each week where travel is cheaper than idle time
        # (also on a week with no shift of its own: a home leg after a Sunday-night shift)
        if not arcs_as_work and (rules.travel_between_sites_is_work or contract.home_travel_is_work):
            for w in range(self.n_weeks):
                top = travel_upper[w] + self._home_upper(staff, by_day, w)
                if top > 0:
                    col = lp.var(0.0, top, self.money(travel_pm))
                    week_cols[w].append(col)
                    week_vals[w].append(1.0)
        # a day worked: the path's start (flow days, single-shift days); else a variable ≤ the day's shifts
        for day, occ_indexes in by_day.items():
            if day in starts:
                works[day] = starts[day]
            else:
                col = lp.var(0.0, 1.0)
                cols = [ys[i] for i in occ_indexes]
                lp.row([col, *cols], [1.0] + [-1.0] * len(cols), -INFINITY, 0.0)
                works[day] = ([col], [1.0])
        self._idle(staff, week_cols, week_vals, works, idle_pm)
        self._limits(rows)
        self._premiums(rows)
        self._wishes(staff, by_day)

    def _hide(
        self, arc_cols: list[int], costs: list[float], into: dict[int, list[int]], out: dict[int, list[int]]
    ) -> None:
        """Leave out of the LP solver's first model all but the cheapest arcs into and out of each shift
        (pricing brings back those that matter; the bound counts every arc whatever the model)."""
        if len(arc_cols) <= 2 * ARCS_PER_SHIFT:
            return
        price = dict(zip(arc_cols, costs, strict=True))
        keep: set[int] = set()
        for group in (*into.values(), *out.values()):
            keep.update(sorted(group, key=price.__getitem__)[:ARCS_PER_SHIFT])
        self.lp.hidden.update(c for c in arc_cols if c not in keep)

    def _home_upper(self, staff: Staff, by_day: dict[int, list[int]], week: int) -> float:
        if not staff.employee.contract.home_travel_is_work:
            return 0.0
        inst = self.inst
        return float(
            sum(
                2 * inst.home_minutes(staff, inst.occs[i].site)
                for day, occ_indexes in by_day.items()
                if self.week_of_day[day] in (week, week - 1)
                for i in occ_indexes
            )
        )

    def _idle(
        self,
        staff: Staff,
        week_cols: list[list[int]],
        week_vals: list[list[float]],
        works: dict[int, tuple[list[int], list[float]]],
        idle_pm: int,
    ) -> None:
        inst = self.inst
        factor = inst.scenario.objective.idle_hour_factor
        if factor == 0:
            return
        contract = staff.employee.contract
        if staff.forfait:
            days_due = (contract.annual_days or 0) * inst.contract_weekdays(
                staff, list(range(inst.horizon.n_days))
            )
            due = days_due // WEEKDAYS_PER_YEAR
            per_day = inst.money(staff.loaded_hourly * FORFAIT_DAY_HOURS * factor)
            cols = [c for cs, _ in works.values() for c in cs]
            vals = [v for _, vs in works.values() for v in vs]
            self._idle_row(due, cols, vals, per_day)
            return
        if idle_pm <= 0:
            return
        if contract.annualised:
            due = inst.expected_minutes(staff, list(range(inst.horizon.n_days)))
            cols = [c for cs in week_cols for c in cs]
            vals = [v for vs in week_vals for v in vs]
            self._idle_row(due, cols, vals, idle_pm)
            return
        for w, days in enumerate(inst.horizon.weeks):
            self._idle_row(inst.expected_minutes(staff, days), week_cols[w], week_vals[w], idle_pm)

    def _idle_row(self, due: int, cols: list[int], vals: list[float], unit_cost: int) -> None:
        if due <= 0 or unit_cost <= 0:
            return
        if not cols:
            self.lp.offset += self.money(due * unit_cost)
            return
        idle = self.lp.var(0.0, float(due), self.money(unit_cost))
        self.lp.row([idle, *cols], [1.0, *vals], float(due), INFINITY)

    def past_minutes(self, staff: Staff, days: list[int]) -> int:
        return past_minutes(self.inst, staff, days)

    def _limits(self, rows: EmployeeRows) -> None:
        """The rules' rows on the employee's part: the least weekly cap of every rule (`rules.week_cap`:
        the weekly maximum, the part-time cap), then each rule's own (`rules.linear_rules`)."""
        if not rows.staff.eligible:
            return
        cap = week_cap(rows.staff)
        if cap is not None:
            for w, (cols, vals) in enumerate(rows.weeks):
                if cols:
                    rows.at_most(cols, vals, cap - rows.past[w])
        for rule in linear_rules():
            rule.linear(rows)

    def premium_bands(self, staff: Staff) -> tuple[int, int, float, float]:
        """(minutes a week before premiums, minutes of the low band, euros a minute in the low band, in
        the high band) as `objective/premiums.py` prices them: complementary hours for part-timers,
        overtime beyond the legal week for the others."""
        inst, rules, contract = self.inst, staff.rules, staff.employee.contract
        factor = inst.scenario.objective.premium_factor
        if staff.part_time:
            contract_minutes = contract.weekly_minutes
            tenth = contract_minutes // 10
            low_rate, high_rate = rules.complementary_premium_low, rules.complementary_premium_high
        else:
            contract_minutes = max(rules.legal_weekly_minutes, 0)
            tenth = max(0, rules.overtime_high_after_minutes - contract_minutes)
            low_rate, high_rate = rules.overtime_premium_low, rules.overtime_premium_high
        low_cost = self.money(inst.per_minute(staff.loaded_hourly * low_rate * factor)) if factor else 0.0
        high_cost = self.money(inst.per_minute(staff.loaded_hourly * high_rate * factor)) if factor else 0.0
        return contract_minutes, tenth, low_cost, high_cost

    def _premiums(self, rows: EmployeeRows) -> None:
        """Weekly bands (`rules/worktime.bands`) priced as `objective/premiums.py`; the overtime quota on
        them (`rules.yearly.linear_overtime`)."""
        inst, lp, staff = self.inst, self.lp, rows.staff
        week_cols = [cols for cols, _ in rows.weeks]
        week_vals = [vals for _, vals in rows.weeks]
        contract = staff.employee.contract
        if staff.forfait or contract.annualised or not staff.eligible:
            return
        contract_minutes, tenth, low_cost, high_cost = self.premium_bands(staff)
        overtime: list[int] = []
        for w in range(len(inst.horizon.weeks)):
            if not week_cols[w]:
                continue
            past = rows.past[w]
            top = sum(week_vals[w]) + past
            base = lp.var(0.0, float(contract_minutes))
            low = lp.var(0.0, float(tenth), low_cost)
            high = lp.var(0.0, float(top), high_cost)
            lp.row(
                [*week_cols[w], base, low, high], [*week_vals[w], -1.0, -1.0, -1.0], -INFINITY, float(-past)
            )
            overtime += [low, high]
        yearly.linear_overtime(rows, overtime)

    def _wishes(self, staff: Staff, by_day: dict[int, list[int]]) -> None:
        """`objective/wishes.py`, exactly (linear in the assignments)."""
        inst, lp = self.inst, self.lp
        factor = inst.scenario.objective.wish_factor
        if factor == 0:
            return
        ys = self.y[staff.index]
        for wish in staff.employee.wishes:
            weight = inst.money(wish.weight * factor)
            if weight == 0:
                continue
            cost = self.money(weight)
            if wish.date is not None:
                if not inst.horizon.in_horizon(inst.horizon.index(wish.date)):
                    continue
                candidates = by_day.get(inst.horizon.index(wish.date), [])
            else:
                candidates = list(staff.eligible)
            if wish.kind is WishKind.AVOID:
                for i in candidates:
                    if matches(wish, inst.occs[i]):
                        lp.cost[ys[i]] += cost
            elif wish.date is not None:
                met = [ys[i] for i in candidates if matches(wish, inst.occs[i])]
                if not met:
                    lp.offset += cost
                else:
                    missed = lp.var(0.0, 1.0, cost)
                    lp.row([missed, *met], [1.0] * (len(met) + 1), 1.0, INFINITY)
            else:
                for i in candidates:
                    if not matches(wish, inst.occs[i]):
                        lp.cost[ys[i]] += cost
