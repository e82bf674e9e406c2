"""Time the checker on a dense random roster of a Curtois & Qu instance (a long horizon, many staff).

    python -m engine.benchmarks.checker_timing ../shared/benchmarks/curtois/Instance24.txt [--seed 1] [--density 0.6]

Prints the number of assignments, the seconds `check_plan` took and the violations per rule. The roster is
random (it breaks many rules on purpose): it measures the checker, not a solver.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections import Counter

from engine.benchmarks.curtois import read_instance
from engine.benchmarks.curtois_domain import (
    DEFAULT_START,
    engine_ids,
    horizon_end,
    occurrences_by_shift_and_day,
    to_scenario,
)
from engine.checker import check_plan
from engine.model import Plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--density", type=float, default=0.6)
    args = parser.parse_args()
    instance = read_instance(args.instance)
    scenario = to_scenario(instance)
    end = horizon_end(instance)
    occurrences = occurrences_by_shift_and_day(instance, scenario)
    ids = engine_ids([s.id for s in instance.staff], "e")
    rng = random.Random(args.seed)
    assignments = []
    for staff in instance.staff:
        for day in range(instance.horizon):
            occ = occurrences.get((rng.choice(instance.shifts).id, DEFAULT_START + dt.timedelta(days=day)))
            if occ is not None and rng.random() < args.density:
                assignments.append(occ.assign(ids[staff.id]))
    plan = Plan(month=DEFAULT_START.strftime("%Y-%m"), assignments=assignments)
    began = time.perf_counter()
    violations = check_plan(scenario, plan, start=DEFAULT_START, end=end)
    seconds = time.perf_counter() - began
    print(f"{instance.name}: {len(assignments)} assignments checked in {seconds:.2f} s")
    for rule, count in sorted(Counter(v.rule for v in violations).items()):
        print(f"  {rule}: {count}")


if __name__ == "__main__":
    main()
