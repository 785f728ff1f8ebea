"""The report's arithmetic: percentages that add up, rows per year newest first, the headline."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from repotui.core.ref import VERDICT_ORDER, Policy, Verdict, percentages, tally

DAY = dt.date(2026, 11, 28)
C, W, T, N, OUT = VERDICT_ORDER


@given(st.lists(st.integers(0, 10_000), min_size=5, max_size=5))
def test_percentages_always_add_up_to_100(numbers: list[int]) -> None:
    counts = dict(zip(VERDICT_ORDER, numbers, strict=True))
    shares = percentages(counts)
    assert sum(shares.values()) == (100 if sum(numbers) else 0)
    for verdict, n in counts.items():  # each within one point of its exact share
        exact = n * 100 / sum(numbers) if sum(numbers) else 0
        assert abs(shares[verdict] - exact) < 1


def test_percentages_break_ties_in_report_order() -> None:
    assert percentages({C: 1, W: 1, T: 1, N: 0, OUT: 0}) == {C: 34, W: 33, T: 33, N: 0, OUT: 0}
    assert percentages({}) == dict.fromkeys(VERDICT_ORDER, 0)


def test_tally_rows_newest_first_with_undated_last_and_failures_in_list_order() -> None:
    report = tally(Policy.REF2021, DAY, [
        ("a", 2019, N), ("b", None, C), ("c", 2022, C), ("d", 2019, OUT), ("e", 2022, N), ("f", 2022, W)])
    assert [(row.label, row.total) for row in report.years] == [("2022", 3), ("2019", 2), ("no date", 1)]
    assert report.years[0].count(N) == 1 and report.years[0].percentages()[C] == 34
    assert list(report.not_compliant) == ["a", "e"]
    assert report.total.total == 6 and report.total.count(C) == 2 and report.records == 6
    assert report.summary() == ("5 in scope: 2 compliant (40%), 1 will become compliant (20%), "
                                "2 not compliant (40%)")


def test_a_count_that_rounds_to_nothing_reads_less_than_one_percent() -> None:
    report = tally(Policy.REF2021, DAY, [(str(i), 2020, C) for i in range(300)] + [("w", 2020, W)])
    assert report.summary() == "301 in scope: 300 compliant (100%), 1 will become compliant (<1%)"


def test_summary_with_nothing_in_scope() -> None:
    assert tally(Policy.REF2029, DAY, [("a", 2019, Verdict.OUT_OF_SCOPE)]).summary() == "no record is in scope"
    assert tally(Policy.REF2029, DAY, []).summary() == "no records"
