"""Dates as records write them: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, YAML dates, CSL date-parts."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from repotui.core.model import PartialDate
from repotui.core.text import clean_line
from repotui.core.validate.scalars import safe_str

_DATE_RE = re.compile(r"^(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date(value: Any) -> PartialDate | str:
    """A PartialDate, or the reason it is not one. Accepts YAML dates, `YYYY[-MM[-DD]]`,
    integers (a bare year) and CSL `{date-parts: [[y, m, d]]}`. For a range (`2019/2020`,
    two date-parts) this is its first date; `parse_date_end` gives the last."""
    if isinstance(value, str) and value.count("/") == 1:
        first, _, last = value.partition("/")
        start, end = parse_date(first), parse_date(last)
        if isinstance(start, str):
            return start
        return end if isinstance(end, str) else start
    if isinstance(value, bool):
        return "a date must be YYYY, YYYY-MM or YYYY-MM-DD"
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        parts: list[Any] = [value]
    elif isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if not match:
            return f"{clean_line(value)[:40]!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
        parts = [int(p) for p in match.groups() if p is not None]
    elif isinstance(value, dict) and "date-parts" in value:
        raw = value["date-parts"]
        if not (isinstance(raw, list) and raw and isinstance(raw[0], list) and raw[0]):
            return "date-parts must be a list like [[2022, 9, 19]]"
        parts = raw[0][:3]
        try:
            parts = [int(p) for p in parts]
        except (TypeError, ValueError):
            return "date-parts must hold numbers"
    else:
        return "a date must be YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = ([*parts, None, None])[:3]
    if not 1 <= year <= 9999:
        return f"year {safe_str(year)} is out of range"
    if month is not None and not 1 <= month <= 12:
        return f"month {safe_str(month)} is out of range"
    if day is not None:
        try:
            _dt.date(year, month or 1, day)
        except (ValueError, OverflowError):  # a huge day from date-parts overflows a C long
            return f"day {safe_str(day)} does not exist in {year}-{month or 1:02d}"
    return PartialDate(year, month, day)


def parse_date_end(value: Any) -> PartialDate | str | None:
    """The last date of a range (`2019/2020`, `{date-parts: [[2019], [2020]]}`); None for a
    single date, or the reason the second date is not one."""
    if isinstance(value, str) and value.count("/") == 1:
        return parse_date(value.partition("/")[2])
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list) and len(value["date-parts"]) > 1:
        second = value["date-parts"][1]
        if second in ([], None):
            return None
        return parse_date({"date-parts": [second]})
    return None


#: CSL seasons: 1-4, or their names (kept as the number CSL wants).
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def parse_season(value: Any) -> int | None:
    """A CSL `season` as 1-4, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 4 else None
    if isinstance(value, str):
        text = value.strip().lower()
        if text.isdigit():
            return parse_season(int(text))
        return SEASONS.get(text)
    return None
