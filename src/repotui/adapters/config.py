"""Settings from the TOML config file and `REPOTUI_*` variables; bad keys become problems.

The config is read once at start. A missing file is fine (defaults); an unreadable or invalid
one never stops the app: every problem is reported with file, key and line where we know it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from repotui.adapters.paths import config_file
from repotui.core.text import display_path


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in the config file."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Settings:
    """Everything a user can set. Each field is a key of the same name in config.toml."""

    records: Path | None = None
    """The records folder when neither `-r` nor REPOTUI_RECORDS gives one."""

    style: str = "house"
    """Citation style: `house`, a CSL style name (`apa`) or the path of a `.csl` file."""

    locale: str | None = None
    """Locale for every citation, e.g. `en-GB` (quotes, dates and "eds" differ by locale). Unset:
    each style's own `default-locale`, as its guide prints it (house: en-GB), else en-US."""

    opener: str | None = None
    """Command that opens a file, e.g. `zathura` or `evince --fullscreen`; the path is appended."""

    opener_terminal: bool = False
    """The `opener` runs in the terminal (`less`, `tdf`, `termpdf.py`): the app steps aside while it
    runs and comes back as it was. Without it the opener is started detached (a GUI viewer)."""

    browser: str | None = None
    """Command that opens a web page; default: the platform's browser."""

    allow_outside_paths: bool = False
    """Allow a record's local file to point outside the records folder."""

    max_download_mb: int = 200
    """Largest file a download may fetch, in megabytes."""

    max_record_bytes: int = 8 * 1024 * 1024
    """Largest record file read; bigger ones are reported as problems."""

    max_field_chars: int = 100_000
    """Longest text shown for one field; longer text is cut with a note."""

    list_width: int = 60
    """Share of the width the record list takes beside the detail pane, in percent (25–75; the
    `[` and `]` keys move it, and the app remembers the last split)."""

    list_height: int = 45
    """Share of the height the record list takes above the detail pane in narrow terminals (under
    100 columns), in percent (25–75; `[` and `]` move it there)."""

    keys: dict[str, str] = field(default_factory=dict)
    """Key remapping: binding id → keys, e.g. `copy-citation = "y"`."""


_ENV_PREFIX = "REPOTUI_"


def _path(value: object) -> Path:
    if not isinstance(value, str):
        raise TypeError("must be a path (text)")
    return Path(value).expanduser()


def _bool(value: object) -> bool:
    if isinstance(value, str) and value.lower() in {"1", "true", "yes", "0", "false", "no"}:
        return value.lower() in {"1", "true", "yes"}
    if not isinstance(value, bool):
        raise TypeError("must be true or false")
    return value


def _positive_int(value: object) -> int:
    if isinstance(value, str):  # from the environment: ASCII digits only ("²".isdigit() is True too)
        text = value.strip()
        value = int(text) if text.isascii() and text.isdigit() and len(text) <= 30 else None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise TypeError("must be a positive whole number")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("must be text")
    return value


def _text_table(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TypeError("must be a table of text values")
    return dict(value)


#: Reads a TOML or environment value as a field's type; TypeError says what was expected.
Coerce = Callable[[object], object]
_READERS: dict[type, Coerce] = {Path: _path, bool: _bool, int: _positive_int, str: _text, dict: _text_table}


def _reader(hint: Any) -> Coerce:
    """The reader for a field's type: `X | None` reads as X (TOML has no null), `dict[str, str]` as a dict."""
    if get_origin(hint) in (UnionType, Union):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        hint = args[0] if len(args) == 1 else hint
    base = get_origin(hint) or hint
    if base not in _READERS:
        raise TypeError(f"Settings field type {hint!r} has no reader in adapters/config.py")
    return _READERS[base]


#: Settings field name → its reader, worked out once from the type hints (a field of a type with
#: no reader fails here, at import, rather than on a user's config).
_FIELDS: dict[str, Coerce] = {f.name: _reader(get_type_hints(Settings)[f.name]) for f in dataclasses.fields(Settings)}


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _key_lists(table: dict[str, str], path: Path, text: str, problems: list[ConfigProblem]) -> dict[str, str]:
    """The `[keys]` entries that name keys ("ctrl+y", "y,f5"); any other is a problem and keeps
    its default (an entry of "," or "" would leave the action with no key at all)."""
    keys: dict[str, str] = {}
    for binding, value in table.items():
        parts = [part.strip() for part in value.split(",")]
        if all(part and part.isprintable() and " " not in part for part in parts):
            keys[binding] = ",".join(parts)
        else:
            problems.append(ConfigProblem(path, f"keys.{display_path(binding)} = {value!r} is not a key or a list of keys "
                                          '(such as "ctrl+y" or "y,f5"); the default is kept',
                                          _line_of(text, binding)))
    return keys


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None,
                  ) -> tuple[Settings, list[ConfigProblem]]:
    """Defaults ← config file ← REPOTUI_* environment. Never raises on bad content."""
    path = path or config_file()
    environ = dict(os.environ) if environ is None else environ
    problems: list[ConfigProblem] = []
    values: dict[str, Any] = {}
    text = ""
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file"
        problems.append(ConfigProblem(path, f"the config file is {kind}: ignored, defaults are used"))
    elif path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except (OSError, UnicodeError) as exc:
            problems.append(ConfigProblem(path, f"cannot read the config file: {exc}"))
            data = {}
        except tomllib.TOMLDecodeError as exc:
            at = re.search(r"at line (\d+)", str(exc))
            line = getattr(exc, "lineno", None) or (int(at.group(1)) if at else None)
            problems.append(ConfigProblem(path, f"invalid TOML: {str(exc).split(' (at')[0]}", line))
            data = {}
        for key, value in data.items():
            name = key.replace("-", "_")
            if name not in _FIELDS:
                problems.append(ConfigProblem(path, f"unknown key {key!r} (known: "
                                              f"{', '.join(sorted(_FIELDS))})", _line_of(text, key)))
                continue
            try:
                values[name] = _FIELDS[name](value)
            except TypeError as exc:
                problems.append(ConfigProblem(path, f"{key} {exc}", _line_of(text, key)))
        if "keys" in values:
            values["keys"] = _key_lists(values["keys"], path, text, problems)
    for name, read in _FIELDS.items():
        env_name = _ENV_PREFIX + name.upper()
        if env_name in environ and name != "keys":
            try:
                values[name] = read(environ[env_name])
            except TypeError as exc:
                problems.append(ConfigProblem(Path(f"${env_name}"), f"{exc}"))
    return Settings(**values), problems
