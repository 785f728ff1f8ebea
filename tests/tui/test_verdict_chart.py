"""The report chart's layout: bars that add up, every verdict visible, columns that fit the width."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from repotui.core.ref import VERDICT_ORDER, Policy, Verdict, make_report
from repotui.tui.widgets.verdict_chart import GLYPHS, Layout, chart_lines, split_cells

DAY = dt.date(2026, 11, 28)


@given(st.lists(st.integers(0, 100_000), min_size=5, max_size=5), st.integers(0, 200))
def test_segments_fill_the_bar_and_every_verdict_with_records_shows(counts: list[int], cells: int) -> None:
    out = split_cells(counts, cells)
    assert sum(out) == (cells if sum(counts) else 0)
    present = sum(1 for n in counts if n)
    if cells >= 2 * present:  # room for every verdict to keep a cell
        assert all(out[i] >= 1 for i, n in enumerate(counts) if n)


def test_a_single_failure_among_thousands_still_shows() -> None:
    assert split_cells([5000, 0, 0, 1, 0], 20) == [19, 0, 0, 1, 0]


def report(per_year: dict[int | None, list[int]]):  # type: ignore[no-untyped-def]
    counts = {(year, v): n for year, ns in per_year.items() for v, n in zip(VERDICT_ORDER, ns, strict=True)}
    return make_report(Policy.REF2021, DAY, counts, [])


BIG = report({year: [2100, 30, 400, 900, 3500] for year in range(1975, 2027)} | {None: [0, 0, 0, 0, 12]})


@pytest.mark.parametrize("width", [60, 76, 116, 196])  # 76: an 80-column terminal less padding
def test_every_line_fits_the_width(width: int) -> None:
    fixed, lines = chart_lines(BIG, width)
    for line in lines:
        assert cell_len("".join(text for text, _role in line)) <= width
    legend = " ".join("".join(text for text, _ in line) for line in lines[:fixed - 1])
    assert all(v.label.split()[0] in legend for v in VERDICT_ORDER)  # the legend wraps, never cut
    assert fixed == (2 if width >= 74 else 3)


@pytest.mark.parametrize(("width", "counts", "labelled"), [(76, False, False), (116, True, False), (196, True, True)])
def test_columns_shrink_to_percentages_before_the_bar_gets_too_short(width: int, counts: bool, labelled: bool) -> None:
    layout = Layout.for_width(BIG, width)
    assert (layout.counts, layout.labelled) == (counts, labelled)
    assert layout.bar >= 16
    fixed, lines = chart_lines(BIG, width)
    row = "".join(text for text, _ in lines[fixed])
    assert row.startswith("   2026 ")
    assert ("2,100  30%" in row) is counts and " 30%" in row


def test_rows_newest_first_undated_last_then_all() -> None:
    fixed, drawn = chart_lines(BIG, 116)
    lines = ["".join(t for t, _ in line) for line in drawn]
    years = [line.split()[0] for line in lines[fixed:]]
    assert years[:2] == ["2026", "2025"] and years[-4:] == ["1975", "no", lines[-2].split()[0], "all"]
    assert lines[-1].split()[1].startswith(GLYPHS[Verdict.COMPLIANT])


def test_bars_scale_to_the_busiest_year_and_keep_their_textures() -> None:
    small = report({2020: [10, 0, 0, 10, 0], 2021: [5, 0, 0, 0, 0]})
    width = 116
    bar = Layout.for_width(small, width).bar
    _fixed, lines = chart_lines(small, width)
    row_2021 = next(line for line in lines if line[0][0].strip() == "2021")
    row_2020 = next(line for line in lines if line[0][0].strip() == "2020")
    assert [(t, role) for t, role in row_2020[1:3]] == [
        (GLYPHS[Verdict.COMPLIANT] * (bar // 2), "compliant"), (GLYPHS[Verdict.NOT_COMPLIANT] * (bar - bar // 2),
                                                                "not-compliant")]
    assert row_2021[1] == (GLYPHS[Verdict.COMPLIANT] * round(bar / 4), "compliant")
