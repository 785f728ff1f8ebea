"""Parsing many changed files: in chunks, in worker processes when there are enough of them.

Chunks come back in order (the update stores them in walk order and commits each one, so a
cancelled build keeps what it has). The processes are our own (`workers`): they start from
inside the running Textual app and die with their parent.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from repotui.core.index.parse import Parsed, parse_chunk
from repotui.core.index.progress import stop_if_cancelled
from repotui.core.index.workers import WorkerPool, WorkersFailed, can_spawn
from repotui.core.walk import Found

#: Parse in worker processes when at least this many files changed (and there are 2+ cores).
POOL_THRESHOLD = 2000
#: Files per chunk: the unit sent to a worker, and the files stored per transaction.
CHUNK = 400


def usable_cores() -> int:
    """Cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Parser:
    """Turns the files an update must (re)read into chunks of `Parsed` rows."""

    def __init__(self, root: Path, max_bytes: int, workers: int | None = None) -> None:
        self.root = str(root)
        self.max_bytes = max_bytes
        self.workers = workers
        """Processes to use (None: one per core, at most 4, when many files changed and there
        are 2+ cores; 0: this thread). Set to 0 for good once processes failed."""
        self.failure = ""
        """Why worker processes were given up ("" while they work or were never needed)."""
        self.pids: list[int] = []
        """The worker processes of the update running now (for tests and diagnostics)."""
        self.used = 0
        """Worker processes the last `batches` started (0: it parsed in this thread)."""
        self.zdict = b""
        """The index's compression dictionary (`codec.pack`), set by the update before parsing."""

    def batches(self, todo: Sequence[Found], cancel: threading.Event | None) -> Iterator[list[Parsed]]:
        """Parsed chunks, in order. If worker processes cannot start or stop answering, the
        rest is parsed in this thread. Raises IndexCancelled when `cancel` is set."""
        done = 0
        self.used = 0
        try:
            for batch in self._batches(todo, cancel):
                done += len(batch)
                yield batch
        except WorkersFailed as exc:
            self.workers = 0
            self.failure = str(exc)
            yield from self._batches(todo[done:], cancel)

    def _count(self, todo: Sequence[Found]) -> int:
        if self.workers is not None:
            return self.workers
        cores = usable_cores()
        return min(cores, 4) if len(todo) >= POOL_THRESHOLD and cores > 1 and can_spawn() else 0

    def _batches(self, todo: Sequence[Found], cancel: threading.Event | None) -> Iterator[list[Parsed]]:
        workers = self._count(todo)
        if workers <= 0 or len(todo) <= CHUNK:
            for start in range(0, len(todo), CHUNK):
                stop_if_cancelled(cancel)
                yield parse_chunk(self.root, todo[start:start + CHUNK], self.max_bytes, self.zdict)
            return
        with WorkerPool(workers, self.root, todo, CHUNK, self.max_bytes, self.zdict) as pool:
            self.pids, self.used = pool.pids, workers
            try:
                yield from pool.results(cancel)
            finally:
                self.pids = []
