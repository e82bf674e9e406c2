"""`ge bench <name>`: the benchmarks of docs/benchmarks.md, one module each (`ge/commands/bench_<name>.py`)."""

from __future__ import annotations

import argparse
import importlib

BENCHES = ("curtois", "solve", "bound", "replan", "billing", "feeds", "workbook", "workspace", "import")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="run a benchmark (curtois, solve, bound, billing, feeds, workbook, workspace, import)",
        description="Benchmarks reported in docs/benchmarks.md. Figures depend on the machine: run them on "
        "an otherwise idle machine and report its cores.",
    )
    inner = p.add_subparsers(dest="bench", metavar="BENCH")
    for name in BENCHES:
        try:
            module = importlib.import_module(f"ge.commands.bench_{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"ge.commands.bench_{name}":
                continue
            raise
        module.register(inner)
    p.set_defaults(handler=lambda args: p.print_help() or 0)
