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
from typing import TYPE_CHECKING, Any

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, make_context, report_config_problems
from repotui.cli.querying import add_query_command, print_table, search
from repotui.core.sorting import SortField, parse_sort

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands
    from repotui.core.index import Library

HELP = "print the records matching a query (same language as the app's search box)"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = add_query_command(sub, parent, "list", HELP, (
        "repotui list cyber security", "repotui list author:smith year:2019..2022",
        'repotui list -- wind -has:pdf (negated terms go after "--")',
        'repotui list \'"exact phrase"\' type:article --format ids'))
    parser.add_argument("--sort", default=SortField.PUBLISHED.value, metavar="FIELD",
                        help=f"one of {', '.join(f.value for f in SortField)} (default published, newest first)")
    parser.add_argument("--reverse", action="store_true", help="reverse the order")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="print at most N records")
    parser.add_argument("--format", choices=("table", "ids", "json"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = make_context(args)
    report_config_problems(ctx)
    sort = parse_sort(args.sort)
    if sort is None:
        return fail(f"unknown sort {args.sort!r} (use {', '.join(f.value for f in SortField)})")
    if args.limit is not None and args.limit < 0:
        return fail("--limit must be 0 or more")
    found = search(ctx, args.query, sort=sort, reverse=args.reverse)
    if isinstance(found, int):
        return found
    library, result = found
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


_COLUMNS: list[tuple[str, dict[str, Any]]] = [
    ("year", {"justify": "right", "no_wrap": True}), ("first author", {"max_width": 28}), ("title", {"ratio": 1}),
    ("type", {"no_wrap": True}), ("id", {"no_wrap": True})]


def _table(library: Library, ids: Sequence[str]) -> None:
    from rich.text import Text

    print_table(_COLUMNS, ([Text(str(record.year or "")), Text(record.first_author), Text(record.title),
                            Text(record.type_name), Text(record.id)] for record in library.get_many(ids)))
