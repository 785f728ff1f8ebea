"""What every field reader shares: where a key is in the file, text that cannot carry control
characters, and errors and warnings that always carry the YAML line.

Every string passes through `text.clean_*` here, so nothing downstream ever sees a control
character. Errors carry the YAML line of the offending key (from `yamlsafe.LineLoader`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from repotui.core.model import PartialDate
from repotui.core.problems import RecordError
from repotui.core.text import clean_block, clean_line
from repotui.core.validate.dates import parse_date, parse_date_end, parse_season
from repotui.core.validate.scalars import huge_int, kind_of, safe_str

Lines = Mapping[int, Mapping[Any, int]]

MAX_NODES = 200_000  # a record with more YAML nodes than this is an alias bomb or junk

_ALLOWED_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


def count_nodes(data: Any, budget: int = MAX_NODES) -> int:
    """Walk the data without following shared references twice... but counting them: aliases that
    expand exponentially ("billion laughs") blow the budget and are refused."""
    stack = [data]
    seen = 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > budget:
            return seen
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return seen


class FieldReader:
    """Reads typed values out of the parsed mappings; raises RecordError, collects warnings."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.warnings: list[tuple[str, int | None]] = []

    def line(self, mapping: Any, key: Any) -> int | None:
        return self.lines.get(id(mapping), {}).get(key)

    def fail(self, mapping: Any, key: Any, message: str) -> RecordError:
        return RecordError(message, self.line(mapping, key))

    def warn(self, mapping: Any, key: Any, message: str) -> None:
        self.warnings.append((message, self.line(mapping, key)))

    def text(self, mapping: dict[Any, Any], key: str, block: bool = False) -> str | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(mapping, key, f"{key} must be text, not {kind_of(value)}")
        if isinstance(value, float) and value != value:  # NaN
            raise self.fail(mapping, key, f"{key} must be text, not a number")
        if huge_int(value):
            raise self.fail(mapping, key, f"{key} must be text, not {safe_str(value)}")
        cleaned = (clean_block if block else clean_line)(str(value))
        return cleaned or None

    def flag(self, mapping: dict[Any, Any], key: str) -> bool | None:
        """true/false, or None when absent; anything else is an error (`yes` in YAML 1.1 is true)."""
        value = mapping.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.fail(mapping, key, f"{key} must be true or false, not {_shown(value)}")

    def date(self, mapping: dict[Any, Any], key: str, name: str | None = None) -> PartialDate | None:
        value = mapping.get(key)
        if value is None:
            return None
        if isinstance(value, dict) and "literal" in value and "date-parts" not in value:
            return None
        parsed = parse_date(value)
        if isinstance(parsed, str):
            raise self.fail(mapping, key, f"{name or key}: {parsed}")
        return parsed

    def csl_date(self, mapping: dict[Any, Any], key: str) -> tuple[PartialDate, dict[str, Any]] | None:
        """The first date and the whole CSL date: a range's second date, `season` and `circa`
        are kept (styles print them), checked like the first."""
        first = self.date(mapping, key)
        if first is None:
            return None
        value = mapping[key]
        parts = [first.date_parts()]
        end = parse_date_end(value)
        if isinstance(end, str):  # the first date stands; the range's end is dropped, not guessed
            self.warn(mapping, key, f"{key}: end of the range ignored: {end}")
        elif end is not None and _day_key(end) < _day_key(first):
            self.warn(mapping, key, f"{key}: the range ends ({end.iso()}) before it starts ({first.iso()}); "
                      "end ignored")
        elif end is not None and end != first:
            parts.append(end.date_parts())
        csl: dict[str, Any] = {"date-parts": parts}
        if isinstance(value, dict):
            if value.get("season") is not None:
                season = parse_season(value["season"])
                if season is None:
                    self.warn(value, "season", f"{key}: season {_shown(value['season'])} is not 1-4 or a "
                              "season's name; ignored")
                else:
                    csl["season"] = season
            circa = value.get("circa")
            if circa is not None and circa is not False and circa not in (0, "0", "", "false"):
                csl["circa"] = True
        return first, csl

    def url(self, mapping: dict[Any, Any], key: str) -> str | None:
        value = self.text(mapping, key)
        if value and not _ALLOWED_URL.match(value):
            self.warn(mapping, key, f"{key} {value[:60]!r} is not an http(s) URL; ignored")
            return None
        return value


def _day_key(date: PartialDate) -> tuple[int, int, int]:
    return date.year, date.month or 0, date.day or 0


def _shown(value: Any) -> str:
    """A value quoted for an error message: short, one line, never a huge number spelled out."""
    if isinstance(value, str):
        return repr(clean_line(value)[:40])
    if isinstance(value, (dict, list, tuple, set, frozenset)):  # str() of a set of huge ints raises
        return kind_of(value)
    return clean_line(safe_str(value))[:40]


def summarise(value: Any, limit: int = 500, depth: int = 0) -> str:
    """A bounded one-line text for an unknown field's value (any shape, any size, any depth:
    aliases can chain lists hundreds deep without nesting the text)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        text = safe_str(value)
    elif depth >= 8:
        text = "…"
    elif isinstance(value, (list, tuple, set, frozenset)):  # tuples and sets: !!omap, !!pairs, !!set
        items = list(value)
        text = ", ".join(summarise(v, 100, depth + 1) for v in items[:20]) + (" …" if len(items) > 20 else "")
    elif isinstance(value, dict):
        pairs = list(value.items())[:20]
        text = "; ".join(f"{safe_str(k)}: {summarise(v, 100, depth + 1)}" for k, v in pairs) + (
            " …" if len(value) > 20 else "")
    else:
        text = str(value)[:10_000]
    text = clean_line(text[:100_000])
    return text if len(text) <= limit else text[: limit - 1] + "…"
