"""Copy text to the clipboard: OSC 52 through the terminal and the platform's native tool.

OSC 52 works over SSH and in tmux (with `set-clipboard on`) but is never acknowledged, so it
cannot be confirmed. A native tool (wl-copy, xclip, xsel, pbcopy, clip.exe) is run as an
argument list with a timeout and, where the platform has a paste tool, read back: only then is
the copy *confirmed*. When nothing is confirmed the app should show the text in a modal so it
can be selected by hand. Control characters are stripped from everything copied.

Rich text: `copy(text, html=...)` also offers an HTML flavour where the platform allows both at
once, so a paste into Word, LibreOffice or Google Docs keeps the italics while a terminal or a
plain editor still gets the text:

- X11: our own selection owner (`x11_selection`, python-xlib) serves TARGETS, the text targets
  and text/html from one process. xclip cannot (it serves one target per process: `-t
  text/html` leaves plain-text pastes empty) and xsel has no targets. Read back with
  `xclip -o -t text/html` and `xclip -o`. Without python-xlib: xclip, plain text.
- macOS: `osascript` sets one clipboard item with a UTF-8 text and an HTML flavour (pbcopy is
  plain only); the data go in as hex, so no text is ever read as AppleScript.
- Wayland: wl-copy serves one MIME type per process too; offering only text/html would break
  plain pastes, so Wayland gets plain text (XWayland apps read the X clipboard).
- Windows (clip.exe) and OSC 52: plain text only.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: How long a native tool may take before we give up on it (seconds).
DEFAULT_TIMEOUT = 2.0


def clean_for_clipboard(text: str) -> str:
    """Keep newlines and tabs (a bibliography has lines); drop every other control, ESC included."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def osc52_sequence(text: str) -> str:
    """The OSC 52 escape that asks the terminal to put `text` on the clipboard (for non-Textual callers)."""
    payload = base64.b64encode(clean_for_clipboard(text).encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\x07"


@dataclass(frozen=True)
class Method:
    """One way of copying that was tried."""

    name: str
    ok: bool
    confirmed: bool = False
    detail: str = ""
    html: bool = False  # an HTML flavour was put next to the text (and read back when confirmed)


@dataclass(frozen=True)
class CopyResult:
    """What happened: the text as copied and each method tried, in order."""

    text: str
    methods: tuple[Method, ...] = field(default_factory=tuple)
    html: str | None = None  # the HTML flavour asked for (cleaned), if any

    @property
    def worked(self) -> list[str]:
        return [m.name for m in self.methods if m.ok]

    @property
    def rich(self) -> bool:
        """True when the HTML flavour is on the clipboard next to the text."""
        return any(m.ok and m.html for m in self.methods)

    @property
    def confirmed(self) -> bool:
        """True when a native clipboard verifiably holds the text; else show a fallback modal."""
        return any(m.confirmed for m in self.methods)

    def describe(self) -> str:
        """`OSC 52 and xclip`, for a toast such as "Copied APA citation via OSC 52 and xclip"."""
        names = self.worked
        if not names:
            return "nothing (no clipboard available)"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Backend:
    """A native clipboard tool: copy argv, optional paste argv to confirm, input encoding."""

    name: str
    copy: tuple[str, ...]
    paste: tuple[str, ...] | None = None
    encoding: str = "utf-8"
    html: bool = False  # carries the HTML flavour too
    paste_html: tuple[str, ...] | None = None  # reads the HTML flavour back


WL_COPY = Backend("wl-copy", ("wl-copy", "--type", "text/plain;charset=utf-8"), ("wl-paste", "--no-newline"))
XCLIP = Backend("xclip", ("xclip", "-selection", "clipboard", "-in"), ("xclip", "-selection", "clipboard", "-out"))
XSEL = Backend("xsel", ("xsel", "--clipboard", "--input"), ("xsel", "--clipboard", "--output"))
PBCOPY = Backend("pbcopy", ("pbcopy",), ("pbpaste",))
CLIP_EXE = Backend("clip.exe", ("clip.exe",), None, "utf-16")
#: Text and HTML through our X11 selection owner (the copy argv is filled in by `_run`).
X11_RICH = Backend("X11 (text and HTML)", ("python", "-m", "repotui.adapters.x11_selection"),
                   ("xclip", "-selection", "clipboard", "-out"), html=True,
                   paste_html=("xclip", "-selection", "clipboard", "-out", "-target", "text/html"))
#: Text and HTML as one macOS clipboard item (the script is filled in by `_run`).
OSASCRIPT_RICH = Backend("osascript (text and HTML)", ("osascript", "-e"), ("pbpaste",), html=True)


def osascript_program(text: str, html: str) -> str:
    """AppleScript that puts `text` (UTF-8) and `html` on the clipboard as one item. Both go in
    as hex data, so nothing from a record can be read as AppleScript."""
    return ("set the clipboard to {«class utf8»:«data utf8" + text.encode("utf-8").hex().upper()
            + "», «class HTML»:«data HTML" + html.encode("utf-8").hex().upper() + "»}")


def _is_wsl() -> bool:
    try:
        with open("/proc/version", encoding="utf-8", errors="replace") as fh:
            return "microsoft" in fh.read().lower()
    except OSError:
        return False


def _have_xlib() -> bool:
    return importlib.util.find_spec("Xlib") is not None


def backends(env: Mapping[str, str] | None = None, platform: str | None = None, *,
             html: bool = False) -> list[Backend]:
    """The native tools worth trying here, best first (only those that could reach a clipboard).
    With `html`, the ones that carry text and HTML together come before the plain ones."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if platform == "darwin":
        return [OSASCRIPT_RICH, PBCOPY] if html else [PBCOPY]
    if platform.startswith(("win", "cygwin", "msys")):
        return [CLIP_EXE]
    found: list[Backend] = []
    if env.get("WAYLAND_DISPLAY"):
        found.append(WL_COPY)
    if env.get("DISPLAY"):
        found += [X11_RICH, XCLIP, XSEL] if html and _have_xlib() else [XCLIP, XSEL]
    if _is_wsl():
        found.append(CLIP_EXE)
    return found


def _argv_and_input(backend: Backend, text: str, html: str | None,
                    env: Mapping[str, str]) -> tuple[list[str], bytes] | str:
    """The command and its standard input, or why the backend cannot run here."""
    if backend is X11_RICH:
        if html is None:
            return "no HTML to offer"
        payload = json.dumps({"text": text, "html": html}, ensure_ascii=False).encode("utf-8")
        return [sys.executable, "-m", "repotui.adapters.x11_selection"], payload
    exe = shutil.which(backend.copy[0], path=env.get("PATH"))
    if exe is None:
        return "not installed"
    if backend is OSASCRIPT_RICH:
        if html is None:
            return "no HTML to offer"
        return [exe, "-e", osascript_program(text, html)], b""
    data = ("\ufeff" + text).encode("utf-16-le") if backend.encoding == "utf-16" else text.encode("utf-8")
    return [exe, *backend.copy[1:]], data


def _read_back(argv: tuple[str, ...], want: str, env: Mapping[str, str], timeout: float) -> str:
    """"same", "differs" or "failed": poll a paste tool until it gives `want` or time runs out
    (a tool's background process may take a moment to own the selection)."""
    paster = shutil.which(argv[0], path=env.get("PATH"))
    if paster is None:
        return "failed"
    deadline = time.monotonic() + timeout
    while True:
        try:
            back = subprocess.run([paster, *argv[1:]], stdin=subprocess.DEVNULL, capture_output=True,
                                  env=dict(env), timeout=timeout, check=False)
        except (subprocess.TimeoutExpired, OSError):
            return "failed"
        if back.returncode == 0 and back.stdout.decode("utf-8", "replace") == want:
            return "same"
        if time.monotonic() >= deadline:
            return "differs"
        time.sleep(0.05)


def _run(backend: Backend, text: str, env: Mapping[str, str], timeout: float, html: str | None = None) -> Method:
    prepared = _argv_and_input(backend, text, html, env)
    if isinstance(prepared, str):
        return Method(backend.name, False, detail=prepared)
    argv, data = prepared
    rich = backend.html and html is not None
    try:
        # Tools like xclip stay behind to serve the selection: they must not hold our pipes. Our
        # X11 owner says "ok" on stdout first, then detaches from it.
        proc = subprocess.run(argv, input=data, stdout=subprocess.PIPE if backend is X11_RICH else subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=dict(env), timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Method(backend.name, False, detail=f"timed out after {timeout:g} s")
    except OSError as exc:
        return Method(backend.name, False, detail=str(exc.strerror or exc))
    if backend is X11_RICH:
        answer = (proc.stdout or b"").decode("utf-8", "replace").strip()
        if answer != "ok":
            return Method(backend.name, False, detail=answer or f"exit status {proc.returncode}")
    elif proc.returncode != 0:
        return Method(backend.name, False, detail=f"exit status {proc.returncode}")
    if backend.paste is None:
        return Method(backend.name, True, True, "exit status 0", html=rich)
    plain = _read_back(backend.paste, text, env, timeout)
    if plain == "failed" and backend is X11_RICH:  # no xclip to read with: try xsel
        plain = _read_back(XSEL.paste or (), text, env, timeout)
    if plain != "same":
        detail = "copied; no paste tool to confirm" if plain == "failed" else "read back differs"
        return Method(backend.name, True, False, detail, html=rich)
    if rich and backend.paste_html is not None and shutil.which(backend.paste_html[0], path=env.get("PATH")):
        if _read_back(backend.paste_html, html or "", env, timeout) != "same":
            return Method(backend.name, True, False, "text read back; HTML differs", html=rich)
        return Method(backend.name, True, True, "text and HTML read back", html=True)
    return Method(backend.name, True, True, "read back", html=rich)


def html_document(fragment: str) -> str:
    """An HTML fragment as the clipboard's text/html: with a charset, so Word and LibreOffice
    read UTF-8 (browsers put the same `<meta>` in front of what they copy)."""
    return '<meta charset="utf-8">' + fragment


def copy(text: str, *, html: str | None = None, osc52: Callable[[str], None] | None = None,
         native: bool = True, env: Mapping[str, str] | None = None, platform: str | None = None,
         timeout: float = DEFAULT_TIMEOUT) -> CopyResult:
    """Copy `text` (cleaned) by OSC 52 (when a writer is given, e.g. Textual's
    `App.copy_to_clipboard`) and by the first native tool that works. Never raises.

    `html` (a fragment, e.g. `Citation.html`): also offered as text/html where the platform's
    clipboard can hold both (see the module docstring); `CopyResult.rich` says whether it did.
    Blocking for up to a few timeouts: call it from a thread worker in the TUI.
    """
    clean = clean_for_clipboard(text)
    rich = html_document(clean_for_clipboard(html)) if html is not None else None
    env = dict(os.environ if env is None else env)
    methods: list[Method] = []
    if osc52 is not None:
        try:
            osc52(clean)
            methods.append(Method("OSC 52", True, False, "sent to the terminal; not acknowledged"))
        except Exception as exc:  # a writer failing must not stop the native copy
            methods.append(Method("OSC 52", False, detail=str(exc)))
    if native:
        for backend in backends(env, platform, html=rich is not None):
            result = _run(backend, clean, env, timeout, rich)
            methods.append(result)
            if result.ok:
                break
    return CopyResult(clean, tuple(methods), rich)
