"""Months as the EPrints checker adds them (Perl Time::Piece add_months: month ends roll over), and
partial dates as ranges, checked against brute force over every day they can stand for."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repotui.core.model import PartialDate
from repotui.core.ref.calendar import Span, add_months, before, gap, on_or_before, within

D = dt.date


@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2022, 8, 24), 3, D(2022, 11, 24)),
    (D(2022, 11, 30), 3, D(2023, 3, 2)),   # the spec's example: "2023-02-30" rolls over
    (D(2022, 11, 28), 3, D(2023, 2, 28)),
    (D(2022, 11, 29), 3, D(2023, 3, 1)),
    (D(2023, 11, 29), 3, D(2024, 2, 29)),  # leap year: the 29th exists
    (D(2023, 11, 30), 3, D(2024, 3, 1)),   # leap year: "2024-02-30" is 1 March
    (D(2019, 11, 30), 3, D(2020, 3, 1)),
    (D(2021, 1, 31), 1, D(2021, 3, 3)),
    (D(2020, 1, 31), 1, D(2020, 3, 2)),
    (D(2022, 3, 31), 1, D(2022, 5, 1)),
    (D(2023, 10, 31), 12, D(2024, 10, 31)),
    (D(2024, 2, 29), 12, D(2025, 3, 1)),
    (D(2024, 2, 29), 24, D(2026, 3, 1)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2022, 12, 15), 1, D(2023, 1, 15)),
    (D(2022, 5, 5), 0, D(2022, 5, 5)),
    (D(9999, 11, 15), 3, dt.date.max),     # past the calendar: "never" rather than a crash
])
def test_add_months_rolls_over_like_time_piece(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_span_of_partial_dates() -> None:
    assert Span.of(PartialDate(2022, 8, 24)) == Span(D(2022, 8, 24), D(2022, 8, 24), "2022-08-24")
    assert Span.of(PartialDate(2024, 2)) == Span(D(2024, 2, 1), D(2024, 2, 29), "2024-02")
    assert Span.of(PartialDate(2023, 2)).last == D(2023, 2, 28)
    assert Span.of(PartialDate(2022)) == Span(D(2022, 1, 1), D(2022, 12, 31), "2022")


def test_the_latest_limit_of_a_month_can_come_from_its_last_day() -> None:
    """November + 3 months: 11-01 → 02-01, but 11-30 → 03-02 (later than 11-30's neighbours)."""
    limit = Span.of(PartialDate(2022, 11)).plus(3)
    assert (limit.first, limit.last) == (D(2023, 2, 1), D(2023, 3, 2))


@pytest.mark.parametrize(("start", "end", "text"), [
    (D(2022, 8, 24), D(2022, 9, 20), "27 days"),
    (D(2019, 1, 10), D(2019, 6, 1), "4 months and 22 days"),
    (D(2019, 1, 10), D(2019, 4, 10), "3 months"),
    (D(2019, 1, 10), D(2019, 2, 11), "1 month and 1 day"),
    (D(2022, 1, 1), D(2022, 1, 1), "0 days"),
    (D(2022, 1, 1), D(2022, 1, 2), "1 day"),
    (D(2022, 11, 30), D(2023, 3, 2), "3 months"),
    (D(1, 1, 1), D(9999, 12, 31), "119987 months and 30 days"),
])
def test_gap(start: dt.date, end: dt.date, text: str) -> None:
    assert gap(start, end) == text


def test_comparisons_of_ranges() -> None:
    day, month, year = Span.day(D(2016, 3, 31)), Span.of(PartialDate(2016, 3)), Span.of(PartialDate(2016))
    cut = D(2016, 4, 1)
    assert (before(day, cut), before(month, cut), before(year, cut)) == (True, True, None)
    assert before(Span.day(cut), cut) is False
    assert within(Span.of(PartialDate(2026)), D(2026, 1, 1), D(2028, 12, 31)) is True
    assert within(Span.of(PartialDate(2025, 12)), D(2026, 1, 1), D(2028, 12, 31)) is False


partial_dates = st.builds(
    PartialDate, st.integers(2015, 2017),
    st.one_of(st.none(), st.integers(1, 12)),
    st.one_of(st.none(), st.integers(1, 28)),
).filter(lambda d: d.month is not None or d.day is None)


def days(span: Span) -> list[dt.date]:
    return [span.first + dt.timedelta(n) for n in range((span.last - span.first).days + 1)]


@settings(deadline=None, max_examples=80)
@given(partial_dates, partial_dates, st.sampled_from([0, 1, 3, 6, 12, 24]))
def test_range_comparison_agrees_with_every_day(a: PartialDate, b: PartialDate, months: int) -> None:
    """True only if every pair of days passes, False only if none does, None only if it depends."""
    x, y = Span.of(a), Span.of(b)
    limit = y.plus(months)
    limits = {add_months(dy, months) for dy in days(y)}
    outcomes = {dx <= limit for dx in days(x) for limit in limits}
    assert min(add_months(dy, months) for dy in days(y)) == limit.first
    assert max(add_months(dy, months) for dy in days(y)) == limit.last
    decided = on_or_before(x, limit)
    assert decided == (outcomes.pop() if len(outcomes) == 1 else None)
