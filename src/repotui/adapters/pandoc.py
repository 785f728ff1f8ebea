"""pandoc's citeproc as a long-lived worker process: the citation engine we ship.

Why pandoc: it renders the six reference styles right where citeproc-py does not (see
.notes/citations.md). Why a worker: a fresh `pandoc --citeproc` costs 60-340 ms a call, mostly
start-up and style parsing; one `pandoc lua` process kept alive, fed JSON lines, answers a
batch of 100 records in about 0.1 s. `pandoc-server` (pandoc's HTTP mode) was tried and crashes
on the first request in the pypandoc-binary build (non-threaded GHC runtime), and would open a
port; pipes need neither.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from repotui.core.citation.citer import Citer
from repotui.core.citation.model import CitationError, EngineEntry
from repotui.core.citation.pandoc_ast import segments_from_blocks

SCRIPT = Path(__file__).with_name("pandoc_citeproc.lua")

#: `<names ...>` whose first child is `<label>`: no `<name>` element. CSL then renders the names
#: with default options followed by the label; pandoc 3.9 puts the label first ("In, editorsHarris
#: P, Ng L" in nlm-citation-sequence). Inserting an empty `<name/>` gives the intended order.
_NAMELESS_LABEL = re.compile(
    r"(<names\b[^>]*[^/]>)(\s*<label\b[^>]*/>\s*(?:<substitute>.*?</substitute>\s*)?</names>)", re.DOTALL)


def find_pandoc() -> str | None:
    """`$REPOTUI_PANDOC`, else the pypandoc-binary wheel's pandoc, else `pandoc` on PATH."""
    env = os.environ.get("REPOTUI_PANDOC")
    if env:
        return env
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            for name in ("pandoc", "pandoc.exe"):
                candidate = Path(folder) / "files" / name
                if candidate.is_file():
                    return str(candidate)
    return shutil.which("pandoc")


class PandocEngine:
    """CitationEngine backed by one `pandoc lua` worker; thread-safe (one request at a time).

    The worker starts on first use and restarts after a crash or a timeout. Call `close()` on
    exit (also a context manager).
    """

    name = "pandoc"

    def __init__(self, pandoc: str | None = None, *, timeout: float = 30.0) -> None:
        self.pandoc = pandoc or find_pandoc()
        self.timeout = timeout
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._patched: dict[tuple[str, int], Path] = {}
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> PandocEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[str]:
        if not self.pandoc:
            raise CitationError("pandoc is not installed (pip install pypandoc-binary, or set REPOTUI_PANDOC)")
        try:
            proc = subprocess.Popen(
                [self.pandoc, "lua", str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1,
            )
        except OSError as exc:
            raise CitationError(f"cannot start pandoc ({self.pandoc}): {exc.strerror or exc}") from exc
        lines: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True,
                         name="repotui-pandoc-reader").start()
        self._proc, self._lines = proc, lines
        return proc

    def _request(self, payload: dict[str, Any]) -> dict[str, Any]:
        proc = self._proc if self._proc is not None and self._proc.poll() is None else self._start()
        assert proc.stdin is not None
        try:
            proc.stdin.write(json.dumps(payload, ensure_ascii=False) + "\n")
            proc.stdin.flush()
            line = self._lines.get(timeout=self.timeout)
        except (OSError, queue.Empty) as exc:
            self._stop()
            raise CitationError(f"pandoc did not answer: {str(exc) or 'timeout'}") from exc
        if line is None:
            self._stop()
            raise CitationError("pandoc exited unexpectedly")
        try:
            answer = json.loads(line)
        except ValueError as exc:
            self._stop()
            raise CitationError("pandoc sent an unreadable answer") from exc
        if not isinstance(answer, dict) or answer.get("seq") != payload["seq"]:
            self._stop()
            raise CitationError(str(answer.get("error")) if isinstance(answer, dict) else "bad answer")
        if "error" in answer:
            raise CitationError(f"pandoc could not render: {str(answer['error'])[:300]}")
        return answer

    def style_file(self, style: Path) -> Path:
        """The style pandoc should read: `style` itself, or a patched private copy (see above)."""
        try:
            stamp = style.stat().st_mtime_ns
            key = (str(style), stamp)
            if key in self._patched:
                return self._patched[key]
            text = style.read_text(encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            raise CitationError(f"cannot read citation style {str(style)!r}: {exc}") from exc
        result = style
        if _NAMELESS_LABEL.search(text):
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="repotui-csl-")
            result = Path(self._tmp.name) / f"{len(self._patched)}-{style.name}"
            result.write_text(_NAMELESS_LABEL.sub(r"\1<name/>\2", text), encoding="utf-8")
        self._patched[key] = result
        return result

    def render(self, groups: Sequence[Sequence[Mapping[str, Any]]], style: Path,
               locale: str) -> list[list[EngineEntry]]:
        if not groups:
            return []
        with self._lock:
            csl = self.style_file(style)
        payload = {
            "seq": next(self._seq), "csl": str(csl), "lang": locale,
            "groups": [json.dumps(list(group), ensure_ascii=False) for group in groups],
        }
        with self._lock:
            answer = self._request(payload)
        result: list[list[EngineEntry]] = []
        for group in answer.get("groups") or []:
            entries: list[EngineEntry] = []
            for entry in group or []:  # an empty Lua table encodes as {}; iterating a dict is harmless
                if isinstance(entry, dict):
                    blocks = json.loads(entry["ast"]).get("blocks", [])
                    entries.append((str(entry["id"]), segments_from_blocks(blocks)))
            result.append(entries)
        if len(result) != len(groups):
            raise CitationError("pandoc answered a different number of groups")
        return result

    def close(self) -> None:
        """Stop the worker (it also exits by itself when our end of the pipe closes)."""
        self._stop()
        tmp, self._tmp = self._tmp, None
        self._patched.clear()
        if tmp is not None:
            tmp.cleanup()

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin:
                proc.stdin.close()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=2)


def make_citer(*, use_house_citation: bool = True, timeout: float = 30.0) -> Citer:
    """A `Citer` on a pandoc worker: what the app and the CLI use. Close with `citer.engine.close()`."""
    return Citer(PandocEngine(timeout=timeout), use_house_citation=use_house_citation)


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)
