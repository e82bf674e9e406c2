"""Who is a night worker: the status follows the schedule, not only the contract (L3122-5).

A night worker is whoever works at least 3 h of night time (`night_worker_night_minutes`, the rule set's
night period, 21:00–06:00 by default) on at least two working days of a legal week
(`night_worker_days_per_week`), or reaches the agreement's count of night hours over a reference period
(L3122-16), 270 h over 12 consecutive months without an agreement (L3122-23:
`night_worker_reference_minutes`, `night_worker_reference_months`). A night worker's working day with
night work is at most 8 h (L3122-6, `rules.daily_max`) and their weeks at most 40 h on average over 12 weeks
(L3122-7, `rules.rolling_average`). Read as the checker reads it (docs/checker.md, "Night workers"): the status
holds for the whole horizon once one week of it (the days of a week straddling its start read from the
history) or the reference count says so.

Encoding: employees with `night_worker` in their contract are night workers (a constant). For the others,
only where night time is possible (some candidate shift, travel or history minute in the night period),
one literal `status` per employee is forced true by the schedule, and the night limits are enforced
only when it is true — so a plan may make someone a night worker, and then keeps their limits:
- a day `d` whose pieces may hold 3 h of night time gets a literal `long[d]` forced by
  `night(d) <= 179 + M × long[d]` (night(d): the night minutes of its shifts, travel between sites and
  home legs that count as work; a travel amount whose window meets the night counts whole, which is
  conservative);
- each legal week: `Σ long[d] + the history's long days <= 1 + 7 × status`;
- the reference count: `night minutes of the horizon + the history's previous months <= 269 h + M ×
  status`.
Employees for whom no night time is possible get no variable and no row (most of an ordinary month).
"""

from __future__ import annotations

from typing import Any, cast

from engine.solver.model.context import Context, Term, upper, weighted
from engine.solver.model.encoding import Lit
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import by_day, day_pieces

ARTICLES = ("L3122-5", "L3122-16", "L3122-23")

LIMITS: dict[str, tuple[str, tuple[str, ...]]] = {}

blocks = None  # the status is not a limit itself: `daily_max` and `rolling_average` say when its limits block

linear = None  # the status is a choice the LP leaves open: `rolling_average` reads the contract's


def build(ctx: Context) -> None:
    statuses = ctx.night_status
    for staff in ctx.inst.staff:
        if staff.employee.contract.night_worker:
            statuses[staff.index] = 1
        elif staff.eligible and matters(staff) and night_possible(ctx.inst, staff):
            statuses[staff.index] = _status(ctx, staff)


def status(ctx: Context, staff: Staff) -> Lit:
    """Whether the employee is a night worker in the model: 1, 0 or a literal."""
    if staff.employee.contract.night_worker:
        return 1
    return ctx.night_status.get(staff.index, 0)


def matters(staff: Staff) -> bool:
    """Whether the status could change anything for this employee: a night limit applies to them and
    the rule set says who is a night worker."""
    rules = staff.rules
    if staff.forfait:
        return False  # hourly maxima do not apply to forfait jours (L3121-62)
    if rules.night_daily_max_minutes is None and rules.night_avg_max_minutes is None:
        return False
    return rules.night_worker_days_per_week is not None or rules.night_worker_reference_minutes is not None


