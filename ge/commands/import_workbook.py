"""`ge import WORKBOOK -o SCENARIO`: a filled workbook (or a folder or zip of CSV files) as a scenario file."""

from __future__ import annotations

import argparse
import sys

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="read a filled workbook (or CSV files) into a scenario file",
        description="Read the French workbook of `ge template` — an .xlsx file, a folder of CSV files "
        "named after its sheets, or a zip of them — and write the scenario file that `ge validate`, "
        "`ge solve` and `ge bill` take. Values are read as typed in French (15/03/2026, 8h30, 19,50, oui, "
        "lun, mar); anything ambiguous is an error. Every problem is listed at once, by cell "
        "(Contrats!C7), with the loader's own checks; then nothing is written and the exit code is 2. "
        "See docs/workbook.md.",
    )
    p.add_argument(
        "source", metavar="WORKBOOK", help="an .xlsx workbook, a folder of .csv files, or a .zip of them"
    )
    p.add_argument(
        "-o", "--output", metavar="SCENARIO", help="the scenario file to write (standard output without it)"
    )
    p.add_argument(
        "--geocode",
        action="store_true",
        help="find missing latitudes and longitudes from the addresses with the Base Adresse Nationale's "
        "batch search (network; GE_BAN_URL points at another instance); the coordinates found are written "
        "into the output",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from engine.errors import Severity
    from engine.workbook import read_workbook
    from engine.workbook.yamlout import scenario_yaml

    geocoder = None
    if args.geocode:
        from engine.ban import BanClient
        from engine.workbook.geocode import geocoder as make_geocoder

        geocoder = make_geocoder(BanClient().search_csv)
    if not Path(args.source).exists():  # one line, not every sheet reported missing
        print(f"{args.source} : fichier introuvable ; rien n'a été écrit", file=sys.stderr)
        return 2
    result = read_workbook(args.source, geocoder=geocoder)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if errors or result.scenario is None:
        print(f"{args.source} : {len(errors)} erreur(s) ; rien n'a été écrit", file=sys.stderr)
        return 2
    text = scenario_yaml(result.data, source=str(args.source))
    scenario = result.scenario
    summary = (
        f"{len(scenario.members)} adhérents, {len(scenario.employees)} salariés, {len(scenario.needs)} besoins, "
        f"{len(scenario.secondments)} prêts"
        + (f", {len(result.warnings)} avertissement(s)" if result.warnings else "")
    )
    if args.output:
        arguments.write_or_refuse(args.output, text)
        print(f"{args.output} : {summary}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        print(f"{args.source} : {summary}", file=sys.stderr)
    return 0
