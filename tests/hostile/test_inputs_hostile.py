"""Text that reaches an input box from outside the keyboard: a paste (from a web page, another
terminal) and a file name the export prompt suggests from the folder. Neither may bring escape
sequences to the screen, where the search text is shown again (status line, REF report)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.tui.app import RepoApp
from repotui.tui.screens.export_bibliography import ExportBibliography, PathSuggester
from repotui.tui.screens.ref_report import RefReportScreen
from tests.helpers.hostile import CONTROL, ESCAPES, MARKUP
from tests.helpers.pilot import SIZE, until, wait_loaded
from tests.helpers.screen import screen_text

#: No native clipboard: copies go by OSC 52 and the screen is what is checked.
pytestmark = pytest.mark.usefixtures("no_display")


def no_escapes(text: str) -> bool:
    return "\x1b" not in text and not CONTROL.search(text.replace("\n", ""))


async def test_a_pasted_search_keeps_its_words_and_loses_its_escapes(records: Path, tmp_path: Path) -> None:
    app = RepoApp(records, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("/")
        search = app.browser.search_bar
        await until(pilot, lambda: app.focused is search)
        app.post_message(events.Paste(f"{ESCAPES} {MARKUP}"))  # as the terminal driver sends it
        await until(pilot, lambda: "red" in search.value)
        assert no_escapes(search.value), ascii(search.value)
        assert "[b]bold[/b]" in search.value and "pwned" in search.value  # the printable text stays
        assert no_escapes(screen_text(app))
        await pilot.press("enter", "R")
        await until(pilot, lambda: isinstance(app.screen, RefReportScreen) and "matching" in screen_text(app))
        shown = screen_text(app)
        assert "[b]bold[/b]" in shown and no_escapes(shown), ascii(shown)


async def test_the_export_prompt_never_suggests_a_name_with_escapes(records: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "refs\x1b]0;pwned\x07\x1b[31mX.docx").touch()  # a downloaded file can be named anything
    (work / "refs\u202egnp.docx").touch()
    (work / "refs-plain.docx").touch()
    monkeypatch.chdir(work)
    assert await PathSuggester(work).get_suggestion("refs") == "refs-plain.docx"
    assert await PathSuggester(work).get_suggestion("refs\x1b") is None
    app = RepoApp(records, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportBibliography))
        path_box = app.screen.query_one("#export-path", Input)
        await until(pilot, lambda: app.focused is path_box)
        await pilot.press("ctrl+u", *"refs")
        await until(pilot, lambda: "refs-plain.docx" in screen_text(app))  # the suggestion, drawn dim
        assert no_escapes(screen_text(app))
