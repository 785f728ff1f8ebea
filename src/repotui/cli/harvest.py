"""`repotui harvest URL`: OAI-PMH ListRecords into the records folder, incrementally.

EPrints serves OAI-PMH at `/cgi/oai2`, DSpace at `/oai/request`. The first run fetches
everything (or `--from`); later runs ask only for records changed since the newest datestamp
seen, remembered per endpoint, set and prefix in the user state file.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, make_context, report_config_problems

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

HELP = "harvest a repository over OAI-PMH (EPrints: /cgi/oai2, DSpace: /oai/request)"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}Z)?$")


def _date(value: str) -> str:
    if not _DATE.match(value):
        raise argparse.ArgumentTypeError("use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ")
    return value


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("harvest", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("url", help="the OAI-PMH endpoint, e.g. https://eprints.example.ac.uk/cgi/oai2")
    parser.add_argument("--set", dest="set_spec", metavar="SPEC", help="harvest only this set")
    parser.add_argument("--from", dest="from_", type=_date, metavar="DATE",
                        help="only records changed on or after DATE (default: since the last harvest)")
    parser.add_argument("--until", type=_date, metavar="DATE", help="only records changed up to DATE")
    parser.add_argument("--prefix", default="oai_dc", help="metadata format (oai_dc; EPrints also serves ep3)")
    parser.add_argument("--full", action="store_true", help="ignore the remembered datestamp and fetch everything")
    parser.add_argument("--update", action="store_true",
                        help="merge changed records into existing files (keeps fields the source lacks)")
    parser.add_argument("--dry-run", action="store_true", help="fetch and check, write nothing")
    parser.add_argument("--max-wait", type=float, default=120.0, metavar="SECONDS",
                        help="longest wait honoured for a 503 Retry-After (default 120)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    from repotui.adapters.importers.oai_pmh import OaiError
    from repotui.adapters.oai_client import HarvestError, harvest
    from repotui.cli.import_cmd import print_report

    ctx = make_context(args)
    report_config_problems(ctx)
    err = Console(stderr=True, highlight=False)
    columns = (TextColumn("harvesting"), BarColumn(), MofNCompleteColumn(), TextColumn("records"),
               TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("harvest", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        def on_wait(seconds: float, attempt: int) -> None:
            bar.console.print(Text(f"server busy (503): waiting {seconds:.0f} s before retry {attempt}"))

        try:
            report = harvest(args.url, ctx.records_dir, prefix=args.prefix, set_spec=args.set_spec,
                             from_=args.from_, until=args.until, incremental=not args.full,
                             update=args.update, dry_run=args.dry_run, max_wait=args.max_wait,
                             progress=progress, on_wait=on_wait, max_bytes=ctx.settings.max_record_bytes)
        except OaiError as exc:
            return fail(f"{args.url}: {exc}", EXIT_PROBLEMS)
        except HarvestError as exc:
            return fail(str(exc), EXIT_PROBLEMS)
    if report.nothing_new:
        if report.last_datestamp and not args.from_:
            print(f"nothing new at {args.url} since the last harvest (newest datestamp {report.last_datestamp})")
        else:
            print(f"nothing new at {args.url}" + (f" since {report.from_used}" if report.from_used else ""))
        return EXIT_OK
    print_report(report, ctx.records_dir, dry_run=args.dry_run, title=f"Harvest of {args.url}")
    print(f"{report.fetched} record(s) in {report.pages} page(s), {report.deleted} deleted upstream"
          + (f"; newest datestamp {report.last_datestamp}" if report.last_datestamp else ""))
    sys.stdout.flush()
    return EXIT_OK if report.ok else EXIT_PROBLEMS
