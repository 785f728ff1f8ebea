"""OAI-PMH 2.0 harvesting over HTTP: ListRecords pages, resumption tokens, 503 + Retry-After, state.

Why our own client: sickle (requests + lxml) and pyoai (lxml, urllib) both work, but neither
gives a progress callback with `completeListSize`, a cooperative cancel, a cap on Retry-After
waits and on response size, or pages as bytes we can hand to the same parser `repotui import`
uses (so a harvest and an import of the same pages give identical records). ListRecords is one
GET per page; the client below is ~150 lines on httpx, which the app already depends on.

`harvest()` is the whole job for the CLI and the TUI: fetch every page, write the records
through `importers.writer`, mark deleted records' files withdrawn, and remember the newest
datestamp per endpoint + set + prefix so the next run asks only for what changed.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from repotui import __version__
from repotui.adapters.importers.base import ImportResult
from repotui.adapters.importers.oai_pmh import OaiError, parse_page
from repotui.adapters.importers.writer import ImportReport, Outcome, RecordWriter, write_result
from repotui.adapters.state import State
from repotui.core.loader import DEFAULT_MAX_BYTES

#: Longest single wait for a 503's Retry-After unless the caller allows more.
DEFAULT_MAX_WAIT = 120.0
#: How many 503s in a row before giving up on a page.
DEFAULT_RETRIES = 5
#: The largest OAI-PMH page read (real pages are well under a few MB).
MAX_PAGE_BYTES = 64 * 1024 * 1024
STATE_KEY = "harvest"


class HarvestError(Exception):
    """The harvest could not go on: HTTP failure, too many 503s, an OAI error, a broken page."""


@dataclass
class Page:
    """One ListRecords response, parsed."""

    number: int
    url: str
    result: ImportResult


def _retry_after(value: str | None, default: float) -> float:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.UTC)
    return max(0.0, (when - _dt.datetime.now(_dt.UTC)).total_seconds())


class OaiClient:
    """Fetches ListRecords pages from one endpoint."""

    def __init__(self, base_url: str, *, client: httpx.Client | None = None, timeout: float = 60.0,
                 max_wait: float = DEFAULT_MAX_WAIT, retries: int = DEFAULT_RETRIES,
                 sleep: Callable[[float], None] = time.sleep,
                 on_wait: Callable[[float, int], None] | None = None,
                 cancel: threading.Event | None = None) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise HarvestError(f"{base_url!r} is not an http(s) URL")
        self.base_url = base_url
        self._own = client is None
        self.client = client or httpx.Client(
            timeout=timeout, follow_redirects=True, headers={"User-Agent": f"repotui/{__version__} (OAI-PMH harvester)"})
        self.max_wait = max_wait
        self.retries = retries
        self.sleep = sleep
        self.on_wait = on_wait
        self.cancel = cancel

    def close(self) -> None:
        if self._own:
            self.client.close()

    def __enter__(self) -> OaiClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _get(self, params: dict[str, str]) -> tuple[bytes, str]:
        for attempt in range(self.retries + 1):
            try:
                with self.client.stream("GET", self.base_url, params=params) as response:
                    if response.status_code == 503 and attempt < self.retries:
                        wait = min(_retry_after(response.headers.get("Retry-After"), 10.0), self.max_wait)
                        if self.on_wait:
                            self.on_wait(wait, attempt + 1)
                        self._wait(wait)
                        continue
                    if response.status_code >= 400:
                        raise HarvestError(f"HTTP {response.status_code} from {response.url}")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > MAX_PAGE_BYTES:
                            raise HarvestError(f"page from {response.url} is larger than {MAX_PAGE_BYTES:,} bytes")
                        chunks.append(chunk)
                    return b"".join(chunks), str(response.url)
            except httpx.HTTPError as exc:
                raise HarvestError(f"cannot fetch {self.base_url}: {exc.__class__.__name__}: {exc}") from None
        raise HarvestError(f"{self.base_url} kept answering 503 (busy) after {self.retries} retries")

    def _wait(self, seconds: float) -> None:
        if self.cancel is not None:
            self.cancel.wait(seconds)
        else:
            self.sleep(seconds)

    def pages(self, *, prefix: str = "oai_dc", set_spec: str | None = None, from_: str | None = None,
              until: str | None = None) -> Iterator[Page]:
        """Every ListRecords page in order. noRecordsMatch ends the iteration with no page;
        any other OAI error raises OaiError."""
        params = {"verb": "ListRecords", "metadataPrefix": prefix}
        if set_spec:
            params["set"] = set_spec
        if from_:
            params["from"] = from_
        if until:
            params["until"] = until
        number = 0
        seen_tokens: set[str] = set()
        while True:
            if self.cancel is not None and self.cancel.is_set():
                return
            number += 1
            data, url = self._get(params)
            result = parse_page(data, f"{url} (page {number})")
            error = result.oai_error
            if isinstance(error, OaiError):
                if error.code == "noRecordsMatch":
                    return
                raise error
            if not result.records and result.problems:
                raise HarvestError(f"page {number} could not be read: {result.problems[0].message}")
            yield Page(number, url, result)
            token = result.resumption_token
            if not token:
                return
            if token in seen_tokens:
                raise HarvestError(f"the server repeated resumption token {token!r}; stopping to avoid a loop")
            seen_tokens.add(token)
            params = {"verb": "ListRecords", "resumptionToken": token}


@dataclass
class HarvestReport(ImportReport):
    """An import report plus what the harvest itself did."""

    pages: int = 0
    fetched: int = 0
    deleted: int = 0
    nothing_new: bool = False
    from_used: str | None = None
    last_datestamp: str | None = None
    complete_list_size: int | None = None


def state_key(base_url: str, set_spec: str | None, prefix: str) -> str:
    return f"{base_url}|{set_spec or ''}|{prefix}"


def _next_from(datestamp: str) -> str:
    """The `from` after a datestamp: one second later with second granularity, the same day otherwise."""
    try:
        when = _dt.datetime.strptime(datestamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return datestamp[:10]
    return (when + _dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def harvest(base_url: str, records_dir: Path, *, prefix: str = "oai_dc", set_spec: str | None = None,
            from_: str | None = None, until: str | None = None, incremental: bool = True,
            update: bool = False, dry_run: bool = False, state: State | None = None,
            max_wait: float = DEFAULT_MAX_WAIT, client: httpx.Client | None = None,
            progress: Callable[[int, int | None], None] | None = None,
            on_outcome: Callable[[Outcome], None] | None = None,
            on_wait: Callable[[float, int], None] | None = None,
            cancel: threading.Event | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> HarvestReport:
    """Harvest an endpoint into `records_dir`. Raises HarvestError / OaiError when it cannot go on
    (records written before that stay written); the state moves on only after a complete run."""
    state = state if state is not None else State()
    key = state_key(base_url, set_spec, prefix)
    remembered = (state.get(STATE_KEY) or {}).get(key) if isinstance(state.get(STATE_KEY), dict) else None
    report = HarvestReport()
    if from_ is None and incremental and isinstance(remembered, str):
        from_ = _next_from(remembered)
    report.from_used = from_
    writer = RecordWriter(records_dir, update=update, dry_run=dry_run, max_bytes=max_bytes)
    newest = remembered if isinstance(remembered, str) else None
    with OaiClient(base_url, client=client, max_wait=max_wait, on_wait=on_wait, cancel=cancel) as oai:
        for page in oai.pages(prefix=prefix, set_spec=set_spec, from_=from_, until=until):
            report.pages += 1
            if page.result.complete_list_size is not None:
                report.complete_list_size = page.result.complete_list_size
            write_result(page.result, writer, report, on_outcome, cancel)
            for record in page.result.records:
                report.fetched += 1
                report.deleted += record.deleted
                if record.datestamp and (newest is None or record.datestamp > newest):
                    newest = record.datestamp
            if progress:
                progress(report.fetched, report.complete_list_size)
            if (cancel is not None and cancel.is_set()) or report.stopped:  # stopped: the folder cannot be written
                return report
    report.nothing_new = report.fetched == 0
    report.last_datestamp = newest
    if newest and not dry_run and not (cancel is not None and cancel.is_set()):
        table = state.get(STATE_KEY)
        table = dict(table) if isinstance(table, dict) else {}
        table[key] = newest
        state.set(STATE_KEY, table)
    return report
