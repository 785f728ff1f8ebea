"""The opener runs exactly the configured program with one path argument, and reports failures."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from repotui.adapters.cache import is_cached, plan_open
from repotui.adapters.config import Settings
from repotui.adapters.opener import fetch_and_open, open_path, open_url, opener_argv
from repotui.core.model import FileRef, Record
from tests.helpers.http_server import PDF, Server, serve
from tests.helpers.opener import FakeOpener, fake_opener

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX shell scripts as openers")


def test_configured_opener_gets_the_path_as_its_own_argument(tmp_path: Path) -> None:
    opener = fake_opener(tmp_path)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    result = open_path(pdf, Settings(opener=f"{opener.command} --page 1"))
    assert result.ok, result.message
    assert result.argv == (str(opener.script), "--page", "1", str(pdf))
    assert opener.arguments() == ["--page", "1", str(pdf)]


@pytest.mark.parametrize("name", ["$(touch pwned).pdf", "a;touch pwned;.pdf", "`touch pwned`.pdf",
                                  "a b\nc.pdf", "-rf.pdf", "'\"quotes\".pdf"])
def test_hostile_file_names_reach_the_opener_verbatim(tmp_path: Path, name: str) -> None:
    opener = fake_opener(tmp_path)
    folder = tmp_path / "records"
    folder.mkdir()
    target = folder / name
    target.write_bytes(b"%PDF-1.4\n")
    result = open_path(target, Settings(opener=opener.command))
    assert result.ok, result.message
    assert opener.arguments() == [str(target)]
    assert not list(tmp_path.rglob("pwned"))
    assert not (Path.cwd() / "pwned").exists()


def test_relative_path_is_made_absolute_so_it_is_never_an_option(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    opener = fake_opener(tmp_path)
    (tmp_path / "-x.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.chdir(tmp_path)
    assert open_path(Path("-x.pdf"), Settings(opener=opener.command)).ok
    assert opener.arguments() == [str(tmp_path / "-x.pdf")]


def test_non_zero_exit_is_an_error_with_the_reason(tmp_path: Path) -> None:
    opener = fake_opener(tmp_path, then="exit 3")
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"%PDF-")
    result = open_path(pdf, Settings(opener=opener.command), grace=10)
    assert not result.ok and result.message == "fake-opener failed (exit status 3)"


def test_a_viewer_still_running_after_the_grace_period_counts_as_opened(tmp_path: Path) -> None:
    opener = fake_opener(tmp_path, then="sleep 2")
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"%PDF-")
    result = open_path(pdf, Settings(opener=opener.command), grace=0.05)
    assert result.ok and result.message == "opened with fake-opener"
    assert opener.arguments() == [str(pdf)]


def test_missing_program_unreadable_setting_and_missing_file(tmp_path: Path) -> None:
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"%PDF-")
    missing = open_path(pdf, Settings(opener=str(tmp_path / "no-such-viewer")))
    assert not missing.ok and missing.message == "the program 'no-such-viewer' was not found"
    assert open_path(pdf, Settings(opener='zathura "unclosed')).message.startswith(
        "the `opener` setting cannot be read as a command")
    assert open_path(pdf, Settings(opener="   ")).message == "the `opener` setting is empty"
    gone = open_path(tmp_path / "gone.pdf", Settings(opener="true"))
    assert not gone.ok and "does not exist" in gone.message


def test_not_executable_opener_is_reported(tmp_path: Path) -> None:
    opener = fake_opener(tmp_path)
    opener.script.chmod(0o644)
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(b"%PDF-")
    result = open_path(pdf, Settings(opener=opener.command))
    assert not result.ok and "permission denied" in result.message


def test_opener_argv_never_splits_the_target() -> None:
    assert opener_argv("/r/a b;c.pdf", "evince --fullscreen") == ["evince", "--fullscreen", "/r/a b;c.pdf"]


def test_browser_gets_web_links_only(tmp_path: Path) -> None:
    opener = fake_opener(tmp_path, "fake-browser")
    settings = Settings(browser=opener.command)
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://e.org/x"):
        result = open_url(bad, settings)
        assert not result.ok and "refused" in result.message
    assert not opener.ran
    url = "https://doi.org/10.1093/cybsec/tyac012?a=$(id)&b=`id`"
    assert open_url(f"  {url} ", settings).ok
    assert opener.arguments() == [url]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture
def opening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[FakeOpener, Settings]:
    """A fake opener as the configured one; the download cache in tmp_path/cache."""
    monkeypatch.setenv("REPOTUI_CACHE_DIR", str(tmp_path / "cache"))
    opener = fake_opener(tmp_path)
    return opener, Settings(opener=opener.command)


def test_fetch_and_open_downloads_once_then_opens_from_the_cache(tmp_path: Path, server: Server,
                                                                  opening: tuple[FakeOpener, Settings]) -> None:
    """What `o` does in the app, twice: the second time there is no request at all."""
    opener, settings = opening
    record = Record(id="r", title="T", path=tmp_path / "r.yaml",
                    files=(FileRef(url=server.url("/slow.pdf"), version="VoR"),))
    plan = plan_open(record, tmp_path, settings)
    seen: list[int] = []
    result = fetch_and_open(plan, settings, progress=lambda done, total, rate: seen.append(done),
                            cancel=threading.Event())
    assert result.ok, result.message
    assert plan.path is not None and plan.path.read_bytes() == PDF and is_cached(record, 0)
    assert seen[-1] == len(PDF)
    assert opener.arguments() == [str(plan.path)]
    hits = server.hits["/slow.pdf"]
    opener.forget()
    again = plan_open(record, tmp_path, settings)
    assert again.cached and fetch_and_open(again, settings).ok
    assert opener.arguments() == [str(plan.path)] and server.hits["/slow.pdf"] == hits


def test_fetch_and_open_reports_failures_and_never_opens(tmp_path: Path, server: Server,
                                                          opening: tuple[FakeOpener, Settings]) -> None:
    opener, settings = opening
    record = Record(id="r", title="T", path=tmp_path / "r.yaml",
                    files=(FileRef(url=server.url("/login.pdf")), FileRef(url=server.url("/sample.pdf")),
                           FileRef(path="../../etc/passwd")))
    login = fetch_and_open(plan_open(record, tmp_path, settings, 0), settings)
    assert not login.ok and login.message == "download failed: the server sent an HTML page, not a PDF"
    cancel = threading.Event()
    cancel.set()
    cancelled = fetch_and_open(plan_open(record, tmp_path, settings, 1), settings, cancel=cancel)
    assert cancelled.cancelled and not cancelled.ok
    escape = fetch_and_open(plan_open(record, tmp_path, settings, 2), settings)
    assert not escape.ok and "outside the records folder" in escape.message
    assert not opener.ran
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").rglob("*.pdf"))
