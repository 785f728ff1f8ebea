"""Copy text to the clipboard: OSC 52 through the terminal and the platform's native tool.

OSC 52 works over SSH and in tmux (with `set-clipboard on`) but is never acknowledged, so it
cannot be confirmed. A native tool (wl-copy, xclip, xsel, pbcopy, clip.exe) is run as an
argument list with a timeout and, where the platform has a paste tool, read back: only then is
the copy *confirmed*. When nothing is confirmed the app should show the text in a modal so it
can be selected by hand. Control characters are stripped from everything copied.
"""

from __future__ import annotations

import base64
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


@dataclass(frozen=True)
class CopyResult:
    """What happened: the text as copied and each method tried, in order."""

    text: str
    methods: tuple[Method, ...] = field(default_factory=tuple)

    @property
    def worked(self) -> list[str]:
        return [m.name for m in self.methods if m.ok]

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


WL_COPY = Backend("wl-copy", ("wl-copy", "--type", "text/plain;charset=utf-8"), ("wl-paste", "--no-newline"))
XCLIP = Backend("xclip", ("xclip", "-selection", "clipboard", "-in"), ("xclip", "-selection", "clipboard", "-out"))
XSEL = Backend("xsel", ("xsel", "--clipboard", "--input"), ("xsel", "--clipboard", "--output"))
PBCOPY = Backend("pbcopy", ("pbcopy",), ("pbpaste",))
CLIP_EXE = Backend("clip.exe", ("clip.exe",), None, "utf-16")


def _is_wsl() -> bool:
    try:
        with open("/proc/version", encoding="utf-8", errors="replace") as fh:
            return "microsoft" in fh.read().lower()
    except OSError:
        return False


def backends(env: Mapping[str, str] | None = None, platform: str | None = None) -> list[Backend]:
    """The native tools worth trying here, best first (only those that could reach a clipboard)."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if platform == "darwin":
        return [PBCOPY]
    if platform.startswith(("win", "cygwin", "msys")):
        return [CLIP_EXE]
    found: list[Backend] = []
    if env.get("WAYLAND_DISPLAY"):
        found.append(WL_COPY)
    if env.get("DISPLAY"):
        found += [XCLIP, XSEL]
    if _is_wsl():
        found.append(CLIP_EXE)
    return found


def _run(backend: Backend, text: str, env: Mapping[str, str], timeout: float) -> Method:
    exe = shutil.which(backend.copy[0], path=env.get("PATH"))
    if exe is None:
        return Method(backend.name, False, detail="not installed")
    data = ("\ufeff" + text).encode("utf-16-le") if backend.encoding == "utf-16" else text.encode("utf-8")
    try:
        # Tools like xclip stay behind to serve the selection: they must not hold our pipes.
        proc = subprocess.run([exe, *backend.copy[1:]], input=data, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=dict(env), timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Method(backend.name, False, detail=f"timed out after {timeout:g} s")
    except OSError as exc:
        return Method(backend.name, False, detail=str(exc.strerror or exc))
    if proc.returncode != 0:
        return Method(backend.name, False, detail=f"exit status {proc.returncode}")
    if backend.paste is None:
        return Method(backend.name, True, True, "exit status 0")
    paster = shutil.which(backend.paste[0], path=env.get("PATH"))
    if paster is None:
        return Method(backend.name, True, False, "copied; no paste tool to confirm")
    # The tool's background process may take a moment to own the selection: poll briefly.
    deadline = time.monotonic() + timeout
    while True:
        try:
            back = subprocess.run([paster, *backend.paste[1:]], stdin=subprocess.DEVNULL, capture_output=True,
                                  env=dict(env), timeout=timeout, check=False)
        except (subprocess.TimeoutExpired, OSError):
            return Method(backend.name, True, False, "copied; read-back failed")
        if back.returncode == 0 and back.stdout.decode("utf-8", "replace") == text:
            return Method(backend.name, True, True, "read back")
        if time.monotonic() >= deadline:
            return Method(backend.name, True, False, "read back differs")
        time.sleep(0.05)


def copy(text: str, *, osc52: Callable[[str], None] | None = None, native: bool = True,
         env: Mapping[str, str] | None = None, platform: str | None = None,
         timeout: float = DEFAULT_TIMEOUT) -> CopyResult:
    """Copy `text` (cleaned) by OSC 52 (when a writer is given, e.g. Textual's
    `App.copy_to_clipboard`) and by the first native tool that works. Never raises.

    Blocking for up to a few timeouts: call it from a thread worker in the TUI.
    """
    clean = clean_for_clipboard(text)
    env = dict(os.environ if env is None else env)
    methods: list[Method] = []
    if osc52 is not None:
        try:
            osc52(clean)
            methods.append(Method("OSC 52", True, False, "sent to the terminal; not acknowledged"))
        except Exception as exc:  # a writer failing must not stop the native copy
            methods.append(Method("OSC 52", False, detail=str(exc)))
    if native:
        for backend in backends(env, platform):
            result = _run(backend, clean, env, timeout)
            methods.append(result)
            if result.ok:
                break
    return CopyResult(clean, tuple(methods))
