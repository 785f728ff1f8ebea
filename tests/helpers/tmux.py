"""Run the installed `repotui` in a real tmux terminal: send keys, poll the screen, always clean up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class Tmux:
    """One detached tmux session running a command; the pane outlives it so tracebacks stay."""

    def __init__(self, session: str, socket: str) -> None:
        self.session = session
        self.socket = socket

    def tmux(self, *args: str, check: bool = True) -> str:
        """A tmux command on this session's own server (its socket is private to this test)."""
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              check=check).stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def screen(self, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session, *(["-e"] if escapes else []))

    def history(self) -> str:
        return self.tmux("capture-pane", "-p", "-S", "-", "-t", self.session)

    def size(self) -> tuple[int, int]:
        width, height = self.tmux("display-message", "-p", "-t", self.session,
                                  "#{window_width} #{window_height}").split()
        return int(width), int(height)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Poll until `text` is on screen; fail with the screen if it never comes."""
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def wait_gone(self, text: str, timeout: float = 20.0) -> str:
        """Poll until `text` is no longer on screen."""
        return self.wait_until(lambda screen: text not in screen, f"{text!r} gone", timeout)

    def wait_changed(self, before: str, timeout: float = 20.0, what: str = "a change") -> str:
        """Poll until the screen differs from `before` (the app answered a key)."""
        return self.wait_until(lambda screen: screen != before, what, timeout)

    def settled(self, before: str | None = None, quiet: float = 0.4, timeout: float = 20.0) -> str:
        """The screen once it differs from `before` (when given) and then stays the same for
        `quiet` seconds: a key's answer and whatever workers add to it (a citation) are drawn."""
        screen = self.wait_changed(before, timeout) if before is not None else self.screen()
        deadline = time.monotonic() + timeout
        stable_since = time.monotonic()
        while time.monotonic() - stable_since < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never settled in {timeout}s:\n{screen}")
            time.sleep(0.1)
            now = self.screen()
            if now != screen:
                screen, stable_since = now, time.monotonic()
        return screen

    def search(self, query: str, shows: str) -> str:
        """Type `query` into the search box in one burst, wait until it is the only match and the
        screen shows `shows`, then press enter to go to the result (keys are commands again)."""
        self.send("/")
        self.wait_for("Clear search")  # the search box has the focus
        self.send(query, literal=True)
        self.wait_until(lambda screen: "1 of " in screen and shows in screen, f"{query!r} as the only result")
        self.send("Enter")
        return self.wait_gone("Clear search")

    def wait_until(self, ready: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        """Poll the screen until `ready(screen)`; fail with the screen (or the traceback) if it
        never is. Returns the screen that was ready."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen):
                return screen
            if "Traceback" in self.history():
                raise AssertionError(f"traceback on screen:\n{self.history()}")
            time.sleep(0.1)
        raise AssertionError(f"{what} not on screen after {timeout}s:\n{screen}")


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The app's environment with config, cache and state under `home` (never the user's own)."""
    return {"REPOTUI_CONFIG": str(home / "none.toml"), "REPOTUI_CACHE_DIR": str(home / "cache"),
            "REPOTUI_STATE_DIR": str(home / "state"), **extra}


def executable() -> str | None:
    """The `repotui` installed beside this interpreter (a venv need not be activated), else PATH's."""
    beside = Path(sys.executable).parent / "repotui"
    return str(beside) if beside.exists() else shutil.which("repotui")


@contextmanager
def tmux_app(args: list[str], size: tuple[int, int] = (120, 36), cwd: Path | None = None,
             env: dict[str, str] | None = None) -> Iterator[Tmux]:
    exe = executable()
    assert exe is not None
    session = f"repotui-test-{uuid.uuid4().hex[:8]}"
    # Each test has its own tmux server (`-L`): sizes, server options (set-clipboard) and paste
    # buffers of tests running side by side never meet, and no server started elsewhere is used.
    socket = session
    extra = {"TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
    # COLUMNS and LINES left in this process's environment (set by something earlier in the same
    # pytest worker) would make the app draw 80x24 in a larger window: the window alone decides.
    full_env = {**{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}, **extra}
    command = " ".join(subprocess.list2cmdline([a]) for a in [exe, *args])
    # A session takes its environment from the tmux server, which may have been started long ago by
    # someone else: `-e` sets each variable the app needs in the session itself (config, cache and
    # state folders above all, or the app would read and write the user's own).
    variables = [arg for name, value in extra.items() for arg in ("-e", f"{name}={value}")]
    subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", session,
                    "-x", str(size[0]), "-y", str(size[1]), *variables,
                    f"{command}; echo; echo '[exited]'; sleep 60"], check=True, cwd=cwd, env=full_env)
    term = Tmux(session, socket)
    try:
        if term.size() != size:  # a server option elsewhere must not shrink the window under a test
            term.tmux("resize-window", "-t", session, "-x", str(size[0]), "-y", str(size[1]))
        assert term.size() == size, f"tmux window is {term.size()}, not {size}"
        yield term
    finally:
        term.tmux("kill-server", check=False)
