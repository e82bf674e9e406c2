"""A stronger lower bound than the linear relaxation's: whole employee months priced against the cover.

Why: the relaxation (engine.solver.bound.relaxation) mixes fractions of days, paths and weeks within one
employee's month: a part-timer due 24 h a week reaches them exactly with 24/7 of a 7-h shift, so the
relaxation sees no idle time where every real plan has some. Here each employee's month is solved exactly
instead, against prices of the shared rows.

Lagrangian relaxation of the rows employees share (cover and loans: the rows `Builder` writes outside an
employee): for multipliers λ on them,

    L(λ) = offset + Σ λ·b + Σ over the shared columns (unfilled, surplus) of min(reduced cost × bound)
           + Σ_e min over employee e's months of (e's costs − λ·e's share of the shared rows)

is a lower bound of every plan's cost in `relaxation.TERMS`, for any λ. At the relaxation's own duals it
is at least the relaxation's bound (each employee's minimum over whole months is at least the minimum of
its linear part), and subgradient steps raise it while time remains. Generated 50 × 20 (March 2026):
11,002 € → 11,288 € at the relaxation's duals, 11,377 € after 40 steps; 200 × 60 with the relaxation
without day paths: 13,785 € → 15,500 € (the months' paths carry the travel between sites).

One employee's month (`EmployeeMonth`) is a dynamic programme over days whose state is the minutes worked
in the week so far: a day is off or one day path (shifts one after the other, as `rules.overlap.day_arcs` allows,
within the daily maximum and, for part-timers, `part_time_max_breaks` interruptions), costing its shifts'
prices, the mileage and travel time between its sites, and a dated wish it misses; the end of a week costs
idle time and premiums of its minutes (`objective/idle.py`, `objective/premiums.py`, as the relaxation
prices them) and caps them (weekly maximum, part-time cap). A shift across Monday 00:00 carries its
minutes into the next week, as the relaxation counts them. Rules it leaves out only widen the months it
ranges over, so the bound stays valid: daily rest, weekly rest and 6 days a week, overlaps across midnight,
the 12-week average, annual caps and the overtime quota. Employees it does not cover (forfait jours,
annualised contracts, pins, travel cheaper than idle time, or more paths than `MAX_PATHS`) keep their
part of the relaxation's own Lagrangian, a valid bound of their part at any multipliers.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from engine.model import WishKind
from engine.solver.bound.programme import Builder
from engine.solver.model.instance import Occ, Staff
from engine.solver.objective.wishes import matches
from engine.solver.rules import day_cap, overlap, week_cap

TIME_SHARE = 0.25  # of the relaxation's own time, when it has a deadline
MAX_PATHS = 400_000  # day paths over all employees; beyond them employees keep their linear part
DETERMINISTIC_STEPS = 10  # subgradient steps without a deadline (deterministic runs)
MAX_STEPS = 60
TARGET_MARGIN = 0.05  # Polyak steps aim this far above the best bound so far
FIRST_STEP = 0.2
STALL_STEPS = 3  # steps without progress before the step is halved
INFINITY = float("inf")


@dataclass
class Week:
    days: list[int]
    cap: int  # most minutes the week may hold
    cost: np.ndarray  # idle time and premiums by minutes worked, 0..cap


class EmployeeMonth:
    """One employee's cheapest month for given prices of their assignments (module docstring)."""

    def __init__(
        self,
        builder: Builder,
        staff: Staff,
        day_paths: list[list[tuple[int, int, float, list[int]]]],
        off_cost: dict[int, float],
        weeks: list[Week],
    ):
        """`day_paths[d]`: (own minutes, minutes carried into the next week, fixed cost, occurrences) of
        each path of day d; the off day is implicit and costs `off_cost[d]` (a dated wish it misses);
        `weeks`: each legal week's cap and cost by minutes."""
        ys = builder.y[staff.index]
        lengths = [len(paths) for paths in day_paths]
        self.day_of_path = np.repeat(np.arange(len(day_paths)), lengths)
        flat = [path for paths in day_paths for path in paths]
        self.own = np.array([p[0] for p in flat], dtype=np.int64)
        self.carried = np.array([p[1] for p in flat], dtype=np.int64)
        self.fixed = np.array([p[2] for p in flat], dtype=np.float64)
        self.member_path = np.repeat(np.arange(len(flat)), [len(p[3]) for p in flat])
        self.member_col = np.array([ys[i] for p in flat for i in p[3]], dtype=np.int64)
        self.members = [p[3] for p in flat]
        # paths grouped by (day, own, carried): the programme needs each group's cheapest only
        keys = np.stack([self.day_of_path, self.own, self.carried]) if flat else np.zeros((3, 0), np.int64)
        _, self.group, counts = np.unique(keys, axis=1, return_inverse=True, return_counts=True)
        self.group = self.group.reshape(-1)
        self.n_groups = len(counts)
        self.group_day = np.zeros(self.n_groups, dtype=np.int64)
        self.group_own = np.zeros(self.n_groups, dtype=np.int64)
        self.group_carried = np.zeros(self.n_groups, dtype=np.int64)
        self.group_day[self.group] = self.day_of_path
        self.group_own[self.group] = self.own
        self.group_carried[self.group] = self.carried
        self.groups_of_day: dict[int, list[int]] = defaultdict(list)
        for g in range(self.n_groups):
            self.groups_of_day[int(self.group_day[g])].append(g)
        self.off_cost = off_cost
        self.weeks = weeks

    def cheapest(self, prices: np.ndarray) -> tuple[float, list[int]] | None:
        """The month's least cost with `prices` (by relaxation column) on the assignments, and the
        occurrences it works; None if no month fits the caps."""
        cost = self.fixed + np.bincount(
            self.member_path, weights=prices[self.member_col], minlength=len(self.fixed)
        )
        best = np.full(self.n_groups, INFINITY)
        np.minimum.at(best, self.group, cost)
        # the cheapest path of each group (for reading the month back)
        winner = np.full(self.n_groups, -1, dtype=np.int64)
        hits = np.flatnonzero(cost <= best[self.group])
        winner[self.group[hits]] = hits
        states: dict[int, float] = {0: 0.0}  # minutes carried into the week → least cost so far
        trail: list[dict[int, tuple[float, int, list[np.ndarray], int, int]]] = []
        for week in self.weeks:
            reached: dict[int, tuple[float, int, list[np.ndarray], int, int]] = {}
            for carried_in, so_far in states.items():
                if carried_in > week.cap:
                    continue
                value = np.full(week.cap + 1, INFINITY)
                value[carried_in] = 0.0
                layers = [value]
                spills: dict[int, np.ndarray] = {}
                for day in week.days:
                    nxt = value + self.off_cost.get(day, 0.0)
                    for g in self.groups_of_day.get(day, ()):
                        own = int(self.group_own[g])
                        if own > week.cap:
                            continue
                        moved = np.full(week.cap + 1, INFINITY)
                        moved[own:] = value[: week.cap + 1 - own] + best[g]
                        carried = int(self.group_carried[g])
                        if carried:
                            spills[carried] = (
                                np.minimum(spills[carried], moved) if carried in spills else moved
                            )
                        else:
                            np.minimum(nxt, moved, out=nxt)
                    value = nxt
                    layers.append(value)
                for carried_out, final in ((0, value), *spills.items()):
                    total = final + week.cost
                    at = int(np.argmin(total))
                    reached_value = so_far + float(total[at])
                    if carried_out not in reached or reached_value < reached[carried_out][0]:
                        reached[carried_out] = (reached_value, carried_in, layers, carried_out, at)
            if not reached:
                return None
            trail.append(reached)
            states = {k: v[0] for k, v in reached.items()}
        end = min(states, key=states.__getitem__)
        return states[end], self._read_back(trail, end, best, winner)

    def _read_back(
        self,
        trail: list[dict[int, tuple[float, int, list[np.ndarray], int, int]]],
        end: int,
        best: np.ndarray,
        winner: np.ndarray,
    ) -> list[int]:
        worked: list[int] = []
        for week, reached in zip(reversed(self.weeks), reversed(trail), strict=True):
            _, carried_in, layers, carried_out, minutes = reached[end]
            for k in range(len(week.days) - 1, -1, -1):
                day = week.days[k]
                before, after = layers[k], layers[k + 1]
                last_carrying = carried_out and k == len(week.days) - 1
                if not last_carrying and before[minutes] + self.off_cost.get(day, 0.0) == after[minutes]:
                    continue
                choices = [
                    (before[minutes - int(self.group_own[g])] + best[g], g)
                    for g in self.groups_of_day.get(day, ())
                    if int(self.group_carried[g]) == (carried_out if last_carrying else 0)
                    and int(self.group_own[g]) <= minutes
                ]
                _, g = min(choices)
                worked.extend(self.members[int(winner[g])])
                minutes -= int(self.group_own[g])
            end = carried_in
        return worked