def _status(ctx: Context, staff: Staff) -> Lit:
    inst, model = ctx.inst, ctx.model
    rules = staff.rules
    start, end = rules.night_start, rules.night_end
    threshold = rules.night_worker_night_minutes
    night: dict[int, list[Term]] = {}
    for day in ctx.by_day[staff.index]:
        terms = []
        for lit, lo, hi, amount in ctx.day_pieces(staff, day):
            minutes = inst.night_overlap(lo, hi, day, start, end)
            if minutes:
                terms.append((lit, 1 if amount else minutes))  # a travel amount: counted whole
        if terms:
            night[day] = terms
    past_long, past_total = history_night(inst, staff)
    rows: list[tuple[list[Term], int, int]] = []  # Σ terms + constant <= bound unless status
    per_week = rules.night_worker_days_per_week
    if per_week is not None:
        long_days: dict[int, Any] = {}
        for day, terms in night.items():
            top = upper(terms)
            if top >= threshold:
                flag = model.new_bool_var("")
                model.add(weighted(terms) <= threshold - 1 + (top - threshold + 1) * flag)
                long_days[day] = flag
        for week in inst.horizon.weeks:
            known = sum(1 for d in week if d in past_long)
            if known >= per_week:
                return 1
            flags = [(long_days[d], 1) for d in week if d in long_days]
            if flags and len(flags) + known >= per_week:
                rows.append((flags, known, per_week - 1))
    reference = rules.night_worker_reference_minutes
    if reference is not None:
        if past_total >= reference:
            return 1
        terms = [t for day_terms in night.values() for t in day_terms]
        if terms and upper(terms) + past_total >= reference:
            rows.append((terms, past_total, reference - 1))
    if not rows:
        return 0
    flag = model.new_bool_var("")
    for terms, constant, bound in rows:
        slack = upper(terms) + constant - bound
        model.add(weighted(terms) + constant <= bound + slack * flag)
    return flag


def history_night(inst: Instance, staff: Staff) -> tuple[frozenset[int], int]:
    """From the history, computed once per employee: the days before the horizon with the daily night
    time of a night worker (they count in a week straddling the horizon's start), and the night minutes
    of the months before that fall in the reference period."""
    key = ("history_night", staff.index)
    if key not in inst.memo:
        rules = staff.rules
        start, end = rules.night_start, rules.night_end
        per_day: dict[int, int] = {}
        for f in staff.fixed:
            if f.end > f.start:
                minutes = inst.night_overlap(f.start, f.end, f.day, start, end)
                per_day[f.day] = per_day.get(f.day, 0) + minutes
        long_days = frozenset(d for d, m in per_day.items() if m >= rules.night_worker_night_minutes)
        months = rules.night_worker_reference_months - 1
        past = staff.history.night_minutes_by_month if staff.history else []
        total = sum(past[-months:]) if months > 0 else 0
        inst.memo[key] = (long_days, total)
    return cast(tuple[frozenset[int], int], inst.memo[key])


def is_night_worker(inst: Instance, staff: Staff, shifts: list[Occ]) -> bool:
    """The status on a concrete plan of the employee (their shifts over the horizon), read as the model
    reads it."""
    if staff.employee.contract.night_worker:
        return True
    if not matters(staff) or not night_possible(inst, staff):
        return False
    rules = staff.rules
    start, end = rules.night_start, rules.night_end
    per_day: dict[int, int] = {}
    for day, day_shifts in by_day(shifts).items():
        pieces = day_pieces(inst, staff, day_shifts)
        minutes = sum(inst.night_overlap(lo, hi, day, start, end) for lo, hi in pieces)
        if minutes:
            per_day[day] = minutes
    past_long, past_total = history_night(inst, staff)
    per_week = rules.night_worker_days_per_week
    if per_week is not None:
        long_days = {d for d, m in per_day.items() if m >= rules.night_worker_night_minutes} | past_long
        if any(sum(1 for d in week if d in long_days) >= per_week for week in inst.horizon.weeks):
            return True
    reference = rules.night_worker_reference_minutes
    return reference is not None and past_total + sum(per_day.values()) >= reference


def night_possible(inst: Instance, staff: Staff) -> bool:
    """Whether any candidate shift of the employee, or a leg from or to home that their contract counts
    as work, has a minute in the night period, or the history holds night time (computed once: the
    greedy asks for every candidate it tries). Travel between sites at night lies next to a night shift."""
    key = ("night_possible", staff.index)
    if key not in inst.memo:
        rules = staff.rules
        start, end = rules.night_start, rules.night_end
        past_long, past_total = history_night(inst, staff)
        at_night = inst.at_night(start, end)
        possible = bool(past_long or past_total) or any(at_night[i] for i in staff.eligible)
        if not possible and staff.employee.contract.home_travel_is_work:
            possible = any(
                inst.night_overlap(inst.work_start(staff, o), inst.work_end(staff, o), o.day, start, end)
                for o in (inst.occs[i] for i in staff.eligible)
            )
        inst.memo[key] = possible
    return bool(inst.memo[key])
