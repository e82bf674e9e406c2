"""Available staff only: under contract, not absent, for a firm that is a member that day, within reach.

References: the employment contract's dates (a day outside them is work without a contract); absences
(paid leave L3141-1, sickness L1226-1: the contract is suspended); L1253-1 (a GE puts staff at the disposal
of its members only); the places of work of the contract (L1253-9) for `max_travel_km`, the one-way distance
from home to the site (engine.travel).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day
from engine.checker.violation import Violation
from engine.model import AbsenceKind
from engine.travel import home_key

RULE = "availability"
ABSENCE_ARTICLES = {AbsenceKind.PAID_LEAVE: "L3141-1", AbsenceKind.SICKNESS: "L1226-1"}
ABSENCE_FR = {
    AbsenceKind.PAID_LEAVE: "congés payés",
    AbsenceKind.SICKNESS: "arrêt maladie",
    AbsenceKind.TRAINING: "formation",
    AbsenceKind.UNPAID: "absence non rémunérée",
    AbsenceKind.OTHER: "absence",
}


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        emp = tl.employee
        for a in tl.assignments:
            touched = ctx.touched_dates(a.start, a.end)
            outside = [d for d in touched if not emp.contract.covers(d)]
            if outside:
                yield Violation.of_assignment(
                    a,
                    RULE,
                    "contrat",
                    f"Travail hors de la période du contrat le {day(outside[0])}",
                )
            for absence in emp.absences:
                hit = [d for d in touched if absence.covers(d)]
                if hit:
                    yield Violation.of_assignment(
                        a,
                        RULE,
                        ABSENCE_ARTICLES.get(absence.kind, "contrat"),
                        f"Affecté pendant une absence ({ABSENCE_FR[absence.kind]}) le {day(hit[0])}",
                    )
            member = ctx.scenario.member_by_id.get(a.member)
            if member is not None and not member.is_member_on(a.date):
                yield Violation.of_assignment(
                    a,
                    RULE,
                    "L1253-1",
                    f"{member.name} n'est pas adhérent du groupement le {day(a.date)}",
                )
            if emp.max_travel_km is not None and a.site in ctx.scenario.site_by_id:
                km = ctx.travel.km(home_key(emp.id), a.site)
                if km > emp.max_travel_km:
                    yield Violation.of_assignment(
                        a,
                        RULE,
                        "contrat",
                        f"Site {a.site} à {km} km du domicile, au-delà du rayon de {emp.max_travel_km} km "
                        f"({day(a.date)})",
                    )