def months(builder: Builder, deadline: float | None) -> dict[int, EmployeeMonth]:
    """The `EmployeeMonth` of each employee the programme covers (module docstring), by staff index;
    stops at the deadline or at `MAX_PATHS` paths (the rest keep their linear part)."""
    out: dict[int, EmployeeMonth] = {}
    budget = MAX_PATHS
    for staff in builder.inst.staff:
        if deadline is not None and time.perf_counter() > deadline:
            break
        month = _month(builder, staff, budget)
        if month is not None:
            budget -= len(month.fixed)
            out[staff.index] = month
    return out


def _month(builder: Builder, staff: Staff, budget: int) -> EmployeeMonth | None:
    inst, lp = builder.inst, builder.lp
    weights = inst.scenario.objective
    contract = staff.employee.contract
    if staff.forfait or contract.annualised or not staff.eligible:
        return None
    idle_pm = inst.per_minute(staff.loaded_hourly * weights.idle_hour_factor)
    travel_pm = inst.per_minute(staff.loaded_hourly * weights.travel_time_factor)
    if travel_pm < idle_pm and weights.idle_hour_factor != 0:
        return None  # the relaxation's weekly travel variable: kept linear
    ys = builder.y[staff.index]
    if any(lp.lower[col] > 0 for col in ys.values()):
        return None  # pinned
    usable = [i for i in staff.eligible if lp.upper[ys[i]] > 0]
    if not usable:
        return None
    by_day: dict[int, list[Occ]] = defaultdict(list)
    for i in usable:
        by_day[inst.occs[i].day].append(inst.occs[i])
    wishes = _dated_wishes(builder, staff, by_day)
    day_paths: list[list[tuple[int, int, float, list[int]]]] = [[] for _ in range(inst.horizon.n_days)]
    off_cost: dict[int, float] = {}
    count = 0
    for day, occs in by_day.items():
        paths = _day_paths(builder, staff, day, occs, travel_pm)
        count += len(paths)
        if count > budget:
            return None
        missed = wishes.get(day, [])
        off_cost[day] = sum(cost for _, cost in missed)
        day_paths[day] = [
            (
                own,
                carried,
                cost + sum(c for wish, c in missed if not any(matches(wish, inst.occs[i]) for i in path)),
                path,
            )
            for own, carried, cost, path in paths
        ]
    weeks = _weeks(builder, staff, usable, idle_pm)
    if any(week.cap < 0 for week in weeks):
        return None
    return EmployeeMonth(builder, staff, day_paths, off_cost, weeks)


