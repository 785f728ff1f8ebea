"""`o` and `w` in the app: local files, downloads with a progress bar, the cache, cancel, refusals.

A real HTTP server on 127.0.0.1 serves the PDFs; the opener is a small script that records its
arguments, so each test asserts exactly what would have been opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from repotui.adapters.cache import files_dir
from repotui.adapters.config import Settings
from repotui.tui.app import RepoApp
from repotui.tui.screens.file_picker import FilePicker
from repotui.tui.widgets.download_bar import DownloadBar
from tests.helpers.http_server import Server, serve
from tests.helpers.opener import FakeOpener, fake_opener
from tests.helpers.pilot import detail_text, run_loaded, settle_workers, until
from tests.helpers.wait import wait_until


def write_record(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(body, encoding="utf-8")


def app_with_record(tmp_path: Path, name: str, body: str) -> tuple[RepoApp, FakeOpener, Path]:
    """The app (not started) on a records folder holding the record `name` (YAML `body`), with a
    fake opener; and the folder, for the files the record names."""
    opener = fake_opener(tmp_path)
    records = tmp_path / "records"
    write_record(records, name, body)
    return RepoApp(records, Settings(opener=opener.command)), opener, records


@contextmanager
def app_with_remote_file(tmp_path: Path, name: str, fields: str,
                         path: str) -> Iterator[tuple[RepoApp, FakeOpener, Server]]:
    """`app_with_record` for a record (its other YAML `fields`) whose one file is `path` on a real
    HTTP server on 127.0.0.1, which runs until the block ends."""
    with serve() as server:
        app, opener, _records = app_with_record(tmp_path, name, f"{fields}files:\n- url: {server.url(path)}\n")
        yield app, opener, server


def nothing_cached() -> bool:
    """The download cache holds no file (not even a `.part`)."""
    return not files_dir().exists() or not list(files_dir().iterdir())


async def test_o_downloads_with_progress_then_opens_the_cached_file(tmp_path: Path) -> None:
    remote = app_with_remote_file(tmp_path, "remote", "title: Remote paper\nissued: 2020\n", "/gate.pdf")
    with remote as (app, opener, server):
        async with run_loaded(app) as pilot:
            await pilot.press("o")
            bar = app.query_one(DownloadBar)
            await until(pilot, server.gate_reached.is_set)  # half the body is sent; the server waits
            label = app.query_one("#download-label")
            await until(pilot, lambda: "%" in str(label.content))
            assert bar.display and "Downloading gate.pdf" in str(label.content)
            assert not opener.ran
            server.gate.set()
            await until(pilot, lambda: opener.ran)
            await settle_workers(app)
            await pilot.pause()
            cached = [p for p in files_dir().iterdir()]
            assert len(cached) == 1 and cached[0].read_bytes().startswith(b"%PDF-")
            assert opener.arguments() == [str(cached[0])]
            assert not bar.display
            assert "cached" in detail_text(app)
            # A second `o` opens the cached copy without another request.
            opener.forget()
            await pilot.press("o")
            await until(pilot, lambda: opener.ran)
            await settle_workers(app)
            assert opener.arguments() == [str(cached[0])]
            assert server.hits.get("/gate.pdf") == 1


async def test_escape_cancels_a_download_and_leaves_nothing(tmp_path: Path) -> None:
    with app_with_remote_file(tmp_path, "gated", "title: Gated paper\n", "/gate.pdf") as (app, opener, server):
        async with run_loaded(app) as pilot:
            await pilot.press("o")
            await until(pilot, server.gate_reached.is_set)
            await pilot.press("j", "k")  # the app stays responsive while the download runs
            await pilot.press("escape")
            await settle_workers(app)
            await pilot.pause()
            assert not app.query_one(DownloadBar).display
            assert not opener.ran
            assert nothing_cached()


async def test_html_instead_of_pdf_is_an_error_and_nothing_is_cached(tmp_path: Path) -> None:
    with app_with_remote_file(tmp_path, "login", "title: Login wall\n", "/login.pdf") as (app, opener, _server):
        async with run_loaded(app) as pilot:
            await pilot.press("o")
            await until(pilot, lambda: any("HTML page" in n.message for n in app._notifications))
            assert not opener.ran
            assert nothing_cached()


async def test_local_file_and_picker_with_several_files(tmp_path: Path) -> None:
    app, opener, records = app_with_record(tmp_path, "two", "title: Two files\nfiles:\n- path: aam.pdf\n  version: AAM\n"
                                           "- path: sub/vor $(touch pwned).pdf\n  version: VoR\n")
    (records / "aam.pdf").write_bytes(b"%PDF-1.4 aam")
    (records / "sub").mkdir()
    (records / "sub" / "vor $(touch pwned).pdf").write_bytes(b"%PDF-1.4 vor")
    async with run_loaded(app) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, FilePicker)
        assert app.screen.preselected == 1  # the Version of Record is preselected
        await pilot.press("enter")
        await until(pilot, lambda: opener.ran)
        await settle_workers(app)
    assert opener.arguments() == [str((records / "sub" / "vor $(touch pwned).pdf").resolve())]
    assert not (records / "pwned").exists() and not Path("pwned").exists()


async def test_path_escaping_the_records_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    app, opener, _records = app_with_record(tmp_path, "evil", "title: Traversal\nfiles:\n- path: ../secret.pdf\n")
    async with run_loaded(app) as pilot:
        await pilot.press("o")
        await until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        await settle_workers(app)
    assert not opener.ran


async def test_o_and_w_are_disabled_without_files_or_links(tmp_path: Path) -> None:
    app, _opener, _records = app_with_record(tmp_path, "bare", "title: Nothing to open\n")
    async with run_loaded(app):
        assert app.browser.check_action("open_file", ()) is None
        assert app.browser.check_action("open_landing", ()) is None


async def test_quitting_during_a_download_cancels_it_and_leaves_nothing(tmp_path: Path) -> None:
    with app_with_remote_file(tmp_path, "gated", "title: Gated paper\n", "/gate.pdf") as (app, opener, server):
        async with run_loaded(app) as pilot:
            await pilot.press("o")
            await until(pilot, server.gate_reached.is_set)
            await pilot.press("q")
            await pilot.pause()
        assert not app.is_running
        # The download thread saw the cancel set on quit: its .part file goes away, nothing is opened.
        wait_until(nothing_cached, what="the cancelled download's cleanup")
    assert not opener.ran
    assert nothing_cached()
