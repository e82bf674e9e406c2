"""`ge schema`: print the JSON Schema of scenario files."""

from __future__ import annotations

import argparse
import json

from ge.commands import arguments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of scenario files",
        description="Print the JSON Schema (draft 2020-12) that scenario files follow; editors can use it "
        "for completion (e.g. `# yaml-language-server: $schema=scenario.schema.json`).",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=run)


def scenario_schema() -> dict:
    from engine.model import Scenario

    schema = Scenario.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ge-engine scenario"
    return schema


def run(args: argparse.Namespace) -> int:
    text = json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        arguments.write_or_refuse(args.output, text)
    else:
        print(text, end="")
    return 0
