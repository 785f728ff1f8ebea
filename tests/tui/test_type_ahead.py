"""Keys typed in one burst (a paste, a fast typist) reach what has the focus once the key before
them has been answered: tui/type_ahead.py.

`pilot.press` waits for the app between keys, which hides the problem; these tests post every
key of a burst to the app at once, as the terminal driver does when the bytes arrive together.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList

from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.core.index import SearchResult
from repotui.tui.app import RepoApp
from repotui.tui.screens.help import HelpScreen
from repotui.tui.screens.style_picker import StylePicker
from repotui.tui.type_ahead import TypeAhead
from repotui.tui.widgets.record_list import RecordList
from tests.helpers.pilot import FIXTURE_RECORDS, SIZE, until, wait_loaded


def burst(app: App[object], *keys: str) -> None:
    """Post every key at once (the driver does so when a terminal sends them in one write)."""
    for key in keys:
        char = key if len(key) == 1 else {"space": " ", "slash": "/"}.get(key)
        app.post_message(events.Key(key, char))


def settled(app: RepoApp) -> bool:
    return not app.type_ahead.held and not app.type_ahead.busy


async def test_slash_then_a_word_searches_for_the_word(tmp_path: Path) -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        burst(app, "slash", "c", "y", "b", "e", "r")
        await until(pilot, lambda: settled(app) and app.browser.searching.text == "cyber")
        assert app.browser.search_bar.value == "cyber"
        assert app.screen is app.browser  # `e` did not open the problems screen
        assert app.clipboard == ""  # `c` and `b` copied nothing
        await until(pilot, lambda: list(app.browser.record_list.ids) == ["dro-37008"])

        # enter then a list key: the key moves the cursor instead of being typed into the box
        burst(app, "enter", "j", "k", "G")
        await until(pilot, lambda: settled(app) and isinstance(app.focused, RecordList))
        assert app.browser.search_bar.value == "cyber"


async def test_s_then_a_name_filters_the_style_picker_and_enter_then_a_key_reaches_the_browser(
        tmp_path: Path) -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        burst(app, "s", "a", "p", "a")
        await until(pilot, lambda: settled(app) and isinstance(app.screen, StylePicker))
        picker = app.screen
        assert picker.query_one(Input).value == "apa"
        options = picker.query_one(OptionList)
        await until(pilot, lambda: options.option_count > 0 and options.get_option_at_index(0).id == "apa")

        burst(app, "enter", "question_mark")  # choose, then ? must reach the browser (help opens)
        await until(pilot, lambda: settled(app) and isinstance(app.screen, HelpScreen))
        assert app.browser.citing.style_name == "apa"


async def test_escape_then_keys_after_a_modal_reach_the_browser(tmp_path: Path) -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        burst(app, "question_mark", "escape", "j", "j")
        await until(pilot, lambda: settled(app) and app.browser.record_list.cursor == 2)
        assert app.screen is app.browser


class Prompt(ModalScreen[str]):
    """A modal with an input that takes the focus the usual (deferred) way, in `on_mount`."""

    def compose(self) -> ComposeResult:
        yield Input(id="prompt")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class Plain(App[None]):
    """Not our app's widgets at all: the mechanism holds for any input a key moves the focus to."""

    BINDINGS = [Binding("slash", "find", "Find"), Binding("p", "prompt", "Prompt"),
                Binding("x", "count", "Count")]
    AUTO_FOCUS = None  # keys go to the screen (and the app's bindings) until `/` focuses the input

    def __init__(self) -> None:
        super().__init__()
        self.type_ahead = TypeAhead(self)
        self.counted = 0
        self.answers: list[str] = []

    async def on_event(self, event: events.Event) -> None:  # as RepoApp does
        await self.type_ahead.on_event(event, super().on_event)

    def compose(self) -> ComposeResult:
        yield Label("list")
        yield Input(id="find")

    def action_find(self) -> None:
        self.query_one("#find", Input).focus()  # deferred: takes effect after this message

    def action_count(self) -> None:
        self.counted += 1

    def action_prompt(self) -> None:
        self.push_screen(Prompt(), self.answers.append)


async def test_any_focus_move_or_pushed_prompt_gets_the_keys_typed_after_it() -> None:
    app = Plain()
    async with app.run_test() as pilot:
        burst(app, "slash", "x", "x", "x")
        await until(pilot, lambda: app.query_one("#find", Input).value == "xxx")
        assert app.counted == 0

        app.set_focus(None)
        await pilot.pause()
        burst(app, "p", "x", "y", "enter", "x")  # push, type, submit, then a key for the main screen
        await until(pilot, lambda: app.counted == 1)
        assert app.answers == ["xy"]
        assert not app.type_ahead.held


async def test_a_paste_waits_its_turn_like_a_key() -> None:
    app = Plain()
    async with app.run_test() as pilot:
        app.post_message(events.Key("slash", "/"))
        app.post_message(events.Paste("pasted words"))
        await until(pilot, lambda: app.query_one("#find", Input).value == "pasted words")


async def test_keys_after_enter_wait_for_the_answer_to_the_query_as_typed(tmp_path: Path, no_display: None) -> None:
    """`/the` enter `c` in one burst while the search for `the` is still running: `c` waits
    for the answer and cites its first row (what a slow typist sees highlighted), not the record
    highlighted before the search."""
    app = RepoApp(FIXTURE_RECORDS, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        browser, record_list = app.browser, app.browser.record_list
        library = browser.searching.library
        assert library is not None
        hits = list(library.search("the").ids)
        assert len(hits) >= 2
        record_list.cursor = list(record_list.ids).index(hits[-1])  # a hit, not the first one
        await until(pilot, lambda: browser.detail.record is not None and browser.detail.record.id == hits[-1])

        gate = threading.Event()
        search_pages = library.search_pages

        def held_back(query: str, *args: Any, **kwargs: Any) -> Iterator[SearchResult]:
            if query == "the":  # the real search, answered only when the test says so
                gate.wait(10)
            return search_pages(query, *args, **kwargs)

        library.search_pages = held_back  # type: ignore[method-assign]  # delays the real search
        burst(app, "slash", "t", "h", "e", "enter", "c")
        await until(pilot, lambda: isinstance(app.focused, RecordList) and browser.searching.text == "the"
                    and browser.searching.waiting)
        assert [key.key for key in app.type_ahead.held if isinstance(key, events.Key)] == ["c"]
        assert app.clipboard == ""
        gate.set()
        await until(pilot, lambda: settled(app) and app.clipboard != "")
        first = library.get(hits[0])
        assert first is not None and first.title in app.clipboard
        assert record_list.cursor == 0 and list(record_list.ids) == hits
        await until(pilot, lambda: browser.detail.record is first)