def _dated_wishes(builder: Builder, staff: Staff, by_day: dict[int, list[Occ]]) -> dict[int, list]:
    """Dated wishes to work (`Builder._wishes`: a cost when the day works none of the matching shifts),
    those with a matching candidate only (the others are the relaxation's constant)."""
    inst = builder.inst
    factor = inst.scenario.objective.wish_factor
    out: dict[int, list] = defaultdict(list)
    if factor == 0:
        return out
    for wish in staff.employee.wishes:
        weight = inst.money(wish.weight * factor)
        if weight == 0 or wish.kind is WishKind.AVOID or wish.date is None:
            continue
        day = inst.horizon.index(wish.date)
        if not inst.horizon.in_horizon(day):
            continue
        if any(matches(wish, occ) for occ in by_day.get(day, [])):
            out[day].append((wish, builder.money(weight)))
    return out


def _day_paths(
    builder: Builder, staff: Staff, day: int, occs: list[Occ], travel_pm: int
) -> list[tuple[int, int, float, list[int]]]:
    """Every path of the day: (minutes in the day's week, minutes in the next, cost of its travel,
    occurrences), travel between sites counted as work where the rules say so."""
    inst, rules = builder.inst, staff.rules
    per_tenth = builder.money(inst.money(inst.scenario.objective.mileage_per_km / 10))
    week = builder.week_of_day[day]
    low, high = builder.week_bounds[week]
    has_next = week + 1 < builder.n_weeks

    def split(occ: Occ) -> tuple[int, int]:
        return min(occ.end, high) - max(occ.start, low), (max(0, occ.end - high) if has_next else 0)

    after: dict[int, list[tuple[int, int, float, bool]]] = defaultdict(list)
    if not rules.one_shift_per_day:
        for a, b, minutes, km, interruption in overlap.day_arcs(inst, staff, occs):
            travel = minutes if rules.travel_between_sites_is_work else 0
            after[a].append((b, travel, km * per_tenth + builder.money(travel * travel_pm), interruption))
    limit = day_cap(staff)
    breaks = overlap.interruptions(staff)
    paths: list[tuple[int, int, float, list[int]]] = []

    def extend(
        last: int, own: int, carried: int, cost: float, length: int, pauses: int, path: list[int]
    ) -> None:
        paths.append((own, carried, cost, path))
        for nxt, travel, price, interruption in after.get(last, ()):
            occ = inst.occs[nxt]
            if limit is not None and length + occ.length > limit:
                continue
            more = pauses + interruption
            if breaks is not None and more > breaks:
                continue
            mine, theirs = split(occ)
            extend(
                nxt,
                own + travel + mine,
                carried + theirs,
                cost + price,
                length + occ.length,
                more,
                [*path, nxt],
            )

    for occ in occs:
        mine, theirs = split(occ)
        extend(occ.index, mine, theirs, 0.0, occ.length, 0, [occ.index])
    return paths


