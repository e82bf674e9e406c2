"""Hard rules, in the order the model is built.

Each module has `ARTICLES`, `build(ctx)` (its rows in the model), `LIMITS` (code → French label and
articles, for every reason it gives) and `blocks(inst, staff, occ, mine)`: the code of the limit the
employee's plan (`mine`, their other shifts) leaves no room in for one more shift `occ`, read as `build`
reads the rule, or None. `blocks` is None only in the modules that are not limits on an employee
(`assignment`, decided once per pair by `Instance.ineligibility`, whose codes it labels; `cover`;
`worktime`; `night`, whose limits `daily` and `rolling` apply). The greedy first plan, the pins' check
and the reasons of unfilled needs ask every module (`engine.solver.reasons.blocking`), so a rule added
here explains itself there, and tests/solver/test_rule_reasons.py holds every module to it.

The order matters only where a module reads what an earlier one made: `assignment` creates the decision
literals, `overlap` the pairs of consecutive assignments (travel), `worktime` the working-time terms every
limit reads, `night` the night worker status that `daily` and `rolling` read. It is also the order in
which `blocking` asks, cheap checks first.
"""

from __future__ import annotations

from types import ModuleType


def hard_rules() -> list[ModuleType]:
    """The rule modules, imported on demand (OR-Tools is heavy to import)."""
    from engine.solver.rules import (
        annual,
        assignment,
        cover,
        daily,
        daily_rest,
        minors,
        night,
        overlap,
        overtime,
        part_time,
        rolling,
        secondments,
        sequences,
        weekly,
        weekly_rest,
        worktime,
    )

    return [
        assignment,  # who may work what (skills, contracts, absences, reach, loans, Sunday, minors)
        cover,  # head counts, unfilled and surplus heads
        secondments,  # loans of staff as agreed
        overlap,  # one place at a time, travel between sites, breaks, part-time day shape
        daily_rest,  # 11 h between working days
        worktime,  # working-time terms (shifts + travel counted as work) and weekly bands
        night,  # night worker status from the schedule
        daily,  # daily maximum
        weekly,  # weekly maximum, 6 days a week
        part_time,  # complementary hours cap
        weekly_rest,  # 35 h once a week
        minors,  # under-18 rest days across the month's ends
        rolling,  # 12-week average
        overtime,  # annual overtime quota
        annual,  # annualised hours, forfait jours
        sequences,  # general sequence rules (benchmarks, contracts)
    ]
