"""Messages that workers send to the app (payloads are plain values, never widgets)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from repotui.core.loader import LoadResult


@dataclass
class RecordsLoaded(Message):
    """A (re)load of the records folder finished."""

    result: LoadResult
