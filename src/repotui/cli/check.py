"""`repotui check`: every problem as `path:line: reason`, exit 1 when any record is invalid."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, load, make_context, report_config_problems

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

HELP = "validate every record and print problems as path:line: reason"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("check", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="records folder (same as -r)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = make_context(args)
    report_config_problems(ctx)
    result = load(ctx)
    for problem in result.problems:
        print(problem)
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    summary = f"{len(result.records)} valid record(s), {errors} invalid file(s), {warnings} warning(s) in {ctx.records_dir}"
    print(summary)
    return EXIT_PROBLEMS if errors else EXIT_OK
