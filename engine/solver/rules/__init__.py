"""Hard rules, in the order the model is built: one module per rule, named as in `engine.checker.rules`.

Each module has `ARTICLES`, `build(ctx)` (its rows in the model), `LIMITS` (code → French label and
articles, for every reason it gives) and `blocks(inst, staff, occ, mine)`: the code of the limit the
employee's plan (`mine`, their other shifts) leaves no room in for one more shift `occ`, read as `build`
reads the rule, or None. `blocks` is None only in the modules that are not limits on an employee
(`assignment`, decided once per pair by `Instance.ineligibility`, whose codes it labels; `occurrences`;
`worktime`; `night_worker`, whose limits `daily_max` and `rolling_average` apply). The greedy first plan,
the pins' check and the reasons of unfilled needs ask every module (`engine.solver.readback.reasons.blocking`),
so a rule added here explains itself there, and tests/solver/test_rule_reasons.py holds every module to it.

A rule of the checker has the module of the same name here, and the reverse, except:
- solver only: `assignment` (who may work what, decided once per pair: the checker's `qualification`,
  `availability`, `sunday`, `night` and the minors' night and holiday bans) and `worktime` (the working-time
  terms every limit reads; the checker reads working time in its context);
- checker only: `qualification`, `availability`, `sunday`, `night` (all in `assignment` here), `breaks`
  (in `overlap` here, with the part-timer's day shape) and `pins` (the solver fixes pins before the rules,
  `engine.solver.model.pins`).

The order matters only where a module reads what an earlier one made: `assignment` creates the decision
literals, `overlap` the pairs of consecutive assignments (travel), `worktime` the working-time terms every
limit reads, `night_worker` the night worker status that `daily_max` and `rolling_average` read. It is also
the order in which `blocking` asks, cheap checks first.
"""

from __future__ import annotations

from types import ModuleType


def hard_rules() -> list[ModuleType]:
    """The rule modules, imported on demand (OR-Tools is heavy to import)."""
    from engine.solver.rules import (
        assignment,
        daily_max,
        daily_rest,
        loans,
        minors,
        night_worker,
        occurrences,
        overlap,
        part_time,
        rolling_average,
        sequences,
        weekly_max,
        weekly_rest,
        worktime,
        yearly,
    )

    return [
        assignment,  # who may work what (skills, contracts, absences, reach, loans, Sunday, minors)
        occurrences,  # head counts, unfilled and surplus heads
        loans,  # loans of staff as agreed
        overlap,  # one place at a time, travel between sites, breaks, part-time day shape
        daily_rest,  # 11 h between working days
        worktime,  # working-time terms (shifts + travel counted as work) and weekly bands
        night_worker,  # night worker status from the schedule
        daily_max,  # daily maximum
        weekly_max,  # weekly maximum, 6 days a week
        part_time,  # complementary hours cap
        weekly_rest,  # 35 h once a week
        minors,  # under-18 rest days across the month's ends
        rolling_average,  # 12-week average
        yearly,  # annual overtime quota, annualised hours, forfait jours
        sequences,  # general sequence rules (benchmarks, contracts)
    ]
