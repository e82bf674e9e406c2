"""`ge generate`: write a synthetic employer group of any size (benchmarks, tests, demos)."""

from __future__ import annotations

import argparse
import sys

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "generate",
        help="write a synthetic scenario of any size",
        description="Write a plausible synthetic employer group as a scenario file: members spread over "
        "~60 km around a French city, employees with skills, part-time mix, seasonal contracts, absences "
        "and wishes, and a month of needs worth about 85-110 %% of the staff's hours, each within ~40 km of "
        "someone able to fill it. The same arguments always give the same file.",
    )
    p.add_argument(
        "--employees", "-n", type=arguments.count, required=True, metavar="N", help="number of employees"
    )
    p.add_argument(
        "--members", "-m", type=arguments.count, required=True, metavar="M", help="number of members"
    )
    p.add_argument(
        "--seed", "-s", type=arguments.natural, default=1, metavar="S", help="random seed (default 1)"
    )
    p.add_argument(
        "--month",
        type=arguments.month,
        default="2026-03",
        metavar="YYYY-MM",
        help="month of the needs (default 2026-03)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from engine.generator import generate_data
    from engine.loader import scenario_from_data
    from engine.yamlio import dump_yaml

    data = generate_data(args.employees, args.members, args.seed, args.month)
    scenario_from_data(data, "<generated>")  # never write a file that `ge validate` would refuse
    header = (
        f"# Synthetic scenario: ge generate --employees {args.employees} --members {args.members} "
        f"--seed {args.seed} --month {args.month}\n"
    )
    text = header + dump_yaml(data)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(
            f"{args.output}: {len(data['members'])} members, {len(data['employees'])} employees, "
            f"{len(data['needs'])} needs for {args.month}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0
