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
