"""How a long index update reports how far it is, and how it is stopped.

The caller passes a plain callback and a `threading.Event`; nothing here knows about a UI.
Reporting time left (issue 14) belongs here: an estimator fed by the same (done, total) calls.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Called as progress(done, total) while files are parsed."""


class IndexCancelled(Exception):
    """The cancel event was set. What was parsed so far is kept; the next open continues."""


def stop_if_cancelled(cancel: threading.Event | None) -> None:
    """Raise IndexCancelled when `cancel` is set: called between chunks of work."""
    if cancel is not None and cancel.is_set():
        raise IndexCancelled()


class TimeLeft:
    """Seconds left in a long update, from the same (done, total) calls the progress shows.

    The rate is measured over the last `window` seconds, not since the start: the first chunk
    includes starting the worker processes, and other programs come and go on a shared
    machine. No estimate until a few chunks are in (a guess from one chunk jumps about).
    """

    def __init__(self, window: float = 10.0, clock: Callable[[], float] | None = None) -> None:
        import time

        self._clock = clock or time.monotonic
        self.window = window
        self._points: list[tuple[float, int]] = []

    def update(self, done: int, total: int) -> float | None:
        """Record progress; the estimated seconds left, or None while it cannot be told."""
        now = self._clock()
        if self._points and done < self._points[-1][1]:
            self._points.clear()  # a new update started
        self._points.append((now, done))
        while len(self._points) > 2 and now - self._points[1][0] >= self.window:
            self._points.pop(0)
        (then, before), (_now, last) = self._points[0], self._points[-1]
        if len(self._points) < 3 or last <= before or now <= then:
            return None
        return max(0.0, (total - last) * (now - then) / (last - before))


def format_time_left(seconds: float | None) -> str:
    """`about 40 s left`, `about 3 min left`, or "" when unknown."""
    if seconds is None:
        return ""
    if seconds < 1:
        return "almost done"
    if seconds < 90:
        return f"about {max(1, round(seconds / 5) * 5 if seconds > 10 else round(seconds))} s left"
    return f"about {round(seconds / 60)} min left"