def _weeks(builder: Builder, staff: Staff, usable: list[int], idle_pm: int) -> list[Week]:
    """Each legal week's cap and cost by minutes, as the relaxation prices them (`Builder._idle`,
    `_limits`, `_premiums`); weeks where the relaxation has no column cost nothing here (their idle time
    is its constant)."""
    inst = builder.inst
    weights = inst.scenario.objective
    touched = set()
    for i in staff.eligible:
        occ = inst.occs[i]
        w0 = builder.week_of_day[occ.day]
        for w in (w0, w0 + 1):
            if w < builder.n_weeks:
                low, high = builder.week_bounds[w]
                if min(occ.end, high) - max(occ.start, low) > 0:
                    touched.add(w)
    cap = week_cap(staff)  # the weekly maximum and the part-time cap (engine.solver.rules)
    contract_minutes, tenth, low_cost, high_cost = builder.premium_bands(staff)
    out = []
    for w, days in enumerate(inst.horizon.weeks):
        past = builder.past_minutes(staff, days)
        top = (cap - past if cap is not None else 7 * 1440) if w in touched else 0
        minutes = np.arange(max(top, 0) + 1)
        cost = np.zeros(len(minutes))
        if w in touched:
            due = inst.expected_minutes(staff, days)
            if weights.idle_hour_factor and idle_pm > 0 and due > 0:
                cost += builder.money(idle_pm) * np.clip(due - minutes, 0, None)
            excess = minutes + past - contract_minutes
            cost += low_cost * np.clip(excess, 0, tenth) + high_cost * np.clip(excess - tenth, 0, None)
        out.append(Week(days, top, cost))
    return out


def strengthen(builder: Builder, duals: np.ndarray, deadline: float | None) -> float | None:
    """The best Lagrangian bound (euros, like the relaxation's) from `duals` (the relaxation's, in the
    sign convention of `LinearProgram.lagrangian`) and subgradient steps until `deadline` (None:
    `DETERMINISTIC_STEPS`); None when no employee month could be built in time."""
    covered = months(builder, deadline)
    if not covered:
        return None
    lagrangian = Lagrangian(builder, covered)
    lam = duals.copy()
    best = -INFINITY
    step, stall = FIRST_STEP, 0
    for k in range(MAX_STEPS if deadline is not None else DETERMINISTIC_STEPS):
        if k and deadline is not None and time.perf_counter() > deadline:
            break
        value, slope, lam = lagrangian.evaluate(lam)
        if value > best + 1e-6:
            best, stall = value, 0
        else:
            stall += 1
            if stall >= STALL_STEPS:
                step, stall = step / 2, 0
        norm = float(slope @ slope)
        if norm == 0:
            break
        target = best + TARGET_MARGIN * max(abs(best), 1.0)
        lam = lam + step * (target - value) / norm * slope
    return best


