"""Why an occurrence stays unfilled, in words a manager can act on (French), with the articles.

Computed after the solve, for each qualified employee: why could they not take it — no skill, out of
reach, absent or out of contract, or which legal limit the plan's other assignments leave no room in
(overlap, daily rest, daily and weekly maxima, days a week, complementary hours…). When someone could have
taken it: a cost trade-off if the plan is proven optimal (`cost`), otherwise the search stopped before
proving it (`time`), and the manager is told that more time may cover it.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import cast

from engine.solver import instance as I
from engine.solver.instance import Instance, Occ, Staff
from engine.solver.rules.part_time import weekly_cap
from engine.solver.rules.weekly_rest import sunday_holds, week_holds

# code → (French label, articles)
LIMITS: dict[str, tuple[str, tuple[str, ...]]] = {
    I.NO_SKILL: ("sans la compétence", ()),
    I.RESERVED: ("réservé à un prêt de personnel", ("L8241-2",)),
    I.OUT_OF_CONTRACT: ("hors contrat", ()),
    I.ABSENT: ("absent", ()),
    I.OUT_OF_REACH: ("trop loin de son domicile", ()),
    I.SUNDAY_REST: ("repos dominical (site sans dérogation)", ("L3132-3",)),
    I.MINOR_NIGHT: ("mineur : pas de travail de nuit", ("L3163-2",)),
    I.NIGHT_SITE: ("travail de nuit non organisé sur ce site", ("L3122-1",)),
    I.TOO_LONG: ("créneau plus long que la durée quotidienne maximale", ("L3121-18",)),
    I.NIGHT_TOO_LONG: ("travailleur de nuit : créneau de nuit de plus de 8 h", ("L3122-6",)),
    I.HISTORY_CONFLICT: ("repos ou chevauchement avec le mois précédent", ("L3131-1",)),
    "overlap": ("déjà affecté à ce moment, trajet compris", ()),
    "daily_rest": ("repos quotidien de 11 h", ("L3131-1",)),
    "daily_max": ("durée quotidienne maximale", ("L3121-18",)),
    "weekly_max": ("durée hebdomadaire maximale", ("L3121-20",)),
    "days_per_week": ("6 jours de travail par semaine au plus", ("L3132-1",)),
    "weekly_rest": ("repos hebdomadaire de 35 h", ("L3132-2",)),
    "sunday_rest": ("35 h de repos autour du dimanche", ("L3132-3", "L3132-2")),
    "rolling_average": ("moyenne sur 12 semaines", ("L3121-22",)),
    "overtime_quota": ("contingent annuel d'heures supplémentaires", ("D3121-24",)),
    "complementary": ("plafond des heures complémentaires", ("L3123-28",)),
    "sequence": ("règles d'enchaînement du contrat", ()),
    "one_shift": ("un seul poste par jour", ()),
}

STATIC_ABSENCE = {I.ABSENT, I.OUT_OF_CONTRACT}


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    limits: list[str]


def french_list(names: list[str], shown: int = 4) -> str:
    """« A », « A et B », « A, B et C », « A, B, C, D et 3 autres »."""
    if len(names) > shown + 1:
        rest = len(names) - shown
        return f"{', '.join(names[:shown])} et {rest} autres"
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} et {names[-1]}"


def explain(inst: Instance, occ: Occ, worked: dict[int, list[Occ]], *, proven: bool = False) -> Reason:
    """Reason for an unfilled occurrence, given each employee's worked occurrences in the plan; `proven`
    says whether the plan is proven optimal (then an unfilled head someone could take is a cost choice)."""
    qualified = [s for s in inst.staff if _qualified(s, occ)]
    if not qualified:
        skill = occ.source.skill
        return Reason("no_skill", f"Personne dans le groupement n'a la compétence « {skill} ».", [])
    static = {s.index: inst.ineligibility(s, occ) for s in qualified}
    reachable = [s for s in qualified if static[s.index] != I.OUT_OF_REACH]
    if not reachable:
        return Reason(
            "out_of_reach",
            f"Les {len(qualified)} salariés qualifiés habitent hors de leur rayon de déplacement : "
            "élargir le rayon ou recruter près du site."
            if len(qualified) > 1
            else "Le seul salarié qualifié habite hors de son rayon de déplacement : élargir le rayon ou "
            "recruter près du site.",
            [],
        )
    if all(static[s.index] in STATIC_ABSENCE for s in reachable):
        names = ", ".join(s.employee.name for s in reachable)
        return Reason("absent", f"Tous les salariés qualifiés sont absents ou hors contrat : {names}.", [])
    site_rule = _site_rule(inst, occ, {static[s.index] for s in reachable})
    if site_rule is not None:
        return site_rule
    blocked: list[tuple[Staff, str]] = []
    free: list[Staff] = []
    for s in reachable:
        code = static[s.index]
        if code is None:
            code = _dynamic(inst, s, occ, worked.get(s.index, []))
        if code is None:
            free.append(s)
        else:
            blocked.append((s, code))
    if free:
        who, verb = (
            french_list([s.employee.name for s in free]),
            "pourraient" if len(free) > 1 else "pourrait",
        )
        if proven:
            return Reason(
                "cost",
                f"Laissé non pourvu par arbitrage de coût (plan optimal prouvé) : {who} {verb} le prendre, "
                "mais cela coûterait davantage au groupement que le besoin non couvert.",
                [],
            )
        return Reason(
            "time",
            f"Non pourvu à l'issue du temps de calcul, sans preuve d'optimalité : {who} {verb} le prendre. "
            "Relancer avec plus de temps peut le couvrir, s'il ne s'agit pas d'un arbitrage de coût.",
            [],
        )
    counts = Counter(code for _, code in blocked)
    articles = sorted({a for code in counts for a in LIMITS.get(code, ("", ()))[1]})
    details = "; ".join(f"{s.employee.name} ({LIMITS.get(code, (code, ()))[0]})" for s, code in blocked[:8])
    extra = len(blocked) - 8
    more = f" et {extra} {'autres' if extra > 1 else 'autre'}" if extra > 0 else ""
    legal = {c for c in counts if c not in STATIC_ABSENCE}
    code = "legal_limit" if legal else "absent"
    return Reason(
        code, f"Tous les salariés qualifiés sont indisponibles ou à une limite : {details}{more}.", articles
    )


def _site_rule(inst: Instance, occ: Occ, codes: set[str | None]) -> Reason | None:
    """One reason when the site itself rules the shift out for everyone (Sunday or night work it does
    not organise): what the manager can change is the site's derogation, not the staffing."""
    if len(codes) != 1:
        return None
    [code] = codes
    site = inst.site(occ.site)
    if code == I.SUNDAY_REST:
        text = (
            f"Le site {site.name} n'a pas de dérogation au repos dominical (L3132-3) : personne ne peut "
            "y travailler le dimanche (sunday_derogation sur le site si elle existe)."
        )
    elif code == I.NIGHT_SITE:
        text = (
            f"Le site {site.name} n'organise pas le travail de nuit (L3122-1) : personne ne peut y "
            "travailler sur la période de nuit (night_derogation sur le site s'il l'organise)."
        )
    else:
        return None
    return Reason("legal_limit", text, list(LIMITS[code][1]))


