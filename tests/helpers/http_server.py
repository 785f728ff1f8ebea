"""A real HTTP server on 127.0.0.1 for download tests, plus the sample PDF it serves.

`from tests.helpers.http_server import serve, PDF`. Every faulty server the download code must
survive has a route here; `/gate.pdf` sends half its body and waits for `server.gate` so a
test can act mid-download without timing.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_sample_pdf.py"
_spec = importlib.util.spec_from_file_location("repotui_make_sample_pdf", _SCRIPT)
assert _spec and _spec.loader
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
sample_pdf = _module.sample_pdf

PDF = sample_pdf("served by the test HTTP server")
HTML = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please log in</body></html>\n"
#: Size of `/big.pdf` and `/big-stream.pdf`: tests set a smaller limit than this.
BIG = 256 * 1024


@dataclass
class Server:
    """A running server: `url(path)` builds links; `hits` counts requests per path."""

    base: str
    hits: dict[str, int] = field(default_factory=dict)
    gate: threading.Event = field(default_factory=threading.Event)
    gate_reached: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    server_version = "repotui-test/1"
    state: Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/pdf",
              headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.state.hits[path] = self.state.hits.get(path, 0) + 1
        if path in ("/sample.pdf", "/paper 1.pdf"):
            self._send(200, PDF)
        elif path == "/slow.pdf":
            # The same PDF in small flushed pieces: many chunks, many progress reports.
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            for start in range(0, len(PDF), 64):
                self.wfile.write(PDF[start:start + 64])
                self.wfile.flush()
                threading.Event().wait(0.005)
        elif path == "/gate.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            half = len(PDF) // 2
            self.wfile.write(PDF[:half])
            self.wfile.flush()
            self.state.gate_reached.set()
            self.state.gate.wait(10)
            with suppress(OSError):
                self.wfile.write(PDF[half:])
        elif path == "/missing.pdf":
            self._send(404, b"<html><body>Not found</body></html>", "text/html")
        elif path == "/login.pdf":
            self._send(200, HTML, "text/html; charset=utf-8")
        elif path == "/octet.pdf":
            self._send(200, b"GIF89a not a pdf at all" * 10, "application/octet-stream")
        elif path == "/loop":
            self._redirect("/loop")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hop/{left - 1}" if left > 1 else "/sample.pdf")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/sample.pdf")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/to-javascript":
            self._redirect("javascript:alert(1)")
        elif path == "/big.pdf":
            # Declares its size up front: refused before any body is read.
            self._send(200, b"%PDF-1.4\n" + b"0" * (BIG - 9))
        elif path == "/big-stream.pdf":
            # No Content-Length (HTTP/1.0, body ends when the connection closes): the cap must
            # be enforced while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            self.wfile.write(b"%PDF-1.4\n" + b"0" * (BIG - 9))
        elif path == "/truncated.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            self.wfile.write(PDF[: len(PDF) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif path == "/disposition.pdf":
            self._send(200, PDF, headers={"Content-Disposition": 'attachment; filename="../../evil.pdf"'})
        elif path == "/epub":
            self._send(200, b"PK\x03\x04" + b"\x00" * 200, "application/epub+zip")
        else:
            self._send(404, b"no such route", "text/plain")


@contextmanager
def serve() -> Iterator[Server]:
    """Run the server on a random port in a daemon thread for the duration of the block."""
    handler = type("Handler", (_Handler,), {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state = Server(f"http://127.0.0.1:{httpd.server_address[1]}")
    handler.state = state
    thread = threading.Thread(target=httpd.serve_forever, name="test-http", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.gate.set()
        httpd.shutdown()
        httpd.server_close()