class Lagrangian:
    """L(λ) of the module docstring and a subgradient, for a relaxation and its covered employees."""

    def __init__(self, builder: Builder, covered: dict[int, EmployeeMonth]) -> None:
        lp = builder.lp
        self.lp, self.covered = lp, covered
        self.rows, self.cols, self.vals = lp.matrix()
        self.row_owner = np.full(lp.n_rows, -1, dtype=np.int64)
        self.col_owner = np.full(lp.n_vars, -1, dtype=np.int64)
        for s, (rows, cols) in builder.parts.items():
            self.row_owner[rows.start : rows.stop] = s
            self.col_owner[cols.start : cols.stop] = s
        for s, ys in enumerate(builder.y):
            self.col_owner[list(ys.values())] = s
        self.shared = np.flatnonzero(self.row_owner < 0)
        self.shared_entry = self.row_owner[self.rows] < 0
        self.lo, self.hi = np.array(lp.row_lo), np.array(lp.row_hi)
        self.lower, self.upper, self.cost = np.array(lp.lower), np.array(lp.upper), np.array(lp.cost)
        self.y_cols = {s: np.array(list(builder.y[s].values()), dtype=np.int64) for s in covered}
        self.y_index = {s: builder.y[s] for s in covered}
        self.n_staff = len(builder.y)

    def evaluate(self, duals: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """(L(λ), a subgradient on the shared rows, λ made valid for the rows' senses)."""
        value, slope, lam, _ = self.evaluate_months(duals)
        return value, slope, lam

    def evaluate_months(
        self, duals: np.ndarray
    ) -> tuple[float, np.ndarray, np.ndarray, dict[int, tuple[float, list[int]]]]:
        """`evaluate`, and each covered employee's cheapest month at λ: (its cost at the assignments' own
        prices, the occurrences it works), by staff index (engine.benchmarks.columns adds them as columns)."""
        lp, rows, cols, vals = self.lp, self.rows, self.cols, self.vals
        lam = duals.copy()
        lam[(lam > 0) & ~np.isfinite(self.lo)] = 0.0
        lam[(lam < 0) & ~np.isfinite(self.hi)] = 0.0
        shared = self.shared_entry
        priced = self.cost - np.bincount(
            cols[shared], weights=vals[shared] * lam[rows[shared]], minlength=lp.n_vars
        )
        reduced = self.cost - np.bincount(cols, weights=vals * lam[rows], minlength=lp.n_vars)
        pushed = np.where(
            lam > 0,
            np.where(np.isfinite(self.lo), self.lo, 0.0),
            np.where(lam < 0, np.where(np.isfinite(self.hi), self.hi, 0.0), 0.0),
        )
        x = np.where(reduced > 0, self.lower, self.upper)
        row_part = np.bincount(self.row_owner + 1, weights=lam * pushed, minlength=self.n_staff + 1)
        col_part = np.bincount(self.col_owner + 1, weights=reduced * x, minlength=self.n_staff + 1)
        total = lp.offset + row_part[0] + col_part[0]
        months: dict[int, tuple[float, list[int]]] = {}
        for s in range(self.n_staff):
            month = self.covered.get(s)
            found = None if month is None else month.cheapest(priced)
            if found is None:
                total += row_part[s + 1] + col_part[s + 1]
                continue
            total += found[0]
            x[self.y_cols[s]] = 0.0
            worked = [self.y_index[s][i] for i in found[1]]
            x[worked] = 1.0
            # what the month costs without λ: its value plus the prices λ took off its assignments
            months[s] = (found[0] + float(np.sum(self.cost[worked] - priced[worked])), found[1])
        activity = np.bincount(rows[shared], weights=vals[shared] * x[cols[shared]], minlength=lp.n_rows)
        # a subgradient: the row's pushed bound minus its activity; at λ = 0, towards the bound it breaks
        with np.errstate(invalid="ignore"):
            idle_slope = np.where(
                activity < self.lo, self.lo - activity, np.where(activity > self.hi, self.hi - activity, 0.0)
            )
        slope = np.zeros(lp.n_rows)
        moving = np.where(lam != 0, pushed - activity, idle_slope)
        slope[self.shared] = moving[self.shared]
        return total - 1e-9 * max(1.0, abs(total)), slope, lam, months
