"""Hard rules, in the order the model is built. Each module has `ARTICLES` and `build(ctx)`.

The order matters only where a module reads what an earlier one made: `assignment` creates the decision
literals, `overlap` the pairs of consecutive assignments (travel), `worktime` the working-time terms every
limit reads.
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
        worktime,  # working-time terms (shifts + travel counted as work) and weekly bands
        daily,  # daily maximum
        weekly,  # weekly maximum, 6 days a week
        rolling,  # 12-week average
        daily_rest,  # 11 h between working days
        weekly_rest,  # 35 h once a week
        minors,  # under-18 rest days
        part_time,  # complementary hours cap
        overtime,  # annual overtime quota
        annual,  # annualised hours, forfait jours
        sequences,  # general sequence rules (benchmarks, contracts)
    ]
