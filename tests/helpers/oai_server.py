"""A real OAI-PMH 2.0 endpoint on 127.0.0.1, serving the records of a real export.

The records are the exact `<record>` elements of the export file; the server cuts them into
pages joined by resumption tokens, filters by `from`/`until`/`set`, and can be told to answer
503 + Retry-After, to fail with an OAI error, or to mark a record deleted. `page_bytes()` builds
the very pages it serves, so a test can import them as files and compare with a harvest.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

_RECORD = re.compile(rb"<record>.*?</record>", re.DOTALL)
_DATESTAMP = re.compile(rb"<datestamp>([^<]+)</datestamp>")
_IDENT = re.compile(rb"<identifier>([^<]+)</identifier>")
_SETSPEC = re.compile(rb"<setSpec>([^<]+)</setSpec>")
_OPEN = (b"<?xml version='1.0' encoding='UTF-8'?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
         b"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
         b"<responseDate>2015-10-21T20:28:38Z</responseDate>\n")


@dataclass
class OaiRecord:
    identifier: str
    datestamp: str
    sets: list[str]
    xml: bytes


@dataclass
class OaiServer:
    """The endpoint's data and switches; `url` is the base URL to harvest."""

    records: list[OaiRecord]
    page_size: int = 40
    url: str = ""
    busy: int = 0
    """Answer this many next requests with 503 + Retry-After."""
    retry_after: str = "1"
    error: str | None = None
    """Answer every request with this OAI error code."""
    requests: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def delete(self, identifier: str, datestamp: str) -> None:
        """The repository deleted a record: its header now says status="deleted"."""
        for rec in self.records:
            if rec.identifier == identifier:
                rec.datestamp = datestamp
                rec.xml = (f'<record><header status="deleted"><identifier>{identifier}</identifier>'
                           f"<datestamp>{datestamp}</datestamp></header></record>").encode()
                return
        raise KeyError(identifier)

    def select(self, from_: str | None, until: str | None, set_spec: str | None) -> list[OaiRecord]:
        def within(stamp: str) -> bool:
            if from_ and stamp[: len(from_)] < from_:
                return False
            return not (until and stamp[: len(until)] > until)

        return [r for r in self.records if within(r.datestamp) and (not set_spec or set_spec in r.sets)]

    def page(self, chosen: list[OaiRecord], offset: int, request: str, token_args: str) -> bytes:
        part = chosen[offset: offset + self.page_size]
        body = b"".join(r.xml + b"\n" for r in part)
        token = b""
        if offset + self.page_size < len(chosen) or offset:
            nxt = f"{offset + self.page_size}|{token_args}" if offset + self.page_size < len(chosen) else ""
            token = (f'<resumptionToken completeListSize="{len(chosen)}" cursor="{offset}">{nxt}'
                     f"</resumptionToken>\n").encode()
        return (_OPEN + f'<request verb="ListRecords" metadataPrefix="oai_dc">{request}</request>\n'.encode()
                + b"<ListRecords>\n" + body + token + b"</ListRecords>\n</OAI-PMH>\n")

    def page_bytes(self, from_: str | None = None, until: str | None = None,
                   set_spec: str | None = None) -> list[bytes]:
        """Every page a harvest with these arguments receives, in order."""
        chosen = self.select(from_, until, set_spec)
        args = f"{from_ or ''}|{until or ''}|{set_spec or ''}"
        return [self.page(chosen, off, self.url, args) for off in range(0, len(chosen), self.page_size)]


def error_page(code: str, message: str) -> bytes:
    return (_OPEN + b"<request>x</request>\n" + f'<error code="{code}">{message}</error>\n'.encode()
            + b"</OAI-PMH>\n")


def records_from_export(path: Path) -> list[OaiRecord]:
    data = path.read_bytes()
    out = []
    for match in _RECORD.finditer(data):
        xml = match.group(0)
        ident = _IDENT.search(xml)
        stamp = _DATESTAMP.search(xml)
        assert ident and stamp
        out.append(OaiRecord(ident.group(1).decode(), stamp.group(1).decode(),
                             [s.decode() for s in _SETSPEC.findall(xml)], xml))
    return out


class _Handler(BaseHTTPRequestHandler):
    state: OaiServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        state = self.state
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        with state.lock:
            state.requests.append(query)
            if state.busy > 0:
                state.busy -= 1
                self._send(503, b"busy", {"Retry-After": state.retry_after})
                return
        if state.error:
            self._send(200, error_page(state.error, "the test server says so"))
            return
        if query.get("verb") != "ListRecords":
            self._send(200, error_page("badVerb", "only ListRecords"))
            return
        token = query.get("resumptionToken")
        if token is not None:
            parts = token.split("|")
            if len(parts) != 4 or not parts[0].isdigit():
                self._send(200, error_page("badResumptionToken", "unknown token"))
                return
            offset = int(parts[0])
            from_, until, set_spec = (p or None for p in parts[1:])
        else:
            if query.get("metadataPrefix") != "oai_dc":
                self._send(200, error_page("cannotDisseminateFormat", "oai_dc only"))
                return
            from_, until, set_spec, offset = query.get("from"), query.get("until"), query.get("set"), 0
            if from_ and not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?", from_):
                self._send(200, error_page("badArgument", "bad from"))
                return
        chosen = state.select(from_, until, set_spec)
        if not chosen:
            self._send(200, error_page("noRecordsMatch", "nothing"))
            return
        args = f"{from_ or ''}|{until or ''}|{set_spec or ''}"
        self._send(200, state.page(chosen, offset, state.url, args))


@contextmanager
def serve(records: list[OaiRecord], page_size: int = 40) -> Iterator[OaiServer]:
    state = OaiServer(records, page_size)
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/cgi/oai2"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
