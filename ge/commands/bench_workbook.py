"""`ge bench workbook`: time the workbook's export and import of a generated group (docs/benchmarks.md)."""

from __future__ import annotations

import argparse

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "workbook",
        help="time export and import of the workbook for a generated group",
        description="Generate a group (ge generate), then time `export_bytes` (scenario → .xlsx bytes) and "
        "`read_workbook` (bytes → every check → validated scenario), wall-clock, best of --repeat runs; "
        "checks the round trip gives an equal scenario. Run under `flock /tmp/ge-bench.lock` and report "
        "the load average.",
    )
    p.add_argument("--employees", type=arguments.count, default=1000, help="employees (default 1000)")
    p.add_argument("--members", type=arguments.count, default=300, help="members (default 300)")
    p.add_argument("--seed", type=arguments.natural, default=1)
    p.add_argument("--repeat", type=arguments.count, default=3, help="runs, the best is reported (default 3)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import os
    import time

    from engine.generator import generate_data
    from engine.loader import scenario_from_data
    from engine.workbook import export_bytes, read_workbook

    scenario = scenario_from_data(generate_data(args.employees, args.members, args.seed, "2026-03"))
    exports, imports = [], []
    data = b""
    result = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        data = export_bytes(scenario)
        exports.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = read_workbook(data, name="bench.xlsx")
        imports.append(time.perf_counter() - start)
    assert result is not None
    equal = result.scenario == scenario
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"workbook {args.employees} employees x {args.members} members ({len(scenario.needs)} needs, "
        f"{len(data) // 1024} KiB): export {min(exports):.2f} s, import {min(imports):.2f} s "
        f"(best of {args.repeat}); round trip equal: {equal}; load average {load}"
    )
    return 0 if equal else 1