def _qualified(staff: Staff, occ: Occ) -> bool:
    src = occ.source
    if src.reserved_for is not None:
        return src.reserved_for == staff.id
    return src.skill in staff.employee.skills


def day_pieces(inst: Instance, staff: Staff, shifts: list[Occ]) -> list[tuple[int, int]]:
    """Pieces of work of one day's shifts, in time: the shifts, travel between sites just before the next
    shift, and the legs from and to home where they count (the checker's reading)."""
    shifts = sorted(shifts, key=lambda o: o.start)
    pieces = [(o.start, o.end) for o in shifts]
    if staff.rules.travel_between_sites_is_work:
        for a, b in itertools.pairwise(shifts):
            if a.site != b.site:
                pieces.append((b.start - inst.travel_minutes(a.site, b.site), b.start))
    if shifts and staff.employee.contract.home_travel_is_work:
        last = max(shifts, key=lambda o: o.end)
        pieces.append((shifts[0].start - inst.home_minutes(staff, shifts[0].site), shifts[0].start))
        pieces.append((last.end, last.end + inst.home_minutes(staff, last.site)))
    return pieces


def work_minutes(inst: Instance, staff: Staff, shifts: list[Occ]) -> int:
    """Working minutes of one day's shifts: the shifts, travel between sites and home legs that count."""
    return sum(hi - lo for lo, hi in day_pieces(inst, staff, shifts))


