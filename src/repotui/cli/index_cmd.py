"""`repotui index [-r DIR] [--rebuild]`: build or update the search index and say what changed.

The index lives under the user cache folder, one SQLite file per records folder
(`index_db_path`); the app and `repotui list` open the same file. The first build shows a
progress bar on stderr; Ctrl-C stops it cleanly and the next run continues where it stopped.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from repotui.cli.common import EXIT_OK, Context, fail, make_context, report_config_problems
from repotui.cli.signals import exit_status
from repotui.core.text import display_path

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from repotui.cli.common import Subcommands
    from repotui.core.index import Library

HELP = "build or update the search index of the records folder and print what changed"


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("index", parents=[parent], help=HELP, description=HELP)
    parser.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="records folder (same as -r)")
    parser.add_argument("--rebuild", action="store_true", help="throw the index away and build it again")
    parser.set_defaults(func=run)


def index_db_path(records_dir: Path) -> Path:
    """The folder's index file, the very one the app opens (`adapters.paths.index_file`)."""
    from repotui.adapters.paths import index_file

    return index_file(records_dir)


def open_library(ctx: Context, rebuild: bool = False, show_progress: bool | None = None) -> Library:
    """Open the folder's index in a worker thread, with a rich progress bar while files are parsed.

    Ctrl-C sets the cancel event (the work done so far is kept) and re-raises KeyboardInterrupt.
    """
    from repotui.core.index import Library

    if show_progress is None:
        show_progress = sys.stderr.isatty()
    cancel = threading.Event()
    opened: list[Library] = []
    failed: list[BaseException] = []
    bar = _Bar() if show_progress else None

    def work() -> None:
        try:
            opened.append(Library.open(ctx.records_dir, index_db_path(ctx.records_dir),
                                              progress=bar.update if bar else None, cancel=cancel,
                                              max_bytes=ctx.settings.max_record_bytes, rebuild=rebuild))
        except BaseException as exc:  # handed to the main thread below
            failed.append(exc)

    thread = threading.Thread(target=work, name="repotui-index", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
            if bar:
                bar.draw()
    except KeyboardInterrupt:
        cancel.set()
        thread.join()
        raise
    finally:
        if bar:
            bar.stop()
    if failed:
        raise failed[0]
    library = opened[0]
    if library.fallback_reason:
        print(f"repotui: {display_path(library.fallback_reason)} "
              "(or set REPOTUI_CACHE_DIR to a folder with room)", file=sys.stderr)
    return library


class _Bar:
    """A rich progress bar fed from the indexing thread (updates are stored, drawn by the main thread)."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def update(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def draw(self) -> None:
        if not self.total:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("indexing"), BarColumn(), MofNCompleteColumn(),
                                      TimeRemainingColumn(),
                                      console=Console(stderr=True, markup=False, emoji=False, highlight=False),
                                      transient=True)
            self._progress.start()
            self._task = self._progress.add_task("index", total=self.total)
        if self._task is not None:
            self._progress.update(self._task, completed=self.done, total=self.total)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def run(args: argparse.Namespace) -> int:
    ctx = make_context(args)
    report_config_problems(ctx)
    if not ctx.records_dir.is_dir():
        return fail(f"no records folder at {display_path(ctx.records_dir)}")
    from repotui.core.index import IndexCancelled

    try:
        library = open_library(ctx, rebuild=args.rebuild)
    except (KeyboardInterrupt, IndexCancelled) as exc:
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            print("repotui: indexing stopped; what was parsed is kept, run it again to finish", file=sys.stderr)
        return exit_status(exc)
    stats = library.last_update
    print(stats.summary())
    errors = sum(1 for p in library.problems if p.severity.value == "error")
    print(f"{library.count:,} records, {errors:,} invalid file(s), {len(library.problems) - errors:,} warning(s)"
          f"{' (repotui check lists them)' if library.problems else ''}")
    print(f"index: {display_path(library.db_path)}")
    return EXIT_OK
