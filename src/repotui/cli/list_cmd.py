"""`repotui list [QUERY...]`: the records matching a search, in the app's query language.

Uses (and updates) the same on-disk index as the app, so it is quick on big folders. Output is a
table for people, one id per line (`--format ids`) or a JSON array of CSL-JSON items for
scripts. Exit status: 0 something matched, 1 nothing matched, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, make_context, report_config_problems
from repotui.cli.signals import exit_status
from repotui.core.sorting import SortField, parse_sort
from repotui.core.text import display_path

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands
    from repotui.core.index import Library

HELP = "print the records matching a query (same language as the app's search box)"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser(
        "list", parents=[parent], help=HELP, description=HELP,
        epilog='examples: repotui list cyber security; repotui list author:smith year:2019..2022; '
               'repotui list -- wind -has:pdf (negated terms go after "--"); '
               'repotui list \'"exact phrase"\' type:article --format ids')
    parser.add_argument("query", nargs="*", metavar="QUERY", help="words and filters (all must match)")
    parser.add_argument("--sort", default=SortField.PUBLISHED.value, metavar="FIELD",
                        help=f"one of {', '.join(f.value for f in SortField)} (default published, newest first)")
    parser.add_argument("--reverse", action="store_true", help="reverse the order")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="print at most N records")
    parser.add_argument("--format", choices=("table", "ids", "json"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from repotui.cli.index_cmd import open_library
    from repotui.core.index import IndexCancelled

    ctx = make_context(args)
    report_config_problems(ctx)
    sort = parse_sort(args.sort)
    if sort is None:
        return fail(f"unknown sort {args.sort!r} (use {', '.join(f.value for f in SortField)})")
    if args.limit is not None and args.limit < 0:
        return fail("--limit must be 0 or more")
    if not ctx.records_dir.is_dir():
        return fail(f"no records folder at {display_path(ctx.records_dir)}")
    try:
        library = open_library(ctx)
    except (KeyboardInterrupt, IndexCancelled) as exc:
        return exit_status(exc)
    result = library.search(" ".join(args.query), sort=sort, reverse=args.reverse)
    if result.hint:
        print(f"repotui: query: {result.hint}", file=sys.stderr)
    ids = result.ids if args.limit is None else result.ids[: args.limit]
    if args.format == "ids":
        for rid in ids:
            print(rid)
    elif args.format == "json":
        items = [r.csl for r in library.get_many(ids)]
        print(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        if ids:
            _table(library, ids)
        shown = f" (showing {len(ids):,})" if len(ids) < len(result.ids) else ""
        print(f"{result.status_text()}{shown}", file=sys.stderr)
    return EXIT_OK if result.ids else EXIT_PROBLEMS


def _table(library: Library, ids: Sequence[str]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("year", justify="right", no_wrap=True)
    table.add_column("first author", max_width=28)
    table.add_column("title", ratio=1)
    table.add_column("type", no_wrap=True)
    table.add_column("id", no_wrap=True)
    for record in library.get_many(ids):
        # Text(), never markup: record strings are data ("[/x]" must print as itself).
        table.add_row(Text(str(record.year or "")), Text(record.first_author), Text(record.title),
                      Text(record.type_name), Text(record.id))
    Console(markup=False, highlight=False, emoji=False, soft_wrap=False).print(table)
