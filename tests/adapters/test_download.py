"""Downloads against a real HTTP server on 127.0.0.1: every faulty server leaves an empty cache."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from repotui.adapters.cache import files_dir, is_cached, plan_open
from repotui.adapters.config import Settings
from repotui.adapters.download import DownloadCancelled, DownloadError, download, download_plan
from repotui.core.model import FileRef, Record
from tests.helpers.http_server import BIG, PDF, Server, serve
from tests.helpers.wait import wait_until


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPOTUI_CACHE_DIR", str(folder))
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_downloads_a_pdf_into_place(server: Server, cache: Path) -> None:
    dest = cache / "files" / "rec-1.pdf"
    seen: list[tuple[int, int | None, float]] = []
    result = download(server.url("/sample.pdf"), dest, max_bytes=10_000, progress=lambda *a: seen.append(a))
    assert dest.read_bytes() == PDF
    assert result.path == dest and result.size == len(PDF)
    assert result.content_type == "application/pdf"
    assert leftovers(cache) == ["files", "rec-1.pdf"]  # no .part file
    assert seen[0][0] == 0 and seen[-1][:2] == (len(PDF), len(PDF))


def test_slow_chunks_report_progress_in_order(server: Server, cache: Path) -> None:
    dest = cache / "slow.pdf"
    seen: list[tuple[int, int | None, float]] = []
    download(server.url("/slow.pdf"), dest, max_bytes=10_000, progress=lambda *a: seen.append(a))
    assert dest.read_bytes() == PDF
    done = [s[0] for s in seen]
    assert done == sorted(done) and done[-1] == len(PDF)
    assert all(total == len(PDF) for _, total, _ in seen)
    assert all(rate >= 0 for *_, rate in seen)


def test_redirects_are_followed_up_to_five(server: Server, cache: Path) -> None:
    result = download(server.url("/hop/5"), cache / "five.pdf", max_bytes=10_000)
    assert result.url.endswith("/sample.pdf")
    with pytest.raises(DownloadError, match="too many redirects"):
        download(server.url("/hop/6"), cache / "six.pdf", max_bytes=10_000)
    assert not (cache / "six.pdf").exists()


@pytest.mark.parametrize(("route", "message"), [
    ("/missing.pdf", "HTTP 404"),
    ("/login.pdf", "the server sent an HTML page, not a PDF"),
    ("/octet.pdf", "not a PDF"),
    ("/loop", "too many redirects"),
    ("/big.pdf", "more than the limit"),
    ("/big-stream.pdf", "larger than the limit"),
    ("/truncated.pdf", "closed before the download finished"),
    ("/to-ftp", "not ftp:"),
    ("/to-file", "not file:"),
    ("/to-javascript", "refused"),
])
def test_faulty_servers_give_a_message_and_leave_nothing(server: Server, cache: Path, route: str,
                                                         message: str) -> None:
    dest = cache / "files" / "x.pdf"
    with pytest.raises(DownloadError) as caught:
        download(server.url(route), dest, max_bytes=BIG // 2)
    assert message in caught.value.message
    assert not dest.exists()
    assert [n for n in leftovers(cache) if n != "files"] == []


def test_oversized_declared_body_is_refused_before_reading(server: Server, cache: Path) -> None:
    dest = cache / "big.pdf"
    with pytest.raises(DownloadError, match="256 KB, more than the limit of 128 KB"):
        download(server.url("/big.pdf"), dest, max_bytes=BIG // 2)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "data:application/pdf;base64,JVBERi0=", "file:///etc/passwd",
    "ftp://127.0.0.1/x.pdf", "//127.0.0.1/x.pdf", "http://", "http://exa\nmple.org/x.pdf",
])
def test_non_http_links_are_refused_without_a_request(server: Server, cache: Path, url: str) -> None:
    before = dict(server.hits)
    with pytest.raises(DownloadError, match="refused"):
        download(url, cache / "x.pdf", max_bytes=10_000)
    assert server.hits == before
    assert leftovers(cache) == []


def test_content_disposition_never_names_the_file(server: Server, cache: Path, tmp_path: Path) -> None:
    dest = cache / "files" / "safe-1.pdf"
    download(server.url("/disposition.pdf"), dest, max_bytes=10_000)
    assert leftovers(cache) == ["files", "safe-1.pdf"]
    assert not (tmp_path / "evil.pdf").exists() and not (tmp_path.parent / "evil.pdf").exists()


def test_declared_epub_format_is_checked_by_its_own_magic(server: Server, cache: Path) -> None:
    download(server.url("/epub"), cache / "book.epub", max_bytes=10_000, expected_format="application/epub+zip")
    assert (cache / "book.epub").read_bytes().startswith(b"PK\x03\x04")
    with pytest.raises(DownloadError, match="not a EPUB file"):
        download(server.url("/sample.pdf"), cache / "no.epub", max_bytes=10_000,
                 expected_format="application/epub+zip")
    assert not (cache / "no.epub").exists()


def test_cancel_before_start_makes_no_file(server: Server, cache: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled):
        download(server.url("/sample.pdf"), cache / "c.pdf", max_bytes=10_000, cancel=cancel)
    assert leftovers(cache) == []


def test_cancel_mid_download_leaves_nothing(server: Server, cache: Path) -> None:
    """The server stops half-way until the test has set cancel; then the rest arrives."""
    server.gate.clear()
    server.gate_reached.clear()
    cancel = threading.Event()
    dest = cache / "files" / "gate.pdf"
    outcome: list[BaseException | None] = []

    def worker() -> None:
        try:
            download(server.url("/gate.pdf"), dest, max_bytes=10_000, cancel=cancel)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    assert server.gate_reached.wait(10)
    # The .part file appears while the body is half-way (poll: the client may lag the server).
    wait_until(lambda: any(name.endswith(".part") for name in leftovers(cache)), what="a .part file")
    cancel.set()
    server.gate.set()
    thread.join(10)
    assert isinstance(outcome[0], DownloadCancelled)
    assert leftovers(cache) == ["files"]


def test_plan_then_download_marks_the_file_cached(server: Server, cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "records"
    root.mkdir()
    record = Record(id="dro-1", title="T", path=root / "dro-1.yaml",
                    files=(FileRef(url=server.url("/sample.pdf"), version="VoR"),))
    plan = plan_open(record, root, Settings())
    assert plan.needs_download and plan.path is not None
    assert plan.path.parent == files_dir() == cache / "files"
    assert not is_cached(record, 0)
    download_plan(plan, Settings(max_download_mb=1))
    assert is_cached(record, 0)
    again = plan_open(record, root, Settings())
    assert again.cached and not again.needs_download and again.path == plan.path


def test_download_plan_uses_the_size_setting(server: Server, cache: Path, tmp_path: Path) -> None:
    record = Record(id="big", title="T", path=tmp_path / "big.yaml",
                    files=(FileRef(url=server.url("/big-stream.pdf")),))
    plan = plan_open(record, tmp_path, Settings())
    download_plan(plan, Settings(max_download_mb=1))  # 256 KB fits in 1 MB
    assert is_cached(record, 0)


def test_cancel_wakes_a_download_stalled_on_a_silent_server(server: Server, cache: Path) -> None:
    """The server sends half the body and then nothing: cancel must not wait for the read timeout."""
    server.gate.clear()
    server.gate_reached.clear()
    cancel = threading.Event()
    outcome: list[BaseException | None] = []

    def worker() -> None:
        try:
            download(server.url("/gate.pdf"), cache / "stall.pdf", max_bytes=10_000, cancel=cancel, timeout=60)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert server.gate_reached.wait(10)
        wait_until(lambda: any(name.endswith(".part") for name in leftovers(cache)), what="a .part file")
        cancel.set()
        thread.join(10)
        assert not thread.is_alive()  # the server is still silent: only the cancel ended it
    finally:
        server.gate.set()
        thread.join(10)
    assert isinstance(outcome[0], DownloadCancelled)
    assert leftovers(cache) == []
