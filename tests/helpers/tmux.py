"""Run the installed `repotui` in a real tmux terminal: send keys, poll the screen, always clean up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
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
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            if "Traceback" in self.history():
                raise AssertionError(f"traceback on screen:\n{self.history()}")
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")


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
    full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **(env or {})}
    command = " ".join(subprocess.list2cmdline([a]) for a in [exe, *args])
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]),
                    f"{command}; echo; echo '[exited]'; sleep 60"], check=True, cwd=cwd, env=full_env)
    try:
        yield Tmux(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
