"""Loans of staff (prêt de main-d'œuvre, L8241-1 and L8241-2) are worked as agreed.

A loan day is taken only by the employee the loan names (L8241-2: the convention and the avenant name the
employee, the tasks, the hours and the place), on its site, within its dates, at most `days_per_week` days per
legal week; an employee of a lending member is not the group's: they work only on their own loans (L8241-1).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

from engine.checker.context import CheckContext
from engine.checker.fmt import day, week
from engine.checker.violation import Violation
from engine.timeutil import week_start

RULE = "loans"


def check(ctx: CheckContext) -> Iterator[Violation]:
    loans = ctx.scenario.secondment_by_id
    per_week: Counter[tuple[str, str, dt.date]] = Counter()
    for tl in ctx.timelines.values():
        emp = tl.employee
        for a in tl.assignments:
            loan = loans.get(a.need) or (loans.get(a.secondment) if a.secondment else None)
            if loan is None:
                if emp.employer is not None:
                    yield Violation.of_assignment(
                        a,
                        RULE,
                        "L8241-1",
                        f"Salarié prêté par {emp.employer} affecté hors de son prêt ({a.need}, {day(a.date)})",
                    )
                continue
            if loan.employee != emp.id:
                yield Violation.of_assignment(
                    a,
                    RULE,
                    "L8241-2",
                    f"Le prêt {loan.id} concerne {loan.employee}, pas ce salarié ({day(a.date)})",
                )
                continue
            if not loan.covers(a.date) or a.site != loan.site:
                yield Violation.of_assignment(
                    a,
                    RULE,
                    "L8241-2",
                    f"Journée hors des termes du prêt {loan.id} (dates {day(loan.start)}–{day(loan.end)}, "
                    f"site {loan.site}) le {day(a.date)}",
                )
            per_week[emp.id, loan.id, week_start(a.date)] += 1
    for (emp_id, loan_id, monday), count in sorted(per_week.items(), key=lambda kv: str(kv[0])):
        loan = loans[loan_id]
        if loan.days_per_week is not None and count > loan.days_per_week:
            yield Violation(
                RULE,
                "L8241-2",
                f"{count} jours de prêt {loan_id} la {week(monday)} (convenu : {loan.days_per_week} par semaine)",
                emp_id,
                monday,
            )
