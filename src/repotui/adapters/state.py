"""Remembered choices (citation style, sort order, most-used styles) in a small JSON file."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from repotui.adapters.fs import atomic_write
from repotui.adapters.paths import state_file


class State:
    """A JSON object on disk; unreadable or malformed content is treated as empty, never fatal."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_file()
        self.data: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.data = loaded
        except (OSError, ValueError):
            pass

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Set and save at once (atomically): choices must survive a crash or a kill."""
        self.data[key] = value
        with contextlib.suppress(OSError):
            atomic_write(self.path, json.dumps(self.data, indent=2, sort_keys=True), overwrite=True)
