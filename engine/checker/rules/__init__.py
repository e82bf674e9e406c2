"""Every rule family of the checker, in the order they are reported; one module each, citing its articles.

| module            | rules                                                     | articles                         |
|-------------------|-----------------------------------------------------------|----------------------------------|
| occurrences       | assignment ↔ occurrence, window, member/site, head count  | scénario                          |
| pins              | pinned assignments present                                | scénario                          |
| qualification     | skill                                                     | L1253-9                           |
| availability      | contract dates, absences, membership, reach               | contrat, L3141-1, L1226-1, L1253-1|
| loans             | loan days: employee, dates, site, days per week           | L8241-1, L8241-2                  |
| overlap           | no overlap, travel time between sites                     | L3121-1, Cass. crim. 13-80.665    |
| night_worker      | night worker status from the schedule (warning)           | L3122-5, L3122-23                 |
| daily_max         | daily maximum (night worker, minor)                       | L3121-18, L3122-6, L3162-1        |
| weekly_max        | weekly maximum (minor)                                    | L3121-20, L3162-1                 |
| rolling_average   | 12-week average (night worker)                            | L3121-22, L3122-7                 |
| daily_rest        | daily rest, amplitude (minor 12 h)                        | L3131-1, L3164-1                  |
| weekly_rest       | 35 h weekly rest, 6 days a week, minor's 2 days           | L3132-2, L3132-1, L3164-2         |
| sunday            | Sunday rest unless the site has a derogation; 35 h around | L3132-3, L3132-2                  |
|                   | a free Sunday                                             |                                   |
| night             | night work only at sites that organise it                 | L3122-1, L3122-15                 |
| minors            | no night work, no public holiday under 18                 | L3163-2, L3164-6                  |
| breaks            | 20-min break at 6 h; minors 30 min beyond 4 h 30;         | L3121-16, L3162-3, L3123-30       |
|                   | part-time interruptions                                   |                                   |
| part_time         | complementary hours, below 35 h, 24 h minimum (warning)   | L3123-28, L3123-9, L3123-7        |
| yearly            | overtime quota, annualised (warnings), forfait jours      | D3121-24, L3121-41/44, L3121-64   |
| sequences         | contract sequence rules (runs, weekends, successions…)    | contrat                           |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

from engine.checker.context import CheckContext
from engine.checker.rules import (
    availability,
    breaks,
    daily_max,
    daily_rest,
    loans,
    minors,
    night,
    night_worker,
    occurrences,
    overlap,
    part_time,
    pins,
    qualification,
    rolling_average,
    sequences,
    sunday,
    weekly_max,
    weekly_rest,
    yearly,
)
from engine.checker.violation import Violation

RuleCheck = Callable[[CheckContext], Iterator[Violation]]

FAMILIES: tuple[ModuleType, ...] = (
    occurrences,
    pins,
    qualification,
    availability,
    loans,
    overlap,
    night_worker,
    daily_max,
    weekly_max,
    rolling_average,
    daily_rest,
    weekly_rest,
    sunday,
    night,
    minors,
    breaks,
    part_time,
    yearly,
    sequences,
)

RULES: dict[str, RuleCheck] = {module.RULE: module.check for module in FAMILIES}
"""Family id → its check (one small interface: context in, violations out)."""
