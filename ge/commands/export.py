"""`ge export SCENARIO -o FILE.xlsx`: a scenario as the workbook `ge import` reads back."""

from __future__ import annotations

import argparse
import sys

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write a scenario as the French workbook",
        description="Write a scenario file as the workbook of `ge template`, filled: `ge import` of the "
        "result gives an equal scenario. See docs/workbook.md.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario YAML file")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from engine.errors import DomainError
    from engine.loader import load_scenario
    from engine.workbook import ExportError, export_bytes

    scenario = load_scenario(args.scenario)
    try:
        data = export_bytes(scenario)
    except ExportError as exc:
        raise DomainError(f"{args.scenario} cannot be written as a workbook: {exc}") from None
    arguments.write_or_refuse(args.output, data)
    print(
        f"{args.output}: {len(scenario.members)} adhérents, {len(scenario.employees)} salariés, "
        f"{len(scenario.needs)} besoins, {len(scenario.secondments)} prêts",
        file=sys.stderr,
    )
    return 0
