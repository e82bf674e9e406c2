"""The month's linear programme, written straight from the `Instance` (not the CP-SAT model): the rows and
columns described, with why they bound every legal plan, in `engine.solver.bound.relaxation`, which solves it.
`engine.solver.bound.lagrangian` replaces each employee's part of it by the employee's exact month.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from engine.model import WishKind
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.objective.idle import FORFAIT_DAY_HOURS, WEEKDAYS_PER_YEAR
from engine.solver.objective.wishes import matches
from engine.solver.rules.loans import loan_weeks
from engine.solver.rules.part_time import weekly_cap

ARCS_PER_SHIFT = 3  # arcs in and out of each shift given to the LP solver first (the cheapest)
SUPPORT_EPSILON = 1e-6
INFINITY = float("inf")


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
        self._cover()
        self._loans()
        self._preferred()
        for staff in inst.staff:
            rows, cols = lp.n_rows, lp.n_vars
            self._employee(staff)
            self.parts[staff.index] = (range(rows, lp.n_rows), range(cols, lp.n_vars))
        return lp

    # --- cover --------------------------------------------------------------------------------------

    def _cover(self) -> None:
        lp = self.lp
        for occ in self.inst.occs:
            cols = self.by_occ[occ.index]
            n, need = len(cols), occ.headcount
            priced = not occ.source.optional
            if priced:
                lp.offset += self.money(max(0, need - n) * occ.unfilled_units)
            if not cols:
                continue
            target = min(need, n)
            row_cols, row_vals = list(cols), [1.0] * n
            if target > 0:
                short = lp.var(0.0, float(target), self.money(occ.unfilled_units) if priced else 0.0)
                row_cols.append(short)
                row_vals.append(1.0)
            if occ.surplus_units is not None and n > need and occ.max_surplus > 0:
                # objective/cover.py prices no surplus on the optional days of a loan
                price = self.money(occ.surplus_units) if priced else 0.0
                surplus = lp.var(0.0, float(min(occ.max_surplus, n - need)), price)
                row_cols.append(surplus)
                row_vals.append(-1.0)
            lp.row(row_cols, row_vals, float(target), float(target))

    def _loans(self) -> None:
        """Days-per-week loans as `rules/loans.py`."""
        inst, lp = self.inst, self.lp
        for occ_indexes, days in loan_weeks(inst):
            cols = [c for i in occ_indexes for c in self.by_occ[i]]
            if not cols:
                if days:
                    per_day = max(inst.occs[i].unfilled_units for i in occ_indexes)
                    lp.offset += self.money(days * per_day)
                continue
            if days == 0:
                lp.row(cols, [1.0] * len(cols), -INFINITY, 0.0)
                continue
            per_day = max(inst.occs[i].unfilled_units for i in occ_indexes)
            short = lp.var(0.0, float(days), self.money(per_day))
            lp.row([*cols, short], [1.0] * len(cols) + [1.0], float(days), float(days))

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
        flow_days: set[int] = set()
        starts: dict[int, tuple[list[int], list[float]]] = {}  # day → the day's starts as an expression
        travel_upper = [0.0] * self.n_weeks
        per_tenth = self.money(inst.money(weights.mileage_per_km / 10))
        for day, occ_indexes in by_day.items():
            occs = [inst.occs[i] for i in occ_indexes]
            arcs = self.day_arcs(staff, occs)
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
                if staff.part_time and rules.part_time_max_breaks is not None and interruptions:
                    lp.row(
                        interruptions,
                        [1.0] * len(interruptions),
                        -INFINITY,
                        float(rules.part_time_max_breaks),
                    )
            elif len(occs) == 1:
                starts[day] = ([ys[occ_indexes[0]]], [1.0])
            else:
                self.pathless_days += 1
        self._cliques(staff, flow_days)
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
        works: dict[int, tuple[list[int], list[float]]] = {}
        for day, occ_indexes in by_day.items():
            if day in starts:
                works[day] = starts[day]
            else:
                col = lp.var(0.0, 1.0)
                cols = [ys[i] for i in occ_indexes]
                lp.row([col, *cols], [1.0] + [-1.0] * len(cols), -INFINITY, 0.0)
                works[day] = ([col], [1.0])
        self._idle(staff, week_cols, week_vals, works, idle_pm)
        self._limits(staff, week_cols, week_vals, works, by_day)
        self._premiums(staff, week_cols, week_vals)
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

    def day_arcs(self, staff: Staff, occs: list[Occ]) -> list[tuple[int, int, int, int, bool]]:
        """(a, b, travel minutes, km tenths, interruption) for shifts of one day that may be worked one
        right after the other: the pairs `rules/overlap._same_day` does not forbid (travel time, amplitude,
        breaks, a part-timer's longest interruption); `interruption`: free time between them, which a
        part-timer may have `part_time_max_breaks` times a day."""
        inst, rules = self.inst, staff.rules
        rest = staff.daily_rest
        amplitude = 1440 - rest if rest else None
        max_break = rules.part_time_max_break_minutes if staff.part_time else None
        threshold = rules.break_threshold_minutes
        out = []
        for b in occs:
            for a in occs:
                if a is b or a.end > b.start:
                    continue
                travel = inst.travel_minutes(a.site, b.site) if a.site != b.site else 0
                if b.start - a.end - travel < 0:
                    continue
                if amplitude is not None and inst.work_end(staff, b) - inst.work_start(staff, a) > amplitude:
                    continue
                worked_travel = travel if rules.travel_between_sites_is_work else 0
                free = b.start - a.end - worked_travel
                if max_break is not None and free > max_break:
                    continue
                if threshold is not None:
                    if free < rules.break_minutes:
                        if a.length + worked_travel + b.length >= threshold:
                            continue
                    elif b.length < threshold <= worked_travel + b.length:
                        continue
                km = int(inst.travel.km(a.site, b.site) * 10) if a.site != b.site and travel > 0 else 0
                out.append((a.index, b.index, travel, km, free > 0))
        return out

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

    def _cliques(self, staff: Staff, flow_days: set[int]) -> None:
        """At-most-one on each maximal clique of overlapping shifts (`rules/overlap._cliques`), except
        those inside one flow day (the day's path implies them)."""
        occs, ys = self.inst.occs, self.y[staff.index]

        def emit(clique: list[int]) -> None:
            days = {occs[i].day for i in clique}
            if len(days) == 1 and next(iter(days)) in flow_days:
                return
            self.lp.row([ys[i] for i in clique], [1.0] * len(clique), -INFINITY, 1.0)

        if staff.rules.one_shift_per_day:
            by_day: dict[int, list[int]] = defaultdict(list)
            for i in staff.eligible:
                by_day[occs[i].day].append(i)
            for clique in by_day.values():
                if len(clique) >= 2:
                    self.lp.row([ys[i] for i in clique], [1.0] * len(clique), -INFINITY, 1.0)
        active: list[int] = []
        for i in staff.eligible:  # sorted by start
            start = occs[i].start
            alive = [a for a in active if occs[a].end > start]
            if len(alive) < len(active) and len(active) >= 2:
                emit(active)
            active = [*alive, i]
        if len(active) >= 2:
            emit(active)

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
        h = self.inst.horizon
        lo, hi = h.midnight(days[0]), h.midnight(days[-1] + 1)
        return sum(max(0, min(f.end, hi) - max(f.start, lo)) for f in staff.fixed)

    def _limits(
        self,
        staff: Staff,
        week_cols: list[list[int]],
        week_vals: list[list[float]],
        works: dict[int, tuple[list[int], list[float]]],
        by_day: dict[int, list[int]],
    ) -> None:
        inst, lp = self.inst, self.lp
        if not staff.eligible:
            return
        weeks = inst.horizon.weeks
        rules = staff.rules
        contract = staff.employee.contract
        past = [self.past_minutes(staff, days) for days in weeks]
        caps = []
        if staff.weekly_max is not None:
            caps.append(staff.weekly_max)
        if staff.part_time and rules.complementary_ratio is not None and not contract.annualised:
            caps.append(
                weekly_cap(contract.weekly_minutes, rules.complementary_ratio, rules.legal_weekly_minutes)
            )
        if caps:
            for w in range(len(weeks)):
                if week_cols[w]:
                    lp.row(week_cols[w], week_vals[w], -INFINITY, float(min(caps) - past[w]))
        # 12-week average (rules/rolling_average.py)
        if not staff.forfait:
            limits = []
            if rules.rolling_avg_max_minutes is not None:
                limits.append(rules.rolling_avg_max_minutes)
            if contract.night_worker and rules.night_avg_max_minutes is not None:
                limits.append(rules.night_avg_max_minutes)
            if limits:
                span = rules.rolling_avg_weeks
                history = list(staff.history.weekly_minutes) if staff.history else []
                for last in range(len(weeks)):
                    first = last - span + 1
                    inside = [w for w in range(max(0, first), last + 1) if week_cols[w]]
                    if not inside:
                        continue
                    constant = sum(past[w] for w in range(max(0, first), last + 1))
                    for back in range(1, 1 - first if first < 0 else 1):
                        total = history[-back] if back <= len(history) else 0
                        constant += max(total, self.past_minutes(staff, [d - 7 * back for d in weeks[0]]))
                    cols = [c for w in inside for c in week_cols[w]]
                    vals = [v for w in inside for v in week_vals[w]]
                    lp.row(cols, vals, -INFINITY, float(min(limits) * span - constant))
        # daily maximum on the shifts (travel left out: a weaker row)
        limit = staff.daily_max
        if limit is not None:
            for occ_indexes in by_day.values():
                lengths = [inst.occs[i].length for i in occ_indexes]
                if sum(lengths) > limit:
                    lp.row(
                        [self.y[staff.index][i] for i in occ_indexes],
                        [float(x) for x in lengths],
                        -INFINITY,
                        float(limit),
                    )
        # 6 days a week (rules/weekly_max.py)
        max_days = rules.max_days_per_week
        if max_days is not None:
            for days in weeks:
                constant = sum(int(staff.past_worked(d) or 0) for d in days if d < 0)
                inside = [d for d in days if d in works]
                if len(inside) + constant > max_days:
                    cols = [c for d in inside for c in works[d][0]]
                    vals = [v for d in inside for v in works[d][1]]
                    lp.row(cols, vals, -INFINITY, float(max_days - constant))
        # annual hours and days (rules/yearly.py)
        record = staff.history
        if staff.forfait:
            cap = min(contract.annual_days or rules.forfait_max_days, rules.forfait_max_days)
            used = record.ytd_days_worked if record else 0
            if len(works) + used > cap:
                cols = [c for cs, _ in works.values() for c in cs]
                vals = [v for _, vs in works.values() for v in vs]
                lp.row(cols, vals, -INFINITY, float(cap - used))
        elif contract.annualised and contract.annual_hours is not None:
            cap_minutes = int(contract.annual_hours * 60)
            used = record.ytd_minutes if record else 0
            cols = [self.y[staff.index][i] for i in staff.eligible]
            vals = [float(inst.occs[i].length) for i in staff.eligible]
            if sum(vals) + used > cap_minutes:
                lp.row(cols, vals, -INFINITY, float(cap_minutes - used))

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

    def _premiums(self, staff: Staff, week_cols: list[list[int]], week_vals: list[list[float]]) -> None:
        """Weekly bands (`rules/worktime.bands`) priced as `objective/premiums.py`; the overtime quota."""
        inst, lp = self.inst, self.lp
        contract = staff.employee.contract
        if staff.forfait or contract.annualised or not staff.eligible:
            return
        rules = staff.rules
        contract_minutes, tenth, low_cost, high_cost = self.premium_bands(staff)
        quota = rules.overtime_annual_quota_minutes
        overtime: list[int] = []
        for w, days in enumerate(inst.horizon.weeks):
            if not week_cols[w]:
                continue
            past = self.past_minutes(staff, days)
            top = sum(week_vals[w]) + past
            base = lp.var(0.0, float(contract_minutes))
            low = lp.var(0.0, float(tenth), low_cost)
            high = lp.var(0.0, float(top), high_cost)
            lp.row(
                [*week_cols[w], base, low, high], [*week_vals[w], -1.0, -1.0, -1.0], -INFINITY, float(-past)
            )
            overtime += [low, high]
        if quota is not None and not staff.part_time and overtime:
            used = staff.history.ytd_overtime_minutes if staff.history else 0
            lp.row(overtime, [1.0] * len(overtime), -INFINITY, float(max(0, quota - used)))

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
