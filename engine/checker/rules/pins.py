"""Assignments a manager pinned by hand stay in every plan (re-planning keeps pins as they are).

A decision of the manager recorded in the scénario (`pins`), not an article of the Code du travail.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day
from engine.checker.violation import Violation

RULE = "pins"
ARTICLE = "scénario"


def check(ctx: CheckContext) -> Iterator[Violation]:
    present = {(a.employee, a.need, a.date) for a in ctx.assignments}
    for pin in ctx.scenario.pins:
        if ctx.first <= pin.date <= ctx.last and (pin.employee, pin.need, pin.date) not in present:
            yield Violation(
                RULE,
                ARTICLE,
                f"Affectation fixée absente du planning : {pin.need} le {day(pin.date)}",
                pin.employee,
                pin.date,
                need=pin.need,
            )
