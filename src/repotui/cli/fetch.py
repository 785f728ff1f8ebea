"""`repotui fetch [ID...|--all]`: download records' remote PDFs into the cache, a few at a time.

Already-cached files are skipped, each download is verified like the app's (`download_plan`),
and the summary lists what was fetched, what was cached already and what failed and why.
Exit status: 0 all good, 1 some download failed, 2 usage error or unknown id.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, EXIT_PROBLEMS, fail, load, make_context, report_config_problems
from repotui.cli.signals import exit_status
from repotui.core.files import human_size
from repotui.core.text import clean_line

if TYPE_CHECKING:  # imported in the functions: `repotui --help` should not load httpx or rich
    from rich.progress import Progress

    from repotui.adapters.cache import RemoteFile
    from repotui.adapters.config import Settings
    from repotui.cli.common import Subcommands
    from repotui.core.model import Record

HELP = "download the remote PDFs of the given records (or --all) into the cache"
DEFAULT_JOBS = 4


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("fetch", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("ids", nargs="*", metavar="ID", help="record ids")
    parser.add_argument("--all", action="store_true", help="every record in the folder")
    parser.add_argument("-j", "--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
                        help=f"parallel downloads (default {DEFAULT_JOBS}, at most 16)")
    parser.set_defaults(func=run)


def make_progress() -> Progress:
    """A rich progress bar on stderr: name, bar, bytes, rate, time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    return Progress(TextColumn("{task.description}", markup=False), BarColumn(), DownloadColumn(),
                    TransferSpeedColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True, markup=False, emoji=False, highlight=False),
                    transient=True)


def fetch_one(plan: RemoteFile, settings: Settings, progress: Progress, cancel: threading.Event,
              label: str) -> int:
    """Download one planned file with its own progress row; returns the size in bytes."""
    from repotui.adapters.download import download_plan

    task = progress.add_task(label, total=plan.file.size)

    def report(done: int, total: int | None, _rate: float) -> None:
        progress.update(task, completed=done, total=total)

    try:
        return download_plan(plan, settings, progress=report, cancel=cancel).size
    finally:
        progress.remove_task(task)


@dataclass
class Summary:
    fetched: list[tuple[str, int]]
    cached: list[str]
    failed: list[tuple[str, str]]


def _label(record: Record, index: int) -> str:
    # Printed to the terminal: cleaned of control characters (and shown with markup=False).
    name = clean_line(record.id)
    return f"{name} #{index + 1}" if len(record.files) > 1 else name


def plan_all(records: list[Record], root: Path, settings: Settings) -> tuple[list[tuple[str, RemoteFile]], Summary]:
    """Split every remote PDF of the records into to-do plans, already cached, and refused."""
    from repotui.adapters.cache import LocalFile, Refused, RemoteFile, plan_open

    todo: list[tuple[str, RemoteFile]] = []
    summary = Summary([], [], [])
    for record in records:
        for index, file in enumerate(record.files):
            if file.path or not file.url or file.withdrawn or not file.is_pdf:
                continue
            label = _label(record, index)
            match plan_open(record, root, settings, index):
                case Refused(refused=reason):
                    summary.failed.append((label, reason))
                case RemoteFile(cached=True):
                    summary.cached.append(label)
                case RemoteFile() as plan:
                    todo.append((label, plan))
                case LocalFile():  # only links get here; a local file needs no fetching
                    pass
    return todo, summary


def run(args: argparse.Namespace) -> int:
    if bool(args.ids) == bool(args.all):
        return fail("give record ids or --all (not both)")
    if not 1 <= args.jobs <= 16:
        return fail("--jobs must be between 1 and 16")
    from repotui.adapters.download import DownloadError

    ctx = make_context(args)
    report_config_problems(ctx)
    result = load(ctx)
    if args.all:
        records = result.records
    else:
        by_id = {r.id: r for r in result.records}
        unknown = [i for i in args.ids if i not in by_id]
        if unknown:
            return fail(f"no record with id {', '.join(map(repr, unknown))} in {ctx.records_dir}")
        records = [by_id[i] for i in dict.fromkeys(args.ids)]
    todo, summary = plan_all(records, ctx.records_dir, ctx.settings)
    cancel = threading.Event()
    interrupted: KeyboardInterrupt | None = None
    with make_progress() as progress, ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures: dict[Future[int], str] = {
            pool.submit(fetch_one, plan, ctx.settings, progress, cancel, label): label for label, plan in todo}
        try:
            wait(futures)
        except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM or SIGHUP: every download removes its partial file
            interrupted = stop
            cancel.set()
            wait(futures)
        for future, label in futures.items():
            exc = future.exception()
            if exc is None:
                summary.fetched.append((label, future.result()))
            elif isinstance(exc, DownloadError):
                summary.failed.append((label, exc.message))
            else:
                summary.failed.append((label, f"unexpected error: {exc}"))
    with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
        _print_summary(summary)
    if interrupted is not None:
        return exit_status(interrupted)
    return EXIT_PROBLEMS if summary.failed else EXIT_OK


def _print_summary(summary: Summary) -> None:
    for label, size in summary.fetched:
        print(f"fetched  {label} ({human_size(size)})")
    for label, reason in summary.failed:
        print(f"failed   {label}: {reason}")
    print(f"{len(summary.fetched)} fetched, {len(summary.cached)} already cached, {len(summary.failed)} failed")
    sys.stdout.flush()
