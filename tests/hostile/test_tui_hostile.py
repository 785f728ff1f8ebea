"""The hostile folder in the real app (RepoApp with the pilot): move through every record, show it,
open the problems screen. No exception, markup shown as text, no control character on screen,
list rows keep their width whatever the script, and every bad file is listed with its reason."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from repotui.adapters.config import Settings
from repotui.core.loader import LoadResult
from repotui.tui.app import RepoApp
from repotui.tui.screens.problems import ProblemsScreen
from repotui.tui.widgets.record_detail import RecordDetail
from repotui.tui.widgets.record_list import RecordList

from .support import CONTROL, INVISIBLE, make_hostile, remove_deep

SIZE = (120, 36)


async def wait_loaded(app: RepoApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Poll until the app has its records (never a fixed sleep)."""
    for _ in range(400):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.browser.loaded:
            return
    raise AssertionError("records never loaded")


def plain(renderable: object, width: int = 400) -> str:
    console = Console(width=width, color_system=None, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def detail_text(app: RepoApp) -> str:
    return plain(app.query_one(RecordDetail).renderable)


def squash(text: str) -> str:
    """Wrapping inserts line breaks and spaces; compare text with all whitespace removed."""
    return re.sub(r"\s+", "", text)


def assert_no_controls(text: str, where: str) -> None:
    body = text.replace("\n", "")
    assert "\x1b" not in body, where
    assert not CONTROL.search(body), (where, ascii(CONTROL.search(body)))
    assert not INVISIBLE.search(body), where


async def test_every_hostile_record_in_the_app(hostile_dir: Path) -> None:
    app = RepoApp(hostile_dir, Settings(max_field_chars=20_000))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        record_list = app.query_one(RecordList)
        total = len(record_list.ids)
        assert total >= 20
        seen: set[str] = set()
        for position in range(total):
            if position:
                await pilot.press("j")
            record = record_list.highlighted
            assert record is not None and record_list.cursor == position
            seen.add(record.id)
            text = detail_text(app)
            assert_no_controls(text, record.id)
            assert squash(record.title[:2000]) in squash(text), record.id
            # every visible list row keeps the pane's width (wide CJK, emoji, combining marks)
            width = record_list.scrollable_content_region.width
            for y in range(record_list.scrollable_content_region.height):
                strip = record_list.render_line(y)
                assert strip.cell_length == width, (record.id, y)
                assert_no_controls("".join(seg.text for seg in strip), f"list row {y}")
        assert {"hostile-markup", "hostile-escapes", "hostile-bidi", "hostile-unicode",
                "hostile-huge-abstract", "hostile-many-authors"} <= seen
        assert app.is_running  # [@click=app.quit] in a record quit nothing


async def test_markup_titles_are_shown_literally(hostile_dir: Path) -> None:
    app = RepoApp(hostile_dir, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        record_list = app.query_one(RecordList)
        position = list(record_list.ids).index("hostile-markup")
        record_list.cursor = position
        await pilot.pause()
        text = detail_text(app)
        for literal in ("[bold]x[/]", "[/]", "[link=https://evil.example]click[/link]",
                        "[@click=app.quit]quit[/]", "[red on white]Journal[/red on white] [/x]",
                        "[bold red]Not bold.[/]", "$variable ${x}"):
            assert literal in text, literal
        assert app.is_running


async def test_huge_abstract_is_cut_with_a_note(hostile_dir: Path) -> None:
    app = RepoApp(hostile_dir, Settings(max_field_chars=5_000))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        record_list = app.query_one(RecordList)
        record_list.cursor = list(record_list.ids).index("hostile-huge-abstract")
        await pilot.pause()
        text = detail_text(app)
        assert "[cut at 5,000 characters; see max_field_chars]" in text
        assert len(text) < 50_000


async def test_problems_screen_lists_every_bad_file(hostile_dir: Path, hostile_result: LoadResult) -> None:
    app = RepoApp(hostile_dir, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        status = str(app.query_one("#status", Static).content)
        assert "could not be read" in status and "press e" in status
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        body = plain(app.screen.query_one("#problems-body", Static).content, width=1000)
        assert_no_controls(body, "problems screen")
        bad = sorted(p.name for p in hostile_dir.rglob("bad_*"))
        for name in bad:
            assert name in body, name
        for problem in hostile_result.errors:  # same folder layout, same reasons
            assert problem.message in body, problem.message
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)


async def test_search_for_hostile_text_does_not_break(hostile_dir: Path) -> None:
    app = RepoApp(hostile_dir, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("slash")
        for query in ("[bold]", '"unclosed', "year:99999", "author:[/]", "宽字符", "-", "::"):
            await pilot.press(*query)
            await app.workers.wait_for_complete()
            await pilot.pause()
            hint = plain(app.query_one("#search-hint", Static).content)
            assert_no_controls(hint, query)
            await pilot.press(*["backspace"] * len(query))
        assert app.is_running


# -- hostile file names --------------------------------------------------------------------------

@pytest.fixture
def named_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    shutil.copy(make_hostile.STATIC / "good_markup.yaml", folder / "a.yaml")
    (folder / "\x1b]0;pwned\x07good.yaml").write_text("title: named by an attacker\n", encoding="utf-8")
    (folder / "\x1b[31mbad.yaml").write_text("title: [\n", encoding="utf-8")
    return folder


async def test_detail_pane_escapes_hostile_file_names(named_dir: Path) -> None:
    app = RepoApp(named_dir, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        record_list = app.query_one(RecordList)
        record_list.cursor = list(record_list.ids).index("]0;pwned good")
        await pilot.pause()
        assert_no_controls(detail_text(app), "detail pane")


async def test_problems_screen_escapes_hostile_file_names(named_dir: Path) -> None:
    app = RepoApp(named_dir, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert_no_controls(plain(app.screen.query_one("#problems-body", Static).content), "problems")


async def test_deep_folder_tree_in_the_app(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(make_hostile.STATIC / "good_markup.yaml", folder / "top.yaml")
    deep = folder
    for _ in range(1200):
        deep = deep / "a"
        deep.mkdir()
    (deep / "deep.yaml").write_text("id: deep\ntitle: Deep down\n", encoding="utf-8")
    try:
        app = RepoApp(folder, Settings())
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(app, pilot)
            assert set(app.query_one(RecordList).ids) == {"hostile-markup", "deep"}
    finally:
        remove_deep(folder / "a")


async def test_hostile_folder_name_in_the_header(tmp_path: Path) -> None:
    folder = tmp_path / "\x1b]0;pwned\x07records"
    folder.mkdir()
    shutil.copy(make_hostile.STATIC / "good_markup.yaml", folder / "r.yaml")
    app = RepoApp(folder, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        header = plain(app.format_title(app.title, app.sub_title))
        assert "records" in header
        assert_no_controls(header, "header")