def week_minutes(inst: Instance, staff: Staff, week: list[int], mine: list[Occ]) -> int:
    """Minutes of a legal week, history included, every piece clipped at Monday 00:00 (L3121-35)."""
    h = inst.horizon
    lo, hi = h.midnight(week[0]), h.midnight(week[-1] + 1)
    by_day: dict[int, list[Occ]] = {}
    for o in mine:
        if week[0] - 1 <= o.day <= week[-1]:
            by_day.setdefault(o.day, []).append(o)
    total = sum(max(0, min(f.end, hi) - max(f.start, lo)) for f in staff.fixed)
    for shifts in by_day.values():
        total += sum(max(0, min(b, hi) - max(a, lo)) for a, b in day_pieces(inst, staff, shifts))
    return total


def _dynamic(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The first limit the employee's planned assignments leave no room in, or None."""
    rules = staff.rules
    rest = staff.daily_rest or 0
    same_day = [o for o in mine if o.day == occ.day]
    if rules.one_shift_per_day and same_day:
        return "one_shift"
    # shifts two days or more apart neither overlap nor come within a daily rest (a day's shift ends
    # within the next day): the rest of the month is not read (the greedy asks for every candidate)
    for o in (o for o in mine if -2 <= o.day - occ.day <= 2):
        if o.start < occ.end and occ.start < o.end:
            return "overlap"
        if o.day == occ.day:
            first, then = (o, occ) if o.start <= occ.start else (occ, o)
            if then.start - first.end < inst.travel_minutes(first.site, then.site):
                return "overlap"
        elif rest:
            if o.end <= occ.start:
                gap = inst.work_start(staff, occ) - inst.work_end(staff, o)
            else:
                gap = inst.work_start(staff, o) - inst.work_end(staff, occ)
            if gap < rest:
                return "daily_rest"
    limit = staff.daily_max
    if limit is not None and work_minutes(inst, staff, [*same_day, occ]) > limit:
        return "daily_max"
    week = next(w for w in inst.horizon.weeks if occ.day in w)
    in_week = [o for o in mine if o.day in week]
    cap = None
    if staff.part_time and rules.complementary_ratio is not None:
        cap = weekly_cap(
            staff.employee.contract.weekly_minutes, rules.complementary_ratio, rules.legal_weekly_minutes
        )
    # a shift crossing Sunday midnight counts in both weeks it touches
    for touched in {tuple(w) for w in inst.horizon.weeks if w[0] - 1 <= occ.day <= w[-1]}:
        minutes = week_minutes(inst, staff, list(touched), [*mine, occ])
        if staff.weekly_max is not None and minutes > staff.weekly_max:
            return "weekly_max"
        if cap is not None and minutes > cap:
            return "complementary"
    if rules.max_days_per_week is not None:
        days = {o.day for o in in_week} | {occ.day} | {d for d in week if staff.past_worked(d)}
        if len(days) > rules.max_days_per_week:
            return "days_per_week"
    rested = _weekly_rest(inst, staff, occ, mine)
    if rested is not None:
        return rested
    weekly = _weekly_totals(inst, staff, occ, mine)
    if weekly is not None:
        return weekly
    if rules.max_consecutive_days is not None:
        days = {o.day for o in mine} | {occ.day}
        run, d = 1, occ.day - 1
        while d in days or staff.past_worked(d):
            run, d = run + 1, d - 1
        d = occ.day + 1
        while d in days:
            run, d = run + 1, d + 1
        if run > rules.max_consecutive_days:
            return "sequence"
    return None


def _weekly_rest(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The 35 h weekly rest (L3132-2) and, next to a Sunday without work, the 35 h around it (L3132-3),
    read as the model reads them (`rules.weekly_rest`), unless the history alone already breaks them."""
    by_day: dict[int, list[Occ]] = defaultdict(list)
    for o in [*mine, occ]:
        by_day[o.day].append(o)
    # the shift may take the rest of its own week, or of a neighbouring week whose rest day it borders
    for week in inst.horizon.weeks:
        near = week[0] - 1 <= occ.day <= week[-1] + 1
        if near and not week_holds(inst, staff, week, by_day) and week_holds(inst, staff, week, {}):
            return "weekly_rest"
    h = inst.horizon
    for sunday in (occ.day - 1, occ.day + 1):  # a Saturday or Monday shift next to a free Sunday
        if (
            h.in_horizon(sunday)
            and h.date(sunday).weekday() == 6
            and not sunday_holds(inst, staff, sunday, by_day)
        ):
            return "sunday_rest"
    return None


def _weeks_before(inst: Instance, staff: Staff, span: int) -> list[int]:
    """Minutes of each of the `span` - 1 weeks before the horizon, latest first: the history's weekly
    totals or its dated shifts, whichever says more. They never change within a solve: computed once per
    employee (the greedy asks for every candidate it tries)."""
    key = ("weeks_before", staff.index, span)
    if key not in inst.memo:
        past = list(staff.history.weekly_minutes) if staff.history else []
        first = inst.horizon.weeks[0]
        inst.memo[key] = [
            max(
                past[-back] if back <= len(past) else 0,
                week_minutes(inst, staff, [d - 7 * back for d in first], []),
            )
            for back in range(1, span)
        ]
    return cast(list[int], inst.memo[key])


def _weekly_totals(inst: Instance, staff: Staff, occ: Occ, mine: list[Occ]) -> str | None:
    """The limits on sums of weeks: the 12-week average (L3121-22; night workers L3122-7) and the annual
    overtime quota (D3121-24), read as the model reads them (`rules.rolling`, `rules.overtime`)."""
    rules, contract = staff.rules, staff.employee.contract
    if staff.forfait:
        return None
    averages = [rules.rolling_avg_max_minutes] if rules.rolling_avg_max_minutes is not None else []
    if contract.night_worker and rules.night_avg_max_minutes is not None:
        averages.append(rules.night_avg_max_minutes)
    quota = None if staff.part_time else rules.overtime_annual_quota_minutes
    if contract.annualised:
        quota = None
    if not averages and quota is None:
        return None
    weeks = inst.horizon.weeks
    shifts = [*mine, occ]
    totals = [week_minutes(inst, staff, week, shifts) for week in weeks]
    if averages:
        span, limit = rules.rolling_avg_weeks, min(averages) * rules.rolling_avg_weeks
        history = _weeks_before(inst, staff, span)
        for last in range(len(weeks)):
            window = totals[max(0, last - span + 1) : last + 1]
            before = span - len(window)
            if sum(window) + sum(history[:before]) > limit:
                return "rolling_average"
    if quota is not None:
        used = staff.history.ytd_overtime_minutes if staff.history else 0
        if sum(max(0, t - rules.legal_weekly_minutes) for t in totals) > quota - used:
            return "overtime_quota"
    return None
