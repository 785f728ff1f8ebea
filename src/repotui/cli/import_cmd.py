"""`repotui import FILE...`: detect each file's format, validate every record, write it atomically.

Never overwrites: a record whose id or DOI is already in the folder is a duplicate (or merged
with `--update`). Problems in a source are reported with file and line and do not stop the
other records. Ends with a summary table; exit 1 when a source or record had to be skipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, make_context, report_config_problems
from repotui.core.text import display_path

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

#: Duplicates are listed one per line up to this many, then counted.
MAX_DUPLICATE_LINES = 20
HELP = "import records from OAI-PMH XML, EPrints (XML, JSON, DC text), BibTeX, RIS, CSL-JSON or CSL-YAML"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    from repotui.adapters.importers.detect import format_names

    parser = sub.add_parser("import", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="export files to import")
    parser.add_argument("--dry-run", action="store_true", help="read and check everything, write nothing")
    parser.add_argument("--update", action="store_true",
                        help="merge into existing records with the same id or DOI (keeps fields the source lacks)")
    parser.add_argument("--format", choices=format_names(), help="skip detection and read every file as this format")
    parser.add_argument("--flat", action="store_true",
                        help="write into the records folder itself, not a subfolder per repository")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from repotui.adapters.importers.writer import import_files

    ctx = make_context(args)
    report_config_problems(ctx)
    missing = [str(p) for p in args.files if not p.exists()]
    if missing:
        return fail(f"no such file: {', '.join(missing)}")
    report = import_files(args.files, ctx.records_dir, update=args.update, dry_run=args.dry_run,
                          format=args.format, subfolders=not args.flat, max_bytes=ctx.settings.max_record_bytes)
    print_report(report, ctx.records_dir, dry_run=args.dry_run)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def print_report(report: Any, records_dir: Path, *, dry_run: bool, title: str = "Import") -> None:
    """Problems (file:line: reason), skipped and duplicate records, then the counts table."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from repotui.adapters.importers import writer as w

    out = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if report.stopped:
        err.print(Text(f"repotui: {display_path(report.stopped)}"))
    for problem in report.problems:
        err.print(Text(str(problem)))
    for warning in report.warnings:
        err.print(Text(warning))
    duplicates = 0
    for outcome in report.outcomes:
        if outcome.status in (w.INVALID, w.FAILED):
            err.print(Text(f"{outcome.location()}: {outcome.id}: skipped: {outcome.reason}"))
        elif outcome.status == w.DUPLICATE:
            duplicates += 1
            if duplicates <= MAX_DUPLICATE_LINES:
                out.print(Text(f"{outcome.location()}: {outcome.id}: duplicate: {outcome.reason}"))
        elif outcome.status == w.WITHDRAWN:
            out.print(Text(f"{outcome.id}: {outcome.reason}"))
    if duplicates > MAX_DUPLICATE_LINES:
        out.print(Text(f"... and {duplicates - MAX_DUPLICATE_LINES} more duplicate(s) (use --update to merge them)"))
    table = Table(title=Text(f"{title}{' (dry run: nothing written)' if dry_run else ''} into {records_dir}"))
    table.add_column("result")
    table.add_column("records", justify="right")
    rows = [("imported" if not dry_run else "would import", report.count(w.IMPORTED)),
            ("updated" if not dry_run else "would update", report.count(w.UPDATED)),
            ("unchanged", report.count(w.UNCHANGED)),
            ("duplicates (not written)", report.count(w.DUPLICATE)),
            ("deleted upstream (reported; files marked withdrawn)", report.count(w.WITHDRAWN)),
            ("skipped: invalid", report.count(w.INVALID)),
            ("skipped: write failed", report.count(w.FAILED)),
            ("source problems", len(report.problems))]
    for label, count in rows:
        if count or label.startswith(("imported", "would import")):
            table.add_row(label, str(count))
    out.print(table)
    sys.stdout.flush()
