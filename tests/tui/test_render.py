"""Where record data becomes text on screen (tui/render.py): list columns, labels that never wrap,
URLs that never break inside a name, and wrapping that loses no character."""

from __future__ import annotations

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from repotui.core.describe import describe_record
from repotui.core.loader import load_records
from repotui.tui.render import (
    ELLIPSIS,
    URL_MAX_LINES,
    Columns,
    DetailStyles,
    detail_renderable,
    shorten_middle,
    url_lines,
    wrap_text,
)
from tests.helpers.pilot import FIXTURE_RECORDS

STYLES = DetailStyles(title=Style(), label=Style(), heading=Style())


def rendered(record, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    console = Console(width=width, color_system=None, record=True, file=io.StringIO())
    console.print(detail_renderable(record, STYLES))
    return console.export_text().splitlines()


def test_columns_fill_the_width_and_give_the_title_35_cells_first() -> None:
    for width in range(30, 260):
        c = Columns.for_width(width)
        assert c.mark + c.year + c.author + c.title + 1 + c.type + c.access == width, width
        if width >= 2 + 5 + 10 + 2 + 36:
            assert c.title >= 35, (width, c)
    # The list at 120 columns (60% of the screen, less borders and scrollbar): a 35-character title
    # is shown whole, and author and licence still get room.
    at_120 = Columns.for_width(68)
    assert at_120.title >= 35 and at_120.author >= 14 and at_120.access >= 10


def test_no_label_wraps_at_any_width() -> None:
    records = load_records(FIXTURE_RECORDS).records
    for record in records:
        labels = {label for label, _ in describe_record(record) if label}
        for width in (24, 34, 40, 46, 60, 74, 100, 150):
            lines = rendered(record, width)
            for label in labels:
                if label in ("Abstract", "Publisher statement", "Repository citation"):
                    continue  # paragraph headings, on a line of their own
                assert any(line.startswith(label) for line in lines), (record.id, width, label)


def test_labels_share_a_column_when_the_pane_has_room() -> None:
    record = next(r for r in load_records(FIXTURE_RECORDS).records if r.id == "dro-37008")
    lines = rendered(record, 74)  # the detail pane at 80 columns (stacked layout)
    online = next(line for line in lines if line.startswith("First published online"))
    assert online.split("online", 1)[1].strip() == "19 September 2022"  # on the label's own line


def test_a_url_wraps_after_a_slash_or_is_shortened_in_the_middle() -> None:
    url = "https://dro.dur.ac.uk/37008/1/37008.pdf"
    assert url_lines(url, 60) == [url]
    assert url_lines(url, 28) == ["https://dro.dur.ac.uk/37008/", "1/37008.pdf"]
    assert url_lines(url, 20) == ["dro.dur.ac.uk/37008/", "1/37008.pdf"]  # the host alone starts it
    deep = "https://example.org/" + "/".join(f"part{i}" for i in range(20)) + "/file.pdf"
    short = url_lines(deep, 30)
    assert short == ["example.org/…/file.pdf"]
    assert shorten_middle("abcdefghij", 5) == "ab…ij" and shorten_middle("abc", 5) == "abc"


@settings(max_examples=300, deadline=None)
@given(segments=st.lists(st.text(alphabet="abcXYZ0宽-.", min_size=1, max_size=15), min_size=1, max_size=12),
       width=st.integers(min_value=6, max_value=60))
def test_url_lines_keep_every_segment_whole(segments: list[str], width: int) -> None:
    url = "https://" + "/".join(segments)
    lines = url_lines(url, width)
    assert all(cell_len(line) <= width for line in lines)
    assert len(lines) <= URL_MAX_LINES
    joined = "".join(lines)
    if ELLIPSIS not in joined:  # wrapped whole (else shortened in the middle, on purpose)
        assert joined in (url, url.split("://", 1)[1])
        assert all(line.endswith("/") for line in lines[:-1])  # breaks only after a slash


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(["a", "word", "宽字", "https://x.org/a/b-c/d.pdf", "x" * 30, "-",
                                       "Attribution-NonCommercial-NoDerivatives"]), min_size=1, max_size=25),
       width=st.integers(min_value=1, max_value=50))
def test_wrapping_loses_nothing_and_fits(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = wrap_text(Text(text), width)
    assert all(cell_len(line.plain) <= max(width, 2) for line in lines)  # a wide char needs 2 cells
    assert re.sub(r"\s", "", "".join(line.plain for line in lines)) == re.sub(r"\s", "", text)
    for word in words:  # a word that fits on a line is never broken
        if cell_len(word) <= width:
            assert any(word in line.plain for line in lines), (word, [line.plain for line in lines])
    if width >= 12:  # a long URL breaks after a slash or a dash, never inside a name
        for line in lines[:-1]:
            if "/" in line.plain:
                assert line.plain.endswith(("/", "-", "pdf")) or " " in line.plain, line.plain
