"""`repotui show ID`: one record as readable text, its YAML, or its CSL-JSON."""

from __future__ import annotations

import argparse
import json

from repotui.cli.common import EXIT_OK, fail, load, make_context, report_config_problems
from repotui.core.describe import describe_record
from repotui.core.serialize import dump_mapping, record_to_mapping

HELP = "print one record (text, yaml, or json: its CSL-JSON)"


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
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
        for label, value in describe_record(record):
            print(f"{label}: {value}" if label else value)
    return EXIT_OK
