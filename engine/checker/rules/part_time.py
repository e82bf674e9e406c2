"""Part-time hours: contract hours plus at most the allowed complementary hours, staying below 35 h.

References: L3123-28 (complementary hours at most one tenth of the contract's hours; one third by agreement,
L3123-20); L3123-9 (they may not bring the week to the legal duration, 35 h); L3123-7 (a contract of at
least 24 h a week unless a derogation, L3123-27: a warning, the contract is the scenario's). Checked per legal
week for part-timers whose hours are weekly (annualised contracts have their own family).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_FLOOR, Decimal

from engine.checker.context import CheckContext
from engine.checker.fmt import day, hm, week
from engine.checker.violation import Level, Violation

RULE = "part_time"


def complementary_limit(contract_minutes: int, ratio: Decimal) -> int:
    """Contract minutes plus the complementary allowance, rounded down to the minute."""
    allowance = (Decimal(contract_minutes) * ratio).to_integral_value(ROUND_FLOOR)
    return contract_minutes + int(allowance)


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        contract, rules = tl.employee.contract, tl.rules
        if not contract.is_part_time:
            continue
        minimum = rules.part_time_min_weekly_minutes
        if minimum is not None and contract.weekly_minutes < minimum and not contract.part_time_derogation:
            yield Violation(
                "part_time_minimum",
                "L3123-7",
                f"Contrat à temps partiel de {hm(contract.weekly_minutes)} par semaine, sous le minimum de "
                f"{hm(minimum)} sans dérogation (au {day(ctx.first)})",
                tl.employee.id,
                ctx.first,
                level=Level.WARNING,
            )
        if contract.annualised or rules.complementary_ratio is None or not tl.assignments:
            continue
        limit = complementary_limit(contract.weekly_minutes, rules.complementary_ratio)
        for monday in ctx.mondays:
            minutes = ctx.week_minutes(tl, monday)
            lo, hi = ctx.week_bounds(monday)
            if minutes > limit:
                yield Violation(
                    "complementary_hours",
                    "L3123-28",
                    f"Heures complémentaires au-delà de la limite la {week(monday)} : {hm(minutes)} pour un contrat "
                    f"de {hm(contract.weekly_minutes)} (max {hm(limit)})",
                    tl.employee.id,
                    monday,
                    lo,
                    hi,
                )
            if minutes >= rules.legal_weekly_minutes:
                yield Violation(
                    "part_time_legal_week",
                    "L3123-9",
                    f"Un temps partiel atteint la durée légale la {week(monday)} : {hm(minutes)} (doit rester sous "
                    f"{hm(rules.legal_weekly_minutes)})",
                    tl.employee.id,
                    monday,
                    lo,
                    hi,
                )
