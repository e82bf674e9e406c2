"""Working time of each day and week, as linear terms every limit and cost reads.

A day's working minutes are its shifts (exact UTC lengths: a DST night is an hour shorter or longer),
plus travel between two workplaces (effective working time, Cass. crim. 2 Sept 2014 n°13-80.665), plus
home to first site and last site to home where the contract counts it as work (L3121-4; CJEU C-266/14).
A shift belongs to the day it starts on; each piece keeps its place in time so that weekly totals can clip
it at Monday 00:00 (L3121-35).

Weekly bands split a week's minutes into contract minutes and the hours above them, at the rates of the
law: complementary hours for part-timers (L3123-28/29: +10 % within a tenth of the contract, +25 %
beyond) and overtime for full-timers (L3121-36: hours 36 to 43 at +25 %, from the 44th at +50 %). The
bands are lower bounds pushed up by their costs, so they hold exactly at the optimum.
"""

from __future__ import annotations

from collections import defaultdict

from engine.solver.model.context import Bands, Context, HomeLeg, Piece
from engine.solver.model.instance import Staff

ARTICLES = ("L3121-4", "L3121-36", "L3123-28", "L3123-29", "Cass. crim. 2 Sept 2014 n°13-80.665")

LIMITS: dict[str, tuple[str, tuple[str, ...]]] = {}

blocks = None  # the working-time terms other rules read, not a limit

linear = None  # the LP's week minutes are the same terms (engine.solver.bound.linear.EmployeeRows.weeks)


def build(ctx: Context) -> None:
    inst = ctx.inst
    all_pieces: list[dict[int, list[Piece]]] = []
    for staff in inst.staff:
        pieces: dict[int, list[Piece]] = defaultdict(list)
        xs = ctx.literals(staff)
        for i, lit in xs.items():
            occ = inst.occs[i]
            pieces[occ.day].append((lit, occ.start, occ.end, False))
        for pair in ctx.pairs[staff.index]:
            if pair.travel_minutes:
                arrival = inst.occs[pair.then].start  # travel is placed just before the next shift
                pieces[inst.occs[pair.first].day].append(
                    (pair.lit, arrival - pair.travel_minutes, arrival, False)
                )
        for travel in ctx.travel_in.get(staff.index, []):
            pieces[travel.day].append((travel.minutes, travel.earliest, travel.end, True))
        if staff.employee.contract.home_travel_is_work:
            _home_travel(ctx, staff, pieces)
        all_pieces.append(pieces)
    ctx.set_pieces(all_pieces)


def _home_travel(ctx: Context, staff: Staff, pieces: dict[int, list[Piece]]) -> None:
    """First and last assignment of each day carry the trip from and to home (lower-bounded literals):
    the leg out just before the first shift, the leg back just after the last one."""
    inst, model, xs = ctx.inst, ctx.model, ctx.literals(staff)
    home: list[HomeLeg] = []
    for day, occs in ctx.by_day[staff.index].items():
        for position, i in enumerate(occs):
            occ = inst.occs[i]
            minutes = inst.home_minutes(staff, occ.site)
            km = int(inst.home_km(staff, occ.site) * 10)
            if minutes == 0 and km == 0:
                continue
            before = [xs[k] for k in occs[:position] if inst.occs[k].start < occ.start]
            after = [xs[k] for k in occs[position + 1 :] if inst.occs[k].end > occ.end]
            for others, span in (
                (before, (occ.start - minutes, occ.start)),
                (after, (occ.end, occ.end + minutes)),
            ):
                if others:
                    lit = model.new_bool_var("")
                    model.add(lit >= xs[i] - sum(others))
                else:
                    lit = xs[i]
                pieces[day].append((lit, *span, False))
                home.append(HomeLeg(lit, minutes, km))
    ctx.home_travel[staff.index] = home


def bands(ctx: Context, staff: Staff, week_index: int) -> Bands | None:
    """Weekly bands of an hourly, non-annualised contract (None otherwise); built once and shared."""
    contract = staff.employee.contract
    if staff.forfait or contract.annualised:
        return None
    cache = ctx.bands
    key = (staff.index, week_index)
    if key in cache:
        return cache[key]
    week = ctx.inst.horizon.weeks[week_index]
    horizon, horizon_top = ctx.week_minutes(staff, week_index)
    past = ctx.past_minutes(staff, week)
    top = horizon_top + past
    rules = staff.rules
    result: Bands | None = None
    if horizon_top:
        model = ctx.model
        if staff.part_time:
            contract_minutes = contract.weekly_minutes
            tenth = contract_minutes // 10
        else:
            contract_minutes = max(rules.legal_weekly_minutes, 0)
            tenth = max(0, rules.overtime_high_after_minutes - contract_minutes)
        base = model.new_int_var(0, min(top, contract_minutes), "")
        low = model.new_int_var(0, min(top, tenth), "")
        high = model.new_int_var(0, top, "")
        model.add(horizon + past == base + low + high)
        if ctx.inst.allowed is not None:
            # a restricted model (a re-plan's neighbourhood, a large month's check or move), mostly fixed:
            # the bands as functions of the week's minutes (the costs would order them anyway), so that
            # presolve fixes them at once with the assignments (a 200-employee re-plan's hint check: 1.5 s
            # → 0.35 s). Not in whole months: there they slowed the search (50 x 20, 30 s: 17,310 €
            # against 17,056 €)
            model.add_min_equality(base, [horizon + past, contract_minutes])
            model.add_max_equality(high, [0, horizon + past - contract_minutes - tenth])
        result = Bands(horizon + past, horizon, base, low, high, staff.part_time)
    cache[key] = result
    return result
