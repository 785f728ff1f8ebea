"""Poll for a condition instead of sleeping a fixed time; a wait that gives up fails the test."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(condition: Callable[[], T], timeout: float = 10.0, interval: float = 0.01,
               what: str = "the condition") -> T:
    """The condition's first true value, polled every `interval` seconds; AssertionError naming
    `what` after `timeout` seconds (a wait must never fall through as if it had succeeded)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g} s")
        time.sleep(interval)
