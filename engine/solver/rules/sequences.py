"""General sequence rules a rule set or a contract can set (all off under French law's defaults).

They are what shift-rostering benchmarks (Curtois & Qu) need, and GE contracts may use them too:
`one_shift_per_day` (see `assignment`), `max_consecutive_days`, `min_consecutive_days`,
`min_consecutive_days_off`, `max_weekends` (a weekend is worked when its Saturday or Sunday is),
`forbidden_successions` (kind A on a day, kind B the next), `max_shifts_per_kind`, `min_total_minutes`
and `max_total_minutes` over the horizon.

Runs are read on day literals. Days before the horizon come from the history when it records them. With
`runs_at_horizon_edges_exempt`, a run touching the first or the last day of the horizon continues outside
it and is exempt from the minima; without it, outside days the history does not record count against the
run (off for a working run, worked for a run of days off), so runs touching the edges are held to the
minima. Maxima always hold (unknown days before the horizon count as off).
"""

from __future__ import annotations

from collections import defaultdict

from engine.solver.model.context import Context, upper, weighted
from engine.solver.model.encoding import Lit, add_clause, neg
from engine.solver.model.instance import Instance, Occ, Staff
from engine.solver.model.planned import by_day, work_minutes

ARTICLES: tuple[str, ...] = ()

LIMITS = {
    "one_shift": ("un seul poste par jour", ()),
    "sequence": ("règles d'enchaînement du contrat", ()),
}

linear = None  # left out of the LP, but one shift a day (`overlap.linear_cliques`)


def build(ctx: Context) -> None:
    for staff in ctx.inst.staff:
        rules = staff.rules
        if not staff.eligible:
            continue
        if rules.max_consecutive_days is not None:
            _max_run(ctx, staff, rules.max_consecutive_days)
        if rules.min_consecutive_days is not None and rules.min_consecutive_days > 1:
            _min_run(ctx, staff, rules.min_consecutive_days, worked=True)
        if rules.min_consecutive_days_off is not None and rules.min_consecutive_days_off > 1:
            _min_run(ctx, staff, rules.min_consecutive_days_off, worked=False)
        if rules.max_weekends is not None:
            _weekends(ctx, staff, rules.max_weekends)
        if rules.forbidden_successions:
            _successions(ctx, staff)
        if rules.max_shifts_per_kind:
            _per_kind(ctx, staff)
        if rules.min_total_minutes is not None or rules.max_total_minutes is not None:
            _totals(ctx, staff)


def _max_run(ctx: Context, staff: Staff, longest: int) -> None:
    n = ctx.inst.horizon.n_days
    for first in range(-longest, n - longest):
        days = [ctx.works(staff, d) for d in range(first, first + longest + 1)]
        variable = [d for d in days if not isinstance(d, int | bool)]
        constant = sum(int(d) for d in days if isinstance(d, int | bool))
        if variable and len(variable) + constant > longest:
            ctx.model.add(sum(variable) + constant <= longest)


def _min_run(ctx: Context, staff: Staff, shortest: int, *, worked: bool) -> None:
    """Forbid every run (of worked days, or of days off) shorter than `shortest`."""
    n = ctx.inst.horizon.n_days
    exempt = staff.rules.runs_at_horizon_edges_exempt

    def inside(day: int) -> Lit:  # the literal "day belongs to the run"
        lit = ctx.works(staff, day)
        return lit if worked else neg(lit)

    def outside(day: int) -> Lit | None:  # "day does not belong to the run"; None: exempt edge
        known = ctx.works_known(staff, day)
        if known is None:
            return None if exempt else True
        return neg(known) if worked else known

    for start in range(n):
        before = outside(start - 1)
        if before is None:
            continue
        for length in range(1, shortest):
            end = start + length - 1
            if end >= n:
                break
            members = [inside(d) for d in range(start, end + 1)]
            if any(isinstance(m, int | bool) and not m for m in members):
                break  # a day that can never be in the run: longer runs cannot be either
            after = outside(end + 1)
            if after is None:
                continue
            add_clause(ctx.model, [neg(before), *[neg(m) for m in members], neg(after)])


