"""Entry point of the `ge` command.

Each sub-command lives in `ge/commands/<name>.py` with `register(subparsers)` and `run(args) -> int`; heavy
imports happen inside `run` so that `ge --help` stays fast. Input problems exit with code 2 and are listed
one per line; a refused request exits with its error's code (1 by default; `ge bill` refuses with 2, see
docs/billing.md) and one clear line; never a traceback (set GE_DEBUG=1 for one).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from engine import __version__
from engine.errors import DomainError, InputError

COMMANDS = (
    "validate",
    "schema",
    "template",
    "import",
    "export",
    "generate",
    "solve",
    "replan",
    "check",
    "publish",
    "bill",
    "bench",
    "demo",
    "serve",
    "worker",
    "jobs",
    "key",
    "group",
    "user",
)

MODULES = {"import": "import_workbook"}
"""Commands whose module cannot bear their name (`import` is a Python keyword)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ge",
        description="Plan and bill the shared staff of a French employer group (groupement d'employeurs).",
    )
    parser.add_argument("--version", action="version", version=f"ge-engine {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module_name = f"ge.commands.{MODULES.get(name, name)}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except InputError as exc:
        print(exc.report(), file=sys.stderr)
        return exc.exit_code
    except DomainError as exc:
        print(f"ge {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"ge {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one clear line, no traceback
        if os.environ.get("GE_DEBUG"):
            raise
        print(
            f"ge {args.command}: internal error: {type(exc).__name__}: {exc} (GE_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1
