"""The browser driven with the pilot: keys move the cursor, the detail pane follows."""

from __future__ import annotations

from pathlib import Path

from repotui.adapters.config import Settings
from repotui.tui.app import RepoApp
from repotui.tui.screens.help import HelpScreen
from repotui.tui.screens.problems import ProblemsScreen
from repotui.tui.widgets.record_detail import RecordDetail
from repotui.tui.widgets.record_list import RecordList
from tests.helpers.pilot import FIXTURE_RECORDS, SIZE, detail_text, wait_loaded


async def test_list_is_newest_first_and_detail_follows_cursor() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        record_list = app.query_one(RecordList)
        shown = list(record_list.ids)
        assert shown == ["polito-26840", "dro-37008", "lshtm-chapter", "hostile-title"]
        assert "Analisi e riprogettazione" in detail_text(app)
        await pilot.press("j")
        text = detail_text(app)
        assert "Is there a cyber security dilemma?" in text
        for label in ("Accepted", "24 August 2022", "First published online", "19 September 2022",
                      "Deposited", "20 September 2022", "Made open access", "CC BY 4.0"):
            assert label in text
        await pilot.press("down", "down")
        assert record_list.highlighted is not None and record_list.highlighted.id == "hostile-title"
        await pilot.press("g")
        assert record_list.cursor == 0
        await pilot.press("G")
        assert record_list.cursor == 3
        await pilot.press("k", "up")
        assert record_list.highlighted.id == "dro-37008"
        await pilot.press("end", "home")
        assert record_list.cursor == 0
        await pilot.press("pagedown")
        assert record_list.cursor == 3


async def test_missing_fields_are_absent_not_none() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("G", "k")  # the chapter: no DOI, no abstract, no files
        text = detail_text(app)
        assert "Malaria in pregnancy" in text
        assert "None" not in text
        assert "DOI" not in text
        assert "Åse Ørsted" in text and "Thị Minh Nguyễn" in text
        assert "ORCID 0000-0002-0000-0001" in text
        assert "Handbook of Tropical Medicine" in text and "pp. 101-124" in text


async def test_markup_and_escapes_in_records_are_shown_literally() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("G")
        text = detail_text(app)
        assert "[bold]x[/] [link=https://evil.example]click[/link]" in text
        assert "[@click=app.quit]World Health Organization" in text
        assert "\x1b" not in text and "\x07" not in text
        assert app.is_running  # the [@click=app.quit] text did not quit anything


async def test_tab_switches_panes_and_detail_scrolls() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("j")  # the seed record: long enough to scroll at 80x24
        assert isinstance(app.focused, RecordList)
        await pilot.press("tab")
        detail = app.query_one(RecordDetail)
        assert app.focused is detail
        await pilot.press("j", "j", "j")
        assert detail.scroll_y > 0
        await pilot.press("shift+tab")
        assert isinstance(app.focused, RecordList)


async def test_click_selects_a_row() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.click(RecordList, offset=(10, 3))  # border row 0, rows start at y=1
        assert app.query_one(RecordList).highlighted.id == "lshtm-chapter"
        assert "Malaria in pregnancy" in detail_text(app)


async def test_help_lists_live_bindings() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings(keys={"quit": "x"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(f"{k} {d}" for _, rows in app.screen.sections for k, d in rows)
        for expected in ("Up", "Down", "First record", "Last record", "Page down", "Help", "Problems",
                         "Scroll down"):
            assert expected in text
        quit_keys = [keys for _, rows in app.screen.sections for keys, desc in rows if desc == "Quit"]
        assert quit_keys and "x" in quit_keys[0].split(", ") and "q" not in quit_keys[0].split(", ")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_problems_are_counted_and_listed_with_file_and_line() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        status = str(app.query_one("#status").content)
        assert "2 records could not be read — press e" in status
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        body = str(app.screen.query_one("#problems-body").content)
        assert "broken/syntax.yaml:3" in body and "YAML syntax error" in body
        assert "broken/no-title.yaml" in body and "title is missing" in body


async def test_empty_or_missing_folder_does_not_crash(tmp_path: Path) -> None:
    app = RepoApp(tmp_path / "nowhere", Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        assert list(app.query_one(RecordList).ids) == []
        await pilot.press("j", "G", "g", "tab", "j")
        assert "could not be read" in str(app.query_one("#status").content)


async def test_q_quits() -> None:
    app = RepoApp(FIXTURE_RECORDS, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
