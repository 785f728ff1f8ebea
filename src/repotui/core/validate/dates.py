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
    integers (a bare year) and CSL `{date-parts: [[y, m, d]]}`."""
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
