"""One frame per input (issue 15): a cursor move lays out nothing but the detail pane, a record
shown before is not laid out again, held keys skip the records passed over, the footer greys a
key where it is, and a large answer's first page is shown before the rest."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget

from repotui.adapters.config import Settings
from repotui.core.index import Library
from repotui.core.model import Record
from repotui.tui.app import RepoApp
from repotui.tui.widgets.line import Line
from tests.helpers.pilot import FIXTURE_RECORDS, detail_text, run_loaded, settle_workers, until


def count_layouts(app: RepoApp) -> list[int]:
    """Screen layouts from now on (Textual publishes this signal after each one)."""
    count = [0]

    def laid_out(_screen: object) -> None:
        count[0] += 1

    app.browser.screen_layout_refresh_signal.subscribe(app.browser, laid_out)
    return count


def footer_key(app: RepoApp, key: str) -> Widget:
    return next(k for k in app.browser.query("FooterKey") if getattr(k, "key", None) == key)


async def settled(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, RepoApp)
    await settle_workers(app)
    await pilot.pause()


def paged_by_one(app: RepoApp) -> Library:
    """The app's index, made to answer as it does on a large folder (first page first) with a
    page of one record, so the four fixture records take several pages."""
    library = app.library
    assert library is not None
    library.first_page, library.first_page_from, library.tier_first_from = 1, 1, 1
    return library


async def test_cursor_moves_lay_out_no_screen_and_the_footer_greys_open_in_place() -> None:
    """A terminal tall enough for every record: a move to a record that needs a scrollbar where
    the last one did not (or back) lays out the screen once, as it must (the bar appears)."""
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with run_loaded(app, size=(120, 110)) as pilot:
        await until(pilot, lambda: bool(app.browser.query("FooterKey")))
        await settled(pilot)
        keys = list(app.browser.query("FooterKey"))
        open_key = footer_key(app, "o")
        assert not open_key.has_class("-disabled")  # the first record has a file
        layouts = count_layouts(app)
        for key, record_id, has_file in [("j", "dro-37008", True), ("j", "lshtm-chapter", False),
                                         ("j", "hostile-title", False), ("k", "lshtm-chapter", False),
                                         ("k", "dro-37008", True)]:
            await pilot.press(key)
            await settled(pilot)
            assert app.browser.detail.record is not None and app.browser.detail.record.id == record_id
            assert open_key.has_class("-disabled") is not has_file, record_id
        assert layouts[0] == 0, "a cursor move laid out the screen"
        assert list(app.browser.query("FooterKey")) == keys  # the same keys, greyed where they are


async def shown_with_citation(pilot: Pilot, record_id: str) -> None:
    """Poll until the detail pane shows this record with its citation: the citation is rendered
    CITATION_DELAY after the cursor rests, in a worker that may start after `settled` returned,
    and its arrival lays the record out again (as it must: the pane shows more)."""
    app = pilot.app
    assert isinstance(app, RepoApp)
    detail = app.browser.detail
    await until(pilot, lambda: detail.record is not None and detail.record.id == record_id
                and detail.citation is not None and detail.citation[1].record_id == record_id)
    await settled(pilot)


async def test_a_record_shown_before_is_not_laid_out_again() -> None:
    """Both records were shown with their citations: moving back and forth lays out nothing."""
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with run_loaded(app) as pilot:
        detail = app.browser.detail
        await shown_with_citation(pilot, "polito-26840")
        await pilot.press("j")
        await shown_with_citation(pilot, "dro-37008")
        before = detail.layouts
        await pilot.press("k", "j", "k")
        await settled(pilot)
        assert detail.layouts == before
        assert detail.record is not None and detail.record.id == "polito-26840"
        assert detail.citation is not None and detail.citation[1].record_id == "polito-26840"


async def test_a_record_with_its_own_house_citation_shows_it_in_its_first_layout() -> None:
    """dro-37008 carries the repository's citation: no engine run, so the pane shows it with the
    move itself (it was shown without, then laid out again when the citation worker answered)."""
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with run_loaded(app) as pilot:
        detail = app.browser.detail
        await shown_with_citation(pilot, "polito-26840")
        before = detail.layouts
        await pilot.press("j")
        assert detail.record is not None and detail.record.id == "dro-37008"
        assert "Citation (house-style)\nBeckerman, Carly E (2022) 'Is there a cyber" in detail_text(app)
        assert detail.layouts <= before + 1
        assert app.browser.citing._timer is None  # no citation to wait for: nothing will lay it out again


async def test_a_layout_made_ahead_never_replaces_a_newer_one() -> None:
    """The records beside the cursor are laid out in a thread; when that answer comes late, after
    the record was shown and laid out again with its citation on the UI thread, the newer layout
    stays (it was replaced, and going back laid the record out a third time)."""
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with run_loaded(app) as pilot:
        detail = app.browser.detail
        await shown_with_citation(pilot, "polito-26840")
        gate = threading.Event()
        lay_out = detail._lay_out
        calls: list[int] = []

        def late(*args: Any) -> None:
            calls.append(len(calls))
            if len(calls) == 1:  # the first answers only once the record has its citation on screen
                gate.wait(10)
                lay_out(*args)
            # the later ones never answer (a loaded machine): nothing mends a replaced layout

        detail._lay_out = late  # type: ignore[method-assign]
        await pilot.press("j")  # dro-37008: lshtm-chapter is laid out ahead, without a citation
        await pilot.press("j")  # lshtm-chapter, laid out here, then again with its citation
        await until(pilot, lambda: detail.record is not None and detail.record.id == "lshtm-chapter"
                    and detail.citation is not None and detail.citation[1].record_id == "lshtm-chapter")
        gate.set()
        await settled(pilot)
        before = detail.layouts
        await pilot.press("k", "j")
        await settled(pilot)
        assert detail.record is not None and detail.record.id == "lshtm-chapter"
        assert detail.citation is not None
        assert detail.layouts == before


async def test_held_keys_skip_the_records_passed_over() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with run_loaded(app) as pilot:
        await settled(pilot)
        detail = app.browser.detail
        shown: list[str | None] = []
        show = detail.show

        def spy(record: Record | None, *args: object, **kwargs: object) -> None:
            shown.append(record.id if record is not None else None)
            show(record, *args, **kwargs)  # type: ignore[arg-type]

        detail.show = spy  # type: ignore[method-assign]
        from textual import events

        for _ in range(3):  # an auto-repeating key: all three arrive in one read
            app.post_message(events.Key("down", None))
        await until(pilot, lambda: detail.record is not None and detail.record.id == "hostile-title")
        await settled(pilot)
        assert shown == ["hostile-title"]
        assert app.browser.record_list.cursor == 3


async def test_a_large_answers_first_page_comes_first_and_the_whole_answer_follows() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with run_loaded(app) as pilot:
        await settled(pilot)
        library = paged_by_one(app)
        statuses: list[str] = []
        status = app.browser.status_line
        show = status.show

        def spy(text: str) -> None:
            statuses.append(text)
            show(text)

        status.show = spy  # type: ignore[method-assign]
        await pilot.press("slash", *"a")
        await until(pilot, lambda: app.browser.searching.result is not None
                    and app.browser.searching.result.query.text == "a" and app.browser.searching.result.complete)
        await settled(pilot)
        expected = library.search("a").ids
        assert len(expected) > 1
        assert list(app.browser.record_list.ids) == list(expected)
        assert any("+ of 4 records · counting…" in text for text in statuses), statuses
        assert statuses[-1].startswith(f"{len(expected)} of 4 records")


class Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield Line("one", id="status")

    CSS = "#status { height: 1; }"


async def test_a_line_repaints_without_a_layout_and_only_when_its_text_changes() -> None:
    app = Lines()
    async with app.run_test(size=(40, 5)) as pilot:
        line = app.query_one(Line)
        await pilot.pause()
        asked: list[bool] = []
        refresh = line.refresh

        def spy(*regions: object, layout: bool = False, **kwargs: object) -> Widget:
            asked.append(layout)
            return refresh(*regions, layout=layout, **kwargs)  # type: ignore[arg-type]

        line.refresh = spy  # type: ignore[method-assign]
        line.show("one")
        assert asked == []
        line.show("two, longer")
        assert asked == [False]
        await pilot.pause()
        assert line.visual == Content("two, longer") or str(line.render()) == "two, longer"


async def test_the_cursor_record_is_kept_across_a_sort_with_page_first_answers(tmp_path: Path) -> None:
    """A change of order keeps the cursor on its record even when it is beyond the first page."""
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with run_loaded(app) as pilot:
        await settled(pilot)
        paged_by_one(app)
        await pilot.press("G")  # the last record
        await settled(pilot)
        last = app.browser.record_list.cursor_id()
        await pilot.press("T")  # reversed: the record is now first... and then back
        await settled(pilot)
        assert app.browser.record_list.cursor_id() == last
        await pilot.press("T")
        await settled(pilot)
        assert app.browser.record_list.cursor_id() == last
