"""`repotui open ID`: what the app's `o` key does, from the shell.

The record's main file (or `--file N`) is resolved like in the app: a local file must lie inside
the records folder, a remote one is downloaded into the cache with a progress bar (or taken
from it), then handed to the configured opener. Exit status: 0 opened, 1 refused or failed,
2 usage error or unknown id.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, load, make_context, report_config_problems

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

HELP = "open a record's main file (downloading it into the cache first if it is remote)"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("open", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("id", help="the record id")
    parser.add_argument("--file", type=int, metavar="N", help="open file number N (1 = first) instead of "
                        "the main one")
    parser.add_argument("--print", dest="print_path", action="store_true",
                        help="print the local path (after any download) instead of opening it")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from repotui.adapters.cache import RemoteFile, plan_open
    from repotui.adapters.download import DownloadError
    from repotui.adapters.opener import open_path, run_in_terminal
    from repotui.cli.fetch import fetch_one, make_progress

    ctx = make_context(args)
    report_config_problems(ctx)
    if args.file is not None and args.file < 1:
        return fail("--file counts from 1")
    result = load(ctx)
    record = next((r for r in result.records if r.id == args.id), None)
    if record is None:
        return fail(f"no record with id {args.id!r} in {ctx.records_dir}")
    plan = plan_open(record, ctx.records_dir, ctx.settings, None if args.file is None else args.file - 1)
    if not plan.ok:
        return fail(plan.refused, EXIT_PROBLEMS)
    if plan.needs_download:
        try:
            with make_progress() as progress:
                fetch_one(plan, ctx.settings, progress, threading.Event(), record.id)
        except DownloadError as exc:
            return fail(f"download failed: {exc.message}", EXIT_PROBLEMS)
    elif isinstance(plan, RemoteFile):  # remote and needing no download: cached
        print(f"repotui: using the cached copy {plan.path}", file=sys.stderr)
    if args.print_path:
        print(plan.path)
        return EXIT_OK
    opened = open_path(plan.path, ctx.settings)
    if opened.ok and opened.terminal is not None:  # a terminal viewer: it runs here, in the foreground
        opened = run_in_terminal(opened.terminal)
    if not opened.ok:
        return fail(opened.message, EXIT_PROBLEMS)
    print(f"repotui: {opened.message}: {plan.path}", file=sys.stderr)
    return EXIT_OK
