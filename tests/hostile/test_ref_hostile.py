"""The REF surfaces on records with markup and escapes in every field they show, and dates at the
edges of the calendar (year 1, 9999, 29 February, an embargo in year 1 and one in 9999): the detail
pane's REF and embargo rows, the report (R), the not-compliant list and its reason line, the facets.
What is asserted is what the screen shows (Textual's own screenshot, as the terminal gets it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.tui.app import RepoApp
from repotui.tui.screens.ref_report import RefReportScreen
from repotui.tui.widgets.record_list import RecordList
from tests.helpers.hostile import CONTROL, INVISIBLE
from tests.helpers.make_hostile import build_ref_surfaces
from tests.helpers.pilot import detail_text, until, wait_loaded
from tests.helpers.screen import screen_text

#: What must show literally wherever record text is drawn (a prefix of tests.helpers.hostile.MARKUP
#: that fits in a detail-pane line).
LITERAL = "[b]bold[/b] [/]"


@pytest.fixture
def ref_records(tmp_path: Path) -> Path:
    folder = tmp_path / "ref"
    build_ref_surfaces(folder)
    return folder


def assert_clean(shown: str, where: str) -> None:
    body = shown.replace("\n", "")
    assert "\x1b" not in body and not CONTROL.search(body), (where, ascii(body[:400]))
    assert not INVISIBLE.search(body), where


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_ref_rows_report_and_facets_show_record_text_as_text(ref_records: Path, tmp_path: Path,
                                                                  size: tuple[int, int]) -> None:
    app = RepoApp(ref_records, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        assert app.library is not None
        app.library.today = lambda: dt.date(2026, 11, 28)
        records = app.query_one(RecordList)
        shown_ids = []
        for position in range(len(records.ids)):
            if position:
                await pilot.press("j")
            record = records.highlighted
            assert record is not None
            shown_ids.append(record.id)
            await until(pilot, lambda: "REF 2021" in detail_text(app))  # the pane may scroll: read all of it
            detail = detail_text(app)
            assert_clean(screen_text(app), record.id)
            assert_clean(detail, record.id)
            if record.id == "ref-year-9999":
                assert "embargoed until 31 December 9999" in detail
            if record.id.startswith("ref-markup"):
                assert LITERAL in screen_text(app) and "[@click=app.quit]quit[/]" in detail
        assert len(shown_ids) == 5

        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, RefReportScreen) and "Not compliant:" in screen_text(app))
        await until(pilot, lambda: "9999" in screen_text(app))
        shown = screen_text(app)
        assert_clean(shown, "report")
        assert "   1 " in shown or "\n      1 " in shown  # the year-1 row
        assert LITERAL[:8] in shown  # the not-compliant list's title column
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, RefReportScreen))

        await pilot.press("f")
        await until(pilot, lambda: "Facets" in screen_text(app) and "Article" in screen_text(app))
        assert_clean(screen_text(app), "facets")
        if size[1] >= 40:  # every group fits: a licence value with markup is a facet value
            await until(pilot, lambda: "REF 2029" in screen_text(app))
            assert LITERAL in screen_text(app)
