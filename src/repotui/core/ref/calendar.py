"""Calendar arithmetic for the REF rules: months as the EPrints checker counts them, and dates
known only to the month or year handled as ranges, so a rule is decided only when every day the
date could be gives the same answer.

The EPrints REF Compliance Checker adds months with Perl's `Time::Piece::add_months`, which sets
the month and lets the C library roll an impossible day over: 2022-11-30 + 3 months is
"2023-02-30", that is 2023-03-02, not 2023-02-28. We do the same so our verdicts agree with the
repository's own checker (docs/ref.md and .notes/ref.md say so too).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from repotui.core.model import PartialDate


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` + `months` calendar months, a month end rolling over as Time::Piece does."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max  # past 9999-12-31: a hostile date, and "never" is the honest limit
    return dt.date(year, month + 1, 1) + dt.timedelta(days=day.day - 1)


@dataclass(frozen=True, slots=True)
class Span:
    """The days a recorded date may stand for: one day, a month or a whole year."""

    first: dt.date
    last: dt.date
    text: str  # as recorded: `2022-08-24`, `2022-08` or `2022`

    @classmethod
    def of(cls, value: PartialDate) -> Span:
        if value.month and value.day:
            day = dt.date(value.year, value.month, value.day)
            return cls(day, day, value.iso())
        if value.month:
            end = calendar.monthrange(value.year, value.month)[1]
            return cls(dt.date(value.year, value.month, 1), dt.date(value.year, value.month, end), value.iso())
        return cls(dt.date(value.year, 1, 1), dt.date(value.year, 12, 31), value.iso())

    @classmethod
    def day(cls, value: dt.date) -> Span:
        return cls(value, value, value.isoformat())

    @property
    def exact(self) -> bool:
        return self.first == self.last

    def plus(self, months: int) -> Span:
        """The range of `d + months` over every day `d` of this span.

        With rollover, adding months is not monotonic across a month end (11-30 + 3 → 03-02,
        12-01 + 3 → 03-01), so the latest result may come from the last day of any month inside
        the span; the earliest always comes from the first day.
        """
        if months == 0:
            return self
        if self.first == self.last:  # the common case: one day
            day = add_months(self.first, months)
            return Span(day, day, day.isoformat())
        first = add_months(self.first, months)
        last = add_months(self.last, months)
        for index in range(self.first.year * 12 + self.first.month - 1, self.last.year * 12 + self.last.month):
            year, month = divmod(index, 12)
            end = dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])
            if end <= self.last:
                last = max(last, add_months(end, months))
        text = add_months(self.first, months).isoformat() if self.exact else f"{first} to {last}"
        return Span(first, last, text)


def on_or_before(day: Span, limit: Span) -> bool | None:
    """True when every day of `day` is on or before every day of `limit`; False when none is;
    None when it depends on which day the partial dates stand for."""
    if day.last <= limit.first:
        return True
    if day.first > limit.last:
        return False
    return None


def before(day: Span, limit: dt.date) -> bool | None:
    """`day` < `limit`, decided only when the whole span is on one side."""
    if day.last < limit:
        return True
    if day.first >= limit:
        return False
    return None


def within(day: Span, start: dt.date, end: dt.date) -> bool | None:
    """`start` <= `day` <= `end`, decided only when the whole span is inside or outside."""
    if start <= day.first and day.last <= end:
        return True
    if day.last < start or day.first > end:
        return False
    return None


def gap(start: dt.date, end: dt.date) -> str:
    """`27 days`, `3 months` or `4 months and 22 days` from `start` to `end` (in the checker's months)."""
    if end < start:
        return f"{gap(end, start)} before"
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    days = (end - add_months(start, months)).days
    parts = []
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    if days or not months:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    return " and ".join(parts)


def months_text(months: int) -> str:
    return f"{months} month{'s' if months != 1 else ''}"


def day_text(value: dt.date) -> str:
    """`15 May 2027`, as record pages print dates."""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"
