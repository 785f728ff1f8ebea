"""Parse worker processes of our own: started anywhere, dying with their parent, leaving nothing.

Why not `multiprocessing`: its spawn and forkserver start methods launch a resource-tracker
process and hand it `sys.stderr.fileno()`; inside the Textual app stderr is Textual's capture
object whose `fileno()` is -1, so starting a pool failed with "bad value(s) in fds_to_keep"
(issue 14). Its workers also outlived a killed parent: each held the write end of its own task
queue, so it never saw end-of-file, and the tracker stayed up for them. Parsing needs none of
that machinery (no shared memory, no semaphores): a worker is `python -c` started with
`os.posix_spawn`, reading tasks on its stdin and writing results on its stdout through
`multiprocessing.connection.Connection` (length-prefixed pickles between our own processes).

A worker ends when:

* its task pipe reaches end-of-file (the parent closed it, or the parent died: only the parent
  holds the write end);
* the parent dies while it is busy: on Linux the kernel sends it SIGKILL (`PR_SET_PDEATHSIG`),
  elsewhere a watchdog thread sees its parent pid change within half a second;
* the parent kills it (`WorkerPool.close`, on cancel or error), and the parent always reaps it.

Workers ignore SIGINT (Ctrl-C in the CLI reaches the whole process group; the parent cancels).
Their stderr goes to /dev/null: inside the app, a worker's traceback would be drawn over the
screen; a worker that dies is noticed by its closed pipe and the parent parses the rest itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection, wait

from repotui.core.index.parse import Parsed, parse_chunk
from repotui.core.index.progress import stop_if_cancelled
from repotui.core.walk import Found

#: How the child starts: the parent's import path, then this module's `serve`.
_BOOT = ("import sys, json; sys.path[:] = json.loads(sys.argv[2]); "
         "from repotui.core.index.workers import serve; serve(int(sys.argv[1]))")
#: Signals a worker starts with at their default action (the parent's may be ignored or handled).
_DEFAULT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE)
#: How long a worker may take to leave after its task pipe closed before it is killed.
_EXIT_GRACE = 0.5
#: Linux prctl option: the signal a process receives when its parent dies.
_PR_SET_PDEATHSIG = 1


class WorkersFailed(OSError):
    """A worker could not be started or stopped answering (it died, or its pipe broke)."""


def can_spawn() -> bool:
    """Whether worker processes can be started here at all (POSIX with a Python executable)."""
    return hasattr(os, "posix_spawn") and bool(sys.executable) and os.path.exists(sys.executable)


class _Worker:
    """One child process and the two pipe ends the parent keeps."""

    def __init__(self, pid: int, tasks: Connection, results: Connection) -> None:
        self.pid = pid
        self.tasks = tasks
        self.results = results
        self.pending: list[int] = []
        """Chunk numbers sent and not answered yet, oldest first."""
        self.reaped = False


class WorkerPool:
    """`count` processes parsing the chunks of one update; use as a context manager.

    The whole list of files goes to every worker once, so a task is just a chunk number and
    the pipes cannot fill up in both directions at once (a long list of paths sent while a
    worker writes its results would deadlock once it outgrew the pipe buffer).
    """

    def __init__(self, count: int, root: str, todo: Sequence[Found], chunk: int, max_bytes: int,
                 zdict: bytes = b"") -> None:
        self.todo = list(todo)
        self.chunk = chunk
        self._root = root
        self._max_bytes = max_bytes
        self._zdict = zdict
        self.chunks = (len(self.todo) + chunk - 1) // chunk
        self.workers: list[_Worker] = []
        try:
            for _ in range(count):
                self.workers.append(_spawn())
            job = (root, self.todo, chunk, max_bytes, zdict)
            for worker in self.workers:
                worker.tasks.send(job)
        except OSError as exc:
            self.close()
            raise WorkersFailed(f"worker processes could not start ({exc})") from exc

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        return [w.pid for w in self.workers]

    def results(self, cancel: threading.Event | None, window: int = 2) -> Iterator[list[Parsed]]:
        """Every chunk's rows, in chunk order. Each worker has up to `window` chunks queued and
        gets the next one as soon as it answers, so a worker on a busier core does less.
        Raises IndexCancelled (within a tenth of a second) or WorkersFailed."""
        answered: dict[int, list[Parsed]] = {}
        sent = want = 0
        limit = len(self.workers) * (window + 1)  # chunks allowed ahead of the one awaited

        def feed(worker: _Worker) -> None:
            nonlocal sent
            while sent < self.chunks and len(worker.pending) < window and sent < want + limit:
                try:
                    worker.tasks.send(sent)
                except OSError as exc:
                    raise WorkersFailed(f"a worker process stopped ({exc})") from exc
                worker.pending.append(sent)
                sent += 1

        for worker in self.workers:
            feed(worker)
        while want < self.chunks:
            if want in answered:
                yield answered.pop(want)
                want += 1
                for worker in self.workers:
                    feed(worker)
                continue
            stop_if_cancelled(cancel)
            busy = [w for w in self.workers if w.pending]
            if not busy:  # cannot happen while chunks are missing; never wait forever
                raise WorkersFailed("no worker holds the missing chunk")
            ready = wait([w.results for w in busy], timeout=0.1)
            for worker in (w for w in busy if w.results in ready):
                try:
                    seq, rows = worker.results.recv()
                except (EOFError, OSError) as exc:
                    raise WorkersFailed(f"a worker process stopped ({self._status(worker)})") from exc
                if seq != worker.pending[0]:
                    raise WorkersFailed(f"a worker answered chunk {seq}, not {worker.pending[0]}")
                worker.pending.pop(0)
                if rows is None:
                    start = seq * self.chunk  # a worker's own error: parse it here, where it shows
                    rows = parse_chunk(self._root, self.todo[start:start + self.chunk], self._max_bytes, self._zdict)
                answered[seq] = rows
                feed(worker)

    def close(self) -> None:
        """Stop every worker and reap it: idle ones leave when their pipe closes, busy ones
        are killed. Never raises."""
        for worker in self.workers:
            for conn in (worker.tasks, worker.results):
                with contextlib.suppress(OSError):
                    conn.close()
        deadline = time.monotonic() + _EXIT_GRACE
        for worker in self.workers:
            if worker.pending:  # busy: it would finish its chunk first
                _kill(worker.pid)
            while not self._reap(worker, os.WNOHANG) and time.monotonic() < deadline:
                time.sleep(0.005)
            if not worker.reaped:
                _kill(worker.pid)
                self._reap(worker, 0)

    @staticmethod
    def _reap(worker: _Worker, flags: int) -> bool:
        if worker.reaped:
            return True
        try:
            pid, _status = os.waitpid(worker.pid, flags)
        except ChildProcessError:  # reaped elsewhere (a SIGCHLD handler): it is gone either way
            pid = worker.pid
        if pid == worker.pid:
            worker.reaped = True
        return worker.reaped

    def _status(self, worker: _Worker) -> str:
        """Why a worker went away, when it has (for the fallback message)."""
        deadline = time.monotonic() + 0.2  # its pipes close a moment before it can be reaped
        while True:
            try:
                pid, status = os.waitpid(worker.pid, os.WNOHANG)
            except ChildProcessError:
                return "it is gone"
            if pid == worker.pid:
                break
            if time.monotonic() > deadline:
                return "its pipe closed"
            time.sleep(0.005)
        worker.reaped = True
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


def _spawn() -> _Worker:
    """Start one worker: stdin is its task pipe, stdout its result pipe, stderr /dev/null."""
    task_read, task_write = os.pipe()
    result_read, result_write = os.pipe()
    try:
        argv = [sys.executable, "-c", _BOOT, str(os.getpid()), json.dumps(sys.path)]
        pid = os.posix_spawn(
            sys.executable, argv, dict(os.environ),
            file_actions=[(os.POSIX_SPAWN_DUP2, task_read, 0), (os.POSIX_SPAWN_DUP2, result_write, 1),
                          (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)],
            setsigmask=(), setsigdef=_DEFAULT_SIGNALS)
    except BaseException:
        for fd in (task_write, result_read):
            os.close(fd)
        raise
    finally:
        os.close(task_read)
        os.close(result_write)
    return _Worker(pid, Connection(task_write, readable=False), Connection(result_read, writable=False))


# -- the child's side --------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Never outlive the parent: the kernel's parent-death signal where there is one, a
    watchdog thread everywhere, and a check for a parent that died before either was set."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still works
    if os.getppid() != parent:
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(parent: int) -> None:
    """A worker's life: take the job, answer chunk numbers until the task pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    tasks = Connection(os.dup(0), writable=False)
    results = Connection(os.dup(1), readable=False)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)  # stray reads and prints must not touch the task and result streams
    os.dup2(null, 1)
    try:
        root, todo, chunk, max_bytes, zdict = tasks.recv()
        while True:
            seq = tasks.recv()
            start = seq * chunk
            try:
                rows: list[Parsed] | None = parse_chunk(root, todo[start:start + chunk], max_bytes, zdict)
            except Exception:  # parse_file never raises; if it did, the parent redoes the chunk itself
                rows = None
            results.send((seq, rows))
    except (EOFError, OSError):
        pass  # the parent closed the pipe or went away: nothing left to do
    os._exit(0)
