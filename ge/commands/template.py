"""`ge template FILE.xlsx`: write the blank French workbook a manager fills in."""

from __future__ import annotations

import argparse
import sys

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "template",
        help="write the blank workbook (French, with comments and drop-down lists)",
        description="Write the blank workbook a manager fills in: one sheet per kind (Groupement, Adhérents, "
        "Sites, Salariés, Contrats, Compétences, Besoins, Absences, Souhaits, Prêts de personnel and the "
        "advanced sheets), French headers with a comment each (unit, format, example), drop-down lists "
        "referring to the other sheets' ids and to fixed values, and a « Lisez-moi » sheet explaining how to "
        "fill it. `ge import` reads it back. See docs/workbook.md.",
    )
    p.add_argument("file", metavar="FILE.xlsx", help="where to write the workbook")
    p.add_argument("-f", "--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from engine.errors import DomainError
    from engine.workbook import template_bytes

    target = Path(args.file)
    if target.exists() and not args.force:
        raise DomainError(f"{target} exists (a filled workbook?); give --force to replace it")
    arguments.write_or_refuse(target, template_bytes())
    print(
        f"{target}: blank workbook written; fill it in, then `ge import {target} -o scenario.yaml`",
        file=sys.stderr,
    )
    return 0
