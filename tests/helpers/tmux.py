"""Run the installed `repotui` in a real tmux terminal: send keys, poll the screen, always clean up."""

from __future__ import annotations

import os
import shlex
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

    def __init__(self, session: str) -> None:
        self.session = session

    def send(self, *keys: str, literal: bool = False) -> None:
        args = ["tmux", "send-keys", "-t", self.session, *(["-l"] if literal else []), *keys]
        subprocess.run(args, check=True)

    def screen(self, escapes: bool = False) -> str:
        args = ["tmux", "capture-pane", "-p", "-t", self.session, *(["-e"] if escapes else [])]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    def history(self) -> str:
        args = ["tmux", "capture-pane", "-p", "-S", "-", "-t", self.session]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

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
    extra = {"TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
    full_env = {**os.environ, **extra}
    # A tmux server that is already running (another session on this machine) starts the command
    # with the server's environment, not this client's: the variables go on the command line.
    command = " ".join(shlex.quote(a) for a in ["env", *(f"{k}={v}" for k, v in extra.items()), exe, *args])
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]),
                    f"{command}; echo; echo '[exited]'; sleep 60"], check=True, cwd=cwd, env=full_env)
    try:
        yield Tmux(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
