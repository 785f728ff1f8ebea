"""SIGTERM and SIGHUP end a command the way Ctrl-C does: cleanly.

Python's default for both is to die on the spot: a download's `.part` file, an import's
temporary record file or a half-drawn progress bar stay behind. Raised as `Terminated` (a
KeyboardInterrupt) in the main thread instead, they run the same `finally` blocks and cancel
events Ctrl-C runs: worker threads and processes stop, partial files are removed, and what was
finished stays finished for the next run. A signal the caller chose to ignore (`nohup`) stays
ignored.
"""

from __future__ import annotations

import signal
from types import FrameType

#: The exit status of a process ended by a signal, as shells report it.
SIGNAL_EXIT_BASE = 128


class Terminated(KeyboardInterrupt):
    """The process was asked to stop by a signal (SIGTERM, or SIGHUP when the terminal went away)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_status(exc: BaseException) -> int:
    """128 + the signal number for a Terminated, 130 (SIGINT) for Ctrl-C."""
    return SIGNAL_EXIT_BASE + (exc.signum if isinstance(exc, Terminated) else signal.SIGINT)


def _raise(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


def stop_cleanly_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into `Terminated` in the main thread (unless ignored)."""
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None and signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _raise)
