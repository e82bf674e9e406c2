"""A first plan made of whole rosters, a few employees at a time: large months the greedy cannot plan
legally (general sequence rules: minimum runs of days worked or off, minimum minutes over the horizon).

Why: the greedy places one shift at a time and asks every rule whether one more shift fits (`blocks`);
a minimum (two days in a row at least, 120 hours over the horizon) is not met by one more shift, so its
plan would be refused by the model, and the whole month's model is what large months avoid (minutes to
build, or never). Here the employees are planned in blocks of `BLOCK` (the most constrained first: fewest
candidate shifts): each block's whole month is one small model (engine.solver.search.neighbourhood's
kind: its employees alone, every rule of theirs in it), the blocks planned before held as constants (the
heads they work, how often they serve each need), the blocks after working nothing yet but their pins.
Every block keeps every hard rule, so the plan they make together is legal; it is then checked by the
model like the greedy's (engine.solver.search.large) and improved by neighbourhoods.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace

from engine.model import Scenario
from engine.solver.model.build import Kept, all_pins, build
from engine.solver.model.instance import Held, Instance, narrowed
from engine.solver.model.pins import resolve_pins
from engine.solver.options import SolveOptions
from engine.solver.search.run import run

Pair = tuple[str, str]  # (employee id, occurrence key)
# employees planned together, each block to its first plan: on Curtois Instance 21 (100 employees, 182
# days) blocks of 4 or 8 found no plan in 1.3 s (the most constrained first), blocks of 2 or 1 built the
# whole roster in 27 s (load ~3)
BLOCK = 2


def blocks(inst: Instance) -> list[list[int]]:
    """Staff indexes in blocks of `BLOCK`, the employees with the fewest candidate shifts first (the
    others have more room left when their turn comes); employees without a candidate are left out."""
    order = sorted((s for s in inst.staff if s.eligible), key=lambda s: (len(s.eligible), s.index))
    indexes = [s.index for s in order]
    return [indexes[k : k + BLOCK] for k in range(0, len(indexes), BLOCK)]


def first_rosters(
    scenario: Scenario,
    inst: Instance,
    first: dt.date,
    last: dt.date,
    label: str,
    options: SolveOptions,
    kept: Kept = Kept(),
) -> set[Pair]:
    """The plan, block by block (see the module doc); `options` are one block's (its time limit, no hint),
    each block stopping at its first plan (the neighbourhoods improve it). Raises DomainError when a block has no legal plan (its employees' minima cannot be met with the shifts
    the blocks before left them) or SearchTimeout when a block found none in its time."""
    options = replace(
        options, extra_parameters={**options.extra_parameters, "stop_after_first_solution": True}
    )
    pinned = resolve_pins(inst, all_pins(scenario, kept.pins))
    waiting: Counter[int] = Counter(occ.index for _, occ in pinned)  # pins of employees not planned yet
    pins_of: dict[int, list[int]] = defaultdict(list)
    for staff, occ in pinned:
        pins_of[staff.index].append(occ.index)
    heads: Counter[int] = Counter()
    served: dict[str, Counter[int]] = defaultdict(Counter)
    plan: set[Pair] = set()
    for block in blocks(inst):
        for s in block:
            waiting.subtract(pins_of[s])
        allowed = {(inst.staff[s].id, inst.occs[i].source.key) for s in block for i in inst.staff[s].eligible}
        held = Held(heads + waiting, {need: Counter(c) for need, c in served.items()}, {})
        built = build(
            scenario,
            first,
            last,
            options,
            pins=list(kept.pins),
            published=kept.published,
            today=kept.today,
            instance=narrowed(inst, allowed, held),
        )
        outcome = run(built, options, month=label, scenario_name=scenario.name, reasons=False)
        for a in outcome.plan.assignments:
            occ = inst.occ_by_key[a.occurrence_id]
            plan.add((a.employee, a.occurrence_id))
            heads[occ.index] += 1
            if occ.source.secondment is None:
                served[occ.source.need][inst.staff_by_id[a.employee].index] += 1
    return plan
