"""Only qualified staff: the need's skill must be one of the employee's skills.

Reference: L1253-9 (the GE contract states the employee's qualification). Loan days are checked by `loans`
(the loan agreement names the employee, L8241-2).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day
from engine.checker.violation import Violation

RULE = "qualification"
ARTICLE = "L1253-9"


def check(ctx: CheckContext) -> Iterator[Violation]:
    for tl in ctx.timelines.values():
        for a in tl.assignments:
            need = ctx.scenario.need_by_id.get(a.need)
            if need is None or a.secondment is not None:
                continue
            if need.skill not in tl.employee.skills:
                yield Violation.of_assignment(
                    a,
                    RULE,
                    ARTICLE,
                    f"Qualification manquante : « {need.skill} » requise pour {need.id} le {day(a.date)}",
                )