def _weekends(ctx: Context, staff: Staff, most: int) -> None:
    worked = weekend_literals(ctx, staff)
    if len(worked) > most:
        ctx.model.add(sum(worked) <= most)


def kind_lits(ctx: Context, staff: Staff, day: int, kind: str) -> list:
    """Literals of the shifts of a kind this employee may work that day."""
    return _kind_index(ctx, staff).get((day, kind), [])


def _kind_index(ctx: Context, staff: Staff) -> dict[tuple[int, str], list]:
    """The employee's literals by (day, kind), built once (hot on year-long benchmark rosters)."""
    cache = ctx.kind_index
    if staff.index not in cache:
        occs = ctx.inst.occs
        index: dict[tuple[int, str], list] = defaultdict(list)
        for i, lit in ctx.literals(staff).items():
            occ = occs[i]
            index[occ.day, occ.kind].append(lit)
        cache[staff.index] = index
    return cache[staff.index]


def _successions(ctx: Context, staff: Staff) -> None:
    """One constraint per (day, first kind): with one shift a day a single row, also a tighter LP cut
    (`x[d, a] + sum of the forbidden followers x[d+1, b] <= 1`)."""
    model = ctx.model
    lits = _kind_index(ctx, staff)
    banned: dict[str, set[str]] = defaultdict(set)
    for rule in staff.rules.forbidden_successions:
        banned[rule.first].add(rule.then)
    # across the horizon's start: a shift of kind `first` the day before (history)
    for f in staff.fixed:
        if f.day == -1 and f.kind in banned:
            for then in banned[f.kind]:
                for lit in lits.get((0, then), ()):
                    model.add(lit == 0)
    for (day, kind), a in list(lits.items()):
        if kind not in banned:
            continue
        b = [lit for then in sorted(banned[kind]) for lit in lits.get((day + 1, then), ())]
        if not b:
            continue
        if staff.rules.one_shift_per_day:
            model.add(sum(a) + sum(b) <= 1)
        else:
            for la in a:
                for lb in b:
                    model.add_bool_or([la.negated(), lb.negated()])


def _per_kind(ctx: Context, staff: Staff) -> None:
    occs = ctx.inst.occs
    by_kind: dict[str, list] = defaultdict(list)
    for i, lit in ctx.literals(staff).items():
        by_kind[occs[i].kind].append(lit)
    for kind, most in staff.rules.max_shifts_per_kind.items():
        lits = by_kind.get(kind, [])
        if len(lits) > most:
            ctx.model.add(sum(lits) <= most)


def _totals(ctx: Context, staff: Staff) -> None:
    rules = staff.rules
    terms = [t for d in ctx.by_day[staff.index] for t in ctx.day_terms(staff, d)]
    total = weighted(terms)
    if rules.max_total_minutes is not None and upper(terms) > rules.max_total_minutes:
        ctx.model.add(total <= rules.max_total_minutes)
    if rules.min_total_minutes is not None and rules.min_total_minutes > 0:
        ctx.model.add(total >= rules.min_total_minutes)


def weekend_literals(ctx: Context, staff: Staff) -> list:
    """One literal per weekend of the horizon this employee may work ("works Saturday or Sunday")."""
    cache = ctx.weekends
    if staff.index in cache:
        return cache[staff.index]
    inst, model = ctx.inst, ctx.model
    h = inst.horizon
    worked = []
    for week in h.weeks:
        lits = [ctx.works(staff, d) for d in week[5:7] if h.in_horizon(d)]
        lits = [lit for lit in lits if not isinstance(lit, int | bool)]
        if len(lits) == 1:
            worked.append(lits[0])
        elif lits:
            weekend = model.new_bool_var("")
            for lit in lits:
                model.add_implication(lit, weekend)
            model.add_bool_or([*lits, weekend.negated()])
            worked.append(weekend)
    cache[staff.index] = worked
    return worked


