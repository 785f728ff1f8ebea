"""What the commands that take a search query share (`list`, `ref`): the QUERY words, opening the
folder's index to answer them, and the borderless table of records they print for people.

One place, so that both read the query the same way (the app's search language), stop the same
way on Ctrl-C or SIGTERM while the index is built, and print record text as data, never markup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from repotui.cli.common import Context, fail
from repotui.cli.signals import exit_status
from repotui.core.sorting import DEFAULT_SORT, SortField
from repotui.core.text import display_path

if TYPE_CHECKING:  # the index and Rich load with the command that runs, not with the parser
    from rich.text import Text

    from repotui.cli.common import Subcommands
    from repotui.core.index import Library, SearchResult


def add_query_command(sub: Subcommands, parent: argparse.ArgumentParser, name: str, help: str,
                      examples: Sequence[str]) -> argparse.ArgumentParser:
    """The subcommand `name`, whose words are a query; `examples` become its epilog."""
    parser = sub.add_parser(name, parents=[parent], help=help, description=help,
                            epilog="examples: " + "; ".join(examples))
    parser.add_argument("query", nargs="*", metavar="QUERY",
                        help="words and filters, all of which must match (the app's search language)")
    return parser


def search(ctx: Context, query: Sequence[str], *, sort: SortField = DEFAULT_SORT, reverse: bool = False,
           as_of: dt.date | None = None) -> tuple[Library, SearchResult] | int:
    """Open the folder's index (building or updating it) and answer the query, whose hint, if
    any, goes to stderr. `as_of` is the day `ref:` and `embargoed:` judge on (default today).

    An exit status instead when there is no records folder (2) or the indexing was stopped (130
    for Ctrl-C, 128 + the signal's number for SIGTERM/SIGHUP).
    """
    from repotui.cli.index_cmd import open_library
    from repotui.core.index import IndexCancelled

    if not ctx.records_dir.is_dir():
        return fail(f"no records folder at {display_path(ctx.records_dir)}")
    try:
        library = open_library(ctx)
    except (KeyboardInterrupt, IndexCancelled) as exc:
        return exit_status(exc)
    if as_of is not None:
        library.today = lambda: as_of
    result = library.search(" ".join(query), sort=sort, reverse=reverse)
    if result.hint:
        print(f"repotui: query: {result.hint}", file=sys.stderr)
    return library, result


def print_table(columns: Sequence[tuple[str, dict[str, Any]]], rows: Iterable[Sequence[Text]]) -> None:
    """A table with a bold header and no borders: (name, `Table.add_column` options) per column,
    cells as `Text` (record strings are data: "[/x]" must print as itself)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    for name, options in columns:
        table.add_column(name, **options)
    for row in rows:
        table.add_row(*row)
    Console(markup=False, highlight=False, emoji=False, soft_wrap=False).print(table)
