"""Stream a remote file into the cache: verified, size-capped, cancellable, never half-written.

One synchronous function, `download()`, serves the CLI's thread pool and a Textual thread
worker alike. The body goes to a `.part` file next to the destination and is renamed into
place only when it is complete and its first bytes match the declared format; on any error
or a cancel the `.part` file is removed, so the cache never holds a broken or foreign file.
Redirects are followed by hand (at most five) so every hop's scheme is checked.
"""

from __future__ import annotations

import errno
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import httpx

from repotui import __version__
from repotui.adapters.config import Settings
from repotui.core.files import SNIFF_BYTES, content_problem, human_size, url_problem

if TYPE_CHECKING:
    from repotui.adapters.cache import RemoteFile

#: progress(bytes_done, bytes_total_or_None, bytes_per_second)
Progress = Callable[[int, int | None, float], None]

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
CHUNK = 64 * 1024
#: Progress callbacks are spaced at least this far apart (plus one at the end).
PROGRESS_INTERVAL = 0.1
#: How often the cancel watcher looks at the cancel event while a body streams.
CANCEL_POLL = 0.1
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class DownloadError(Exception):
    """A download that did not produce a file; `message` is meant for the user as is."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url


class DownloadCancelled(DownloadError):
    """The cancel event was set; nothing was left in the cache."""


@dataclass(frozen=True, slots=True)
class DownloadResult:
    """A finished, verified download."""

    path: Path
    size: int
    url: str
    """The final URL after redirects."""
    content_type: str | None
    seconds: float


def _reason(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return "error"


def download(url: str, dest: Path, *, max_bytes: int = 200 * 1024 * 1024,
             progress: Progress | None = None, cancel: threading.Event | None = None,
             timeout: float = READ_TIMEOUT, connect_timeout: float = CONNECT_TIMEOUT,
             expected_format: str = "application/pdf",
             client: httpx.Client | None = None) -> DownloadResult:
    """Fetch `url` into `dest` (created with its folder); raise `DownloadError` with a user message.

    `timeout` bounds each read (a stalled server), `connect_timeout` the connection; the
    body may not exceed `max_bytes` (checked against Content-Length first, then while
    streaming, after decompression). `cancel` is checked between chunks and also wakes a
    read blocked on a stalled server (the socket is shut down), so a cancel is prompt.
    """
    problem = url_problem(url)
    if problem:
        raise DownloadError(problem, url=url)
    dest = Path(dest)
    cancel = cancel or threading.Event()
    started = time.monotonic()
    own_client = client is None
    if client is None:
        client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            headers={"User-Agent": f"repotui/{__version__}", "Accept": f"{expected_format}, */*;q=0.1"},
            trust_env=True,
        )
    try:
        return _fetch(client, url.strip(), dest, max_bytes, progress, cancel, expected_format, started)
    except DownloadError:
        raise
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        if cancel.is_set():  # the watcher shut the socket: a cancel, not a network failure
            raise DownloadCancelled("download cancelled", url=url) from exc
        raise _as_download_error(exc, url, dest.parent) from exc
    finally:
        if own_client:
            client.close()


def _as_download_error(exc: Exception, url: str, folder: Path | None = None) -> DownloadError:
    """An httpx or OS error as a DownloadError with a message a user can act on."""
    if isinstance(exc, httpx.TimeoutException):
        what = "connecting to" if isinstance(exc, httpx.ConnectTimeout) else "waiting for data from"
        return DownloadError(f"timed out {what} the server", url=url)
    if isinstance(exc, httpx.InvalidURL):
        # httpx parses a redirect's Location itself; a `javascript:` one fails there.
        return DownloadError("the server sent an invalid or non-http(s) link (or redirect); refused", url=url)
    if isinstance(exc, httpx.RemoteProtocolError):
        return DownloadError("the connection was closed before the download finished", url=url)
    if isinstance(exc, httpx.ConnectError):
        return DownloadError(f"could not connect to the server ({_short(exc)})", url=url)
    if isinstance(exc, httpx.HTTPError):
        return DownloadError(f"the download failed: {_short(exc)}", url=url)
    if isinstance(exc, OSError):
        return DownloadError(_cache_failure(exc, folder), url=url)
    return DownloadError(f"the download failed: {_short(exc)}", url=url)  # pragma: no cover


def _cache_failure(exc: OSError, folder: Path | None) -> str:
    """Writing the download failed: where, why, and what to do (nothing partial is left)."""
    where = f"the cache folder {folder}" if folder is not None else "the cache"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write to {where}: the disk is full; free some space there (or set REPOTUI_CACHE_DIR)"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write to {where}: it is read-only; set REPOTUI_CACHE_DIR to a writable folder"
    return f"cannot write to {where}: {exc.strerror or exc}"


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return text[:200]


@contextmanager
def _cancel_watch(response: httpx.Response, cancel: threading.Event) -> Iterator[None]:
    """While the body streams, shut the socket down as soon as `cancel` is set.

    Checking the event between chunks is not enough: a stalled server would hold a blocked
    read until the read timeout. Shutting the socket down wakes that read at once.
    """
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is None:
        yield
        return
    finished = threading.Event()

    def watch() -> None:
        while not finished.is_set():
            if cancel.wait(CANCEL_POLL):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                return

    watcher = threading.Thread(target=watch, name="download-cancel-watch", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        finished.set()


def _fetch(client: httpx.Client, url: str, dest: Path, max_bytes: int, progress: Progress | None,
           cancel: threading.Event, expected_format: str, started: float) -> DownloadResult:
    for _hop in range(MAX_REDIRECTS + 1):
        if cancel.is_set():
            raise DownloadCancelled("download cancelled", url=url)
        with client.stream("GET", url) as response, _cancel_watch(response, cancel):
            if response.status_code in _REDIRECTS and "location" in response.headers:
                target = urljoin(str(response.url), response.headers["location"])
                problem = url_problem(target)
                if problem:
                    raise DownloadError(f"the server redirected to a link we do not follow: {problem}",
                                        url=url)
                url = target
                continue
            if response.status_code != 200:
                code = response.status_code
                hint = " (not found)" if code == 404 else ""
                raise DownloadError(f"the server answered HTTP {code} {_reason(code)}{hint}", url=url)
            return _save(response, url, dest, max_bytes, progress, cancel, expected_format, started)
    raise DownloadError(f"too many redirects (more than {MAX_REDIRECTS}); gave up", url=url)


def _save(response: httpx.Response, url: str, dest: Path, max_bytes: int, progress: Progress | None,
          cancel: threading.Event, expected_format: str, started: float) -> DownloadResult:
    declared = response.headers.get("content-length")
    total = int(declared) if declared and declared.isdigit() else None
    if total is not None and total > max_bytes:
        raise DownloadError(f"the file is {human_size(total)}, more than the limit of "
                            f"{human_size(max_bytes)} (max_download_mb)", url=url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    done = 0
    head = b""
    last_report = time.monotonic()
    if progress is not None:
        progress(0, total, 0.0)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in response.iter_bytes(CHUNK):
                if cancel.is_set():
                    raise DownloadCancelled("download cancelled", url=url)
                done += len(chunk)
                if done > max_bytes:
                    raise DownloadError(f"the file is larger than the limit of {human_size(max_bytes)} "
                                        "(max_download_mb)", url=url)
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                    if len(head) >= SNIFF_BYTES and (problem := content_problem(head, expected_format)):
                        raise DownloadError(problem, url=url)
                out.write(chunk)
                now = time.monotonic()
                if progress is not None and now - last_report >= PROGRESS_INTERVAL:
                    last_report = now
                    progress(done, total, done / max(now - started, 1e-6))
            if cancel.is_set():
                raise DownloadCancelled("download cancelled", url=url)
            problem = content_problem(head, expected_format)
            if problem:
                raise DownloadError(problem, url=url)
            if total is not None and done != total and "content-encoding" not in response.headers:
                raise DownloadError("the connection was closed before the download finished", url=url)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, dest)
    finally:
        if os.path.exists(part):
            os.unlink(part)
    elapsed = time.monotonic() - started
    if progress is not None:
        progress(done, total if total is not None else done, done / max(elapsed, 1e-6))
    return DownloadResult(dest, done, url, response.headers.get("content-type"), elapsed)


def download_plan(plan: RemoteFile, settings: Settings, *, progress: Progress | None = None,
                  cancel: threading.Event | None = None) -> DownloadResult:
    """Download the remote file of a plan into its cache place, with the size limit from the settings.

    The TUI's thread worker and the CLI both call this after `plan_open` says `needs_download`.
    """
    return download(plan.url, plan.path, max_bytes=settings.max_download_mb * 1024 * 1024,
                    progress=progress, cancel=cancel, expected_format=plan.file.format)
