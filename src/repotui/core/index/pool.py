"""Parsing many changed files: in chunks, in worker processes when there are enough of them.

Chunks come back in order (the update stores them in walk order and commits each one, so a
cancelled build keeps what it has). Issue 14 lands here: a pool that starts from inside the
running Textual app, and workers that die with their parent.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from repotui.core.index.parse import Parsed, parse_chunk
from repotui.core.index.progress import stop_if_cancelled
from repotui.core.walk import Found

#: Parse in worker processes when at least this many files changed (and there are 2+ cores).
POOL_THRESHOLD = 2000
#: Files per chunk: the unit sent to a worker, and the files stored per transaction.
CHUNK = 400


class Parser:
    """Turns the files an update must (re)read into chunks of `Parsed` rows."""

    def __init__(self, root: Path, max_bytes: int, workers: int | None = None) -> None:
        self.root = str(root)
        self.max_bytes = max_bytes
        self.workers = workers
        """Processes to use (None: 2 when many files changed and there are 2+ cores; 0: this
        thread). Set to 0 for good once processes failed to start."""

    def batches(self, todo: Sequence[Found], cancel: threading.Event | None) -> Iterator[list[Parsed]]:
        """Parsed chunks, in order. If worker processes cannot start (no importable __main__, a
        sandbox), the rest is parsed in this thread. Raises IndexCancelled when `cancel` is set."""
        done = 0
        try:
            for batch in self._batches(todo, cancel):
                done += len(batch)
                yield batch
        except (BrokenProcessPool, OSError):
            self.workers = 0
            yield from self._batches(todo[done:], cancel)

    def _batches(self, todo: Sequence[Found], cancel: threading.Event | None) -> Iterator[list[Parsed]]:
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        workers = self.workers
        if workers is None:
            workers = 2 if len(todo) >= POOL_THRESHOLD and (os.cpu_count() or 1) > 1 else 0
        if workers <= 0 or len(chunks) < 2:
            for chunk in chunks:
                stop_if_cancelled(cancel)
                yield parse_chunk(self.root, chunk, self.max_bytes)
        else:
            yield from self._in_processes(chunks, workers, cancel)

    def _in_processes(self, chunks: list[Sequence[Found]], workers: int,
                      cancel: threading.Event | None) -> Iterator[list[Parsed]]:
        """A bounded window of chunks in flight (2 per worker), results taken in order."""
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # fork is unsafe with the app's threads
        # Workers ignore Ctrl-C: the parent sets `cancel` and stops them in order.
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=signal.signal,
                                 initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
            pending: list[Future[list[Parsed]]] = []
            queue = iter(chunks)
            try:
                for chunk in queue:
                    pending.append(pool.submit(parse_chunk, self.root, chunk, self.max_bytes))
                    if len(pending) >= workers * 2:
                        break
                while pending:
                    stop_if_cancelled(cancel)
                    done = pending.pop(0).result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending.append(pool.submit(parse_chunk, self.root, nxt, self.max_bytes))
                    yield done
            finally:
                for future in pending:
                    future.cancel()
