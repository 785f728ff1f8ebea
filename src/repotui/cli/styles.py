"""`repotui styles [WORD]`: citation style names (for `--style` and the app's picker) with titles."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

HELP = "list citation styles whose name or title contains WORD"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("styles", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("word", nargs="?", default="", help="part of a style name or title, e.g. harvard")
    parser.add_argument("--independent", action="store_true",
                        help="leave out dependent styles (journal aliases of another style)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from repotui.core.citation import list_styles

    rows = list_styles(args.word, include_dependent=not args.independent)
    if not rows:
        return fail(f"no citation style matches {args.word!r}", EXIT_PROBLEMS)
    width = min(max(len(name) for name, _ in rows), 48)
    for name, title in rows:
        print(f"{name:<{width}}  {title}")
    return EXIT_OK
