"""Who may work what: one literal per eligible (employee, occurrence) pair, and the day literals.

Eligibility (computed in `engine.solver.model.instance`) keeps only qualified employees (the need's skill),
under contract that day, not absent, within their reach (`max_travel_km` from home), the employee a
loan of staff names (L8241-2: the loan's agreement fixes who and where), no Sunday work at a site without
a derogation (L3132-3, L3132-12), no night work where the site does not organise it (L3122-1), no night
work for minors (L3163-2), nor on public holidays (L3164-6, unless the site or the agreement has the
derogation of L3164-8), no single shift longer than the daily maximum (L3121-18) and nothing clashing
with the shifts worked just before the horizon.

A sparse encoding: pairs that can never happen get no variable at all, which is what keeps a year-long
benchmark roster (150 staff × 364 days × 32 shift kinds) small.

`one_shift_per_day` (a general sequence rule, off under French law) makes the day literal the sum of
the day's shifts, so that no pairwise conflict list is needed for the day.
"""

from __future__ import annotations

from engine.solver.model import instance as I
from engine.solver.model.context import Context

ARTICLES = ("L3121-18", "L3122-1", "L3132-3", "L3163-2", "L3164-6", "L8241-2")

LIMITS = {
    I.NO_SKILL: ("sans la compétence", ()),
    I.RESERVED: ("réservé à un prêt de personnel", ("L8241-2",)),
    I.OUT_OF_CONTRACT: ("hors contrat", ()),
    I.ABSENT: ("absent", ()),
    I.OUT_OF_REACH: ("trop loin de son domicile", ()),
    I.SUNDAY_REST: ("repos dominical (site sans dérogation)", ("L3132-3",)),
    I.NIGHT_SITE: ("travail de nuit non organisé sur ce site", ("L3122-1",)),
    I.HISTORY_CONFLICT: ("repos ou chevauchement avec le mois précédent", ("L3131-1",)),
}
"""Why an employee can never take an occurrence (`Instance.ineligibility`); the limits of minors and of
the daily maximum it also applies are labelled by `minors` and `daily_max`."""

blocks = None  # its rules are decided before the model, once per pair (`Instance.ineligibility`)

linear = None  # its rules are the candidate pairs themselves: the LP has a column per eligible pair only


def build(ctx: Context) -> None:
    inst, model = ctx.inst, ctx.model
    for staff in inst.staff:
        for i in staff.eligible:
            ctx.add_assigned(staff, inst.occs[i])
        xs, by_day = ctx.literals(staff), ctx.by_day[staff.index]
        one_a_day = staff.rules.one_shift_per_day
        for day, occs in by_day.items():
            lits = [xs[i] for i in occs]
            if len(lits) == 1:
                ctx.set_works(staff, day, lits[0])
                continue
            work = model.new_bool_var("")
            if one_a_day:
                model.add(sum(lits) == work)
            else:
                for lit in lits:
                    model.add_implication(lit, work)
                model.add_bool_or([*lits, work.negated()])
            ctx.set_works(staff, day, work)