def blocks(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The sequence rules on the plan with `occ` added, read as the rows above read them."""
    rules = staff.rules
    if rules.one_shift_per_day and any(o.day == occ.day for o in mine):
        return "one_shift"
    worked = {o.day for o in mine} | {occ.day}
    n = inst.horizon.n_days
    if rules.max_consecutive_days is not None:
        run, d = 1, occ.day - 1
        while d in worked or (d < 0 and staff.past_worked(d)):
            run, d = run + 1, d - 1
        d = occ.day + 1
        while d in worked:
            run, d = run + 1, d + 1
        if run > rules.max_consecutive_days:
            return "sequence"
    if (rules.min_consecutive_days or 0) > 1 and _short_runs(
        staff, worked, occ.day, n, rules.min_consecutive_days or 0, worked_runs=True
    ):
        return "sequence"
    if (rules.min_consecutive_days_off or 0) > 1 and _short_runs(
        staff, worked, occ.day, n, rules.min_consecutive_days_off or 0, worked_runs=False
    ):
        return "sequence"
    if rules.max_weekends is not None:
        weekends = sum(1 for week in inst.horizon.weeks if any(0 <= d < n and d in worked for d in week[5:7]))
        if weekends > rules.max_weekends:
            return "sequence"
    if rules.forbidden_successions and _succession(staff, occ, mine):
        return "sequence"
    most = rules.max_shifts_per_kind.get(occ.kind)
    if most is not None and 1 + sum(1 for o in mine if o.kind == occ.kind) > most:
        return "sequence"
    if rules.max_total_minutes is not None:
        total = sum(work_minutes(inst, staff, shifts) for shifts in by_day([*mine, occ]).values())
        if total > rules.max_total_minutes:
            return "sequence"
    return None


def _short_runs(
    staff: Staff, worked: set[int], day: int, n: int, shortest: int, *, worked_runs: bool
) -> bool:
    """Whether working `day` leaves a run shorter than `shortest` that `_min_run` forbids: the run of
    worked days through it, or the runs of days off on either side (`worked_runs` False)."""
    exempt = staff.rules.runs_at_horizon_edges_exempt

    def member(d: int) -> bool | None:  # d belongs to the run; None: outside the horizon, unknown
        if 0 <= d < n:
            return (d in worked) == worked_runs
        known = staff.past_worked(d) if d < 0 else None
        return None if known is None else bool(known) == worked_runs

    def bounded(first: int, last: int) -> bool:  # the run [first, last] is held to the minimum
        if first < 0:
            return False
        before, after = member(first - 1), member(last + 1)
        if before or after:
            return False  # the run goes on outside the horizon (history): not a run of its own
        return not ((before is None or after is None) and exempt)

    runs = [(day, day)] if worked_runs else [(day - 1, day - 1), (day + 1, day + 1)]
    for first, last in runs:
        if not member(first) or not 0 <= first < n:
            continue
        while 0 <= first - 1 < n and member(first - 1):
            first -= 1
        while 0 <= last + 1 < n and member(last + 1):
            last += 1
        if last - first + 1 < shortest and bounded(first, last):
            return True
    return False


def _succession(staff: Staff, occ: Occ, mine: list[Occ]) -> bool:
    banned: dict[str, set[str]] = defaultdict(set)
    for rule in staff.rules.forbidden_successions:
        banned[rule.first].add(rule.then)
    before = {o.kind for o in mine if o.day == occ.day - 1}
    if occ.day == 0:
        before |= {f.kind for f in staff.fixed if f.day == -1 and f.kind}
    if any(occ.kind in banned.get(kind, ()) for kind in before):
        return True
    after = banned.get(occ.kind, set())
    return any(o.kind in after for o in mine if o.day == occ.day + 1)
