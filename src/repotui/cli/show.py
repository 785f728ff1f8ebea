"""`repotui show ID`: one record as readable text, its YAML, or its CSL-JSON."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, fail, load, make_context, report_config_problems
from repotui.core.describe import describe_record
from repotui.core.serialize import dump_mapping, record_to_mapping

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

HELP = "print one record (text, yaml, or json: its CSL-JSON)"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("show", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("id", help="the record id")
    parser.add_argument("--format", choices=("text", "yaml", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = make_context(args)
    report_config_problems(ctx)
    result = load(ctx)
    record = next((r for r in result.records if r.id == args.id), None)
    if record is None:
        return fail(f"no record with id {args.id!r} in {ctx.records_dir}")
    if args.format == "json":
        print(json.dumps(record.csl, ensure_ascii=False, indent=2))
    elif args.format == "yaml":
        print(dump_mapping(record_to_mapping(record)), end="")
    else:
        rows = describe_record(record)
        print(rows[0][1])
        indent = ""
        for label, value in rows[1:]:
            lines = value.split("\n")
            if label:
                indent = " " * (len(label) + 2)
                print(f"{label}: {lines[0]}")
            else:  # another value of the previous label: another author, another file
                print(f"{indent}{lines[0]}")
            for line in lines[1:]:
                print(f"{indent}{line}")
    return EXIT_OK
