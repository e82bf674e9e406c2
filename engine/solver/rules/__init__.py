"""Hard rules, in the order the model is built: one module per rule, named as in `engine.checker.rules`.

Each module is the one home of its rule; every part of the solver asks it instead of re-reading the law:
- `ARTICLES`, and `LIMITS` (code → French label and articles, for every reason it gives);
- `build(ctx)`: its rows in the CP-SAT model;
- `blocks(inst, staff, occ, mine)`: the code of the limit the employee's plan (`mine`, their other shifts)
  leaves no room in for one more shift `occ`, read as `build` reads the rule, or None. The greedy first
  plan, the pins' check and the reasons of unfilled needs all ask it (`engine.solver.readback.reasons.
  blocking`). `blocks` is None only in the modules that are not limits on an employee (`assignment`,
  decided once per pair by `Instance.ineligibility`, whose codes it labels; `occurrences`; `worktime`;
  `night_worker`, whose limits `daily_max` and `rolling_average` apply);
- `linear(rows)`: its rows in the month's linear relaxation, on one employee's part
  (`engine.solver.bound.linear.EmployeeRows`), or None with the reason beside it; `linear_month(month)`
  where its rows span every employee (`occurrences`, `loans`);
- `week_cap(staff)` / `day_cap(staff)` where the rule caps a legal week's or a day's minutes
  (`weekly_max`, `part_time`; `daily_max`): the model, `blocks`, the relaxation and the month programme
  (engine.solver.bound.lagrangian) all read the cap there, through `week_cap` and `day_cap` below.
tests/solver/test_rule_reasons.py and tests/solver/test_rule_homes.py hold every module to this.

A rule of the checker (engine/checker/rules/) has the module of the same name here, and the reverse, except
those in `SOLVER_ONLY` and `CHECKER_ONLY` below, each with where the other side holds it
(tests/foundation/test_rule_names.py holds both lists to the two trees).

The order matters only where a module reads what an earlier one made: `assignment` creates the decision
literals, `overlap` the pairs of consecutive assignments (travel), `worktime` the working-time terms every
limit reads, `night_worker` the night worker status that `daily_max` and `rolling_average` read. It is also
the order in which `blocking` asks, cheap checks first.
"""

from __future__ import annotations

from types import ModuleType

from engine.solver.model.instance import Staff

SOLVER_ONLY = {
    "assignment": "who may work what, decided once per pair (Instance.ineligibility): the checker's "
    "qualification, availability, sunday, night and the minors' night and holiday bans (minors)",
    "worktime": "the working-time terms every limit reads; the checker reads working time in its context",
}
"""Solver rules without a checker module of their name, and where the checker holds what they do."""

CHECKER_ONLY = {
    "qualification": "assignment (a pair without the skill has no literal)",
    "availability": "assignment (contract dates, absences, membership, reach)",
    "sunday": "assignment (no Sunday minute at a site without derogation) and weekly_rest (a free Sunday)",
    "night": "assignment (no night minute at a site that does not organise night work)",
    "breaks": "overlap (pairs and chains of shifts that would form a span without its break)",
    "pins": "engine/solver/model/pins.py (checked and fixed before the rules)",
}
"""Checker rules without a solver module of their name, and where the solver holds them."""


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


def linear_rules() -> list[ModuleType]:
    """The rules with rows on an employee's part of the linear relaxation, in the order the programme
    writes them (after the least weekly cap, `week_cap`): kept as it has always been, since another order
    leads the LP solver to another optimal vertex, hence another guide for the greedy."""
    from engine.solver.rules import daily_max, rolling_average, weekly_max, yearly

    return [rolling_average, daily_max, weekly_max, yearly]


def month_rules() -> list[ModuleType]:
    """The rules with rows over every employee in the linear relaxation (`linear_month`), in model order."""
    return [rule for rule in hard_rules() if getattr(rule, "linear_month", None) is not None]


def week_cap(staff: Staff) -> int | None:
    """The least of the rules' caps on a legal week's minutes for this employee (None: no cap)."""
    caps = [cap for rule in hard_rules() if (cap := _cap(rule, "week_cap", staff)) is not None]
    return min(caps) if caps else None


def day_cap(staff: Staff) -> int | None:
    """The least of the rules' caps on a day's minutes of shifts for this employee (None: no cap)."""
    caps = [cap for rule in hard_rules() if (cap := _cap(rule, "day_cap", staff)) is not None]
    return min(caps) if caps else None


def _cap(rule: ModuleType, name: str, staff: Staff) -> int | None:
    read = getattr(rule, name, None)
    return None if read is None else read(staff)
