"""Remembered choices (citation style, sort order, most-used styles) in a small JSON file.

The file is ours, but a person (or another version of repotui) may have edited it: whatever is in
it, the app starts. A file that cannot be read starts the choices afresh, and a value of the wrong
kind is dropped; both are named in `problems` for the app to say. An unreadable file is moved
aside to `state.json.bad` before the first choice is saved over it, so nothing is lost silently.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from repotui.adapters.fs import atomic_write
from repotui.adapters.paths import state_file
from repotui.core.text import display_path

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text(value: object) -> bool:
    return isinstance(value, str) and not _CONTROL.search(value)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


#: What each choice the app reads must be (a description for the message, and the test). Keys not
#: listed are kept untouched: a newer version may have written them.
KINDS: dict[str, tuple[str, Callable[[object], bool]]] = {
    "sort": ("text", _text),
    "reverse": ("true or false", lambda v: isinstance(v, bool)),
    "style": ("text", _text),
    "style_recent": ("a list of style names", lambda v: isinstance(v, list) and all(_text(x) for x in v)),
    "style_usage": ("a table of counts", lambda v: isinstance(v, dict) and all(_whole(x) for x in v.values())),
    "list_width": ("a whole number", _whole),
    "list_height": ("a whole number", _whole),
    "ref_policy": ("text", _text),
    "export_path": ("a file path", lambda v: _text(v) and bool(v)),
    "harvest": ("a table", lambda v: isinstance(v, dict)),
}


def _shown(value: object) -> str:
    """A value for a message: JSON (every control character escaped), cut to a readable length."""
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:39] + "…"


class State:
    """A JSON object on disk; unreadable or malformed content is treated as empty, never fatal."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_file()
        self.data: dict[str, Any] = {}
        self.problems: list[str] = []
        """What was ignored while reading, one sentence each (the app shows them at start)."""
        self._set_aside = False  # the file holds something unreadable: keep it before saving over it
        self._read()

    def _read(self) -> None:
        shown = display_path(self.path)
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            return
        except OSError as exc:
            self.problems.append(f"{shown} cannot be read ({exc.strerror or exc}); choices start afresh")
            return
        if stat.S_ISDIR(mode):
            self.problems.append(f"{shown} is a folder, not a file: choices (style, sort, split) are not remembered")
            return
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            self.problems.append(f"{shown} is not a regular file: ignored, and choices are not remembered")
            return
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.problems.append(f"{shown} cannot be read ({exc.strerror or exc}); choices start afresh")
            return
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            why = "not UTF-8" if isinstance(exc, UnicodeError) else "nested too deeply" \
                if isinstance(exc, RecursionError) else str(exc).split(":")[0]
            loaded = exc
            reason = f"is not valid JSON ({why})"
        else:
            reason = "is not a JSON object"
        if not isinstance(loaded, dict):
            self._set_aside = True
            self.problems.append(f"{shown} {reason}: ignored, choices start afresh (the file is kept "
                                 f"as {self.path.name}.bad)")
            return
        for key, value in loaded.items():
            kind = KINDS.get(key)
            if kind is not None and not kind[1](value):
                self.problems.append(f"{shown}: {key} = {_shown(value)} is not {kind[0]}; ignored")
                continue
            self.data[key] = value

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        """Set and save at once (atomically): choices must survive a crash or a kill."""
        self.data[key] = value
        with contextlib.suppress(OSError):
            if self._set_aside:
                os.replace(self.path, self.path.with_name(self.path.name + ".bad"))
                self._set_aside = False
            atomic_write(self.path, json.dumps(self.data, indent=2, sort_keys=True), overwrite=True)
