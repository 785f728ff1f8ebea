"""Hand a verified local file or web link to a viewer: argv lists only, detached, never a shell.

The command is the configured `opener` (or `browser` for web pages) split with shlex, with the
path or URL appended as one more argument; without one, the platform default (xdg-open,
open, os.startfile). The child gets its own session and /dev/null for stdin, stdout and
stderr, so it can neither read keys nor draw over the TUI. A child that fails within a short
grace period (not found, non-zero exit) becomes an `OpenResult` with the reason; one still
running after it is taken as a viewer that opened, and is reaped by a daemon thread.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from repotui.adapters.config import Settings
from repotui.core.files import url_problem

if TYPE_CHECKING:
    from repotui.adapters.cache import FilePlan
    from repotui.adapters.download import Progress

#: How long to wait for an opener to fail before assuming it is up and running.
GRACE_SECONDS = 0.75


@dataclass(frozen=True, slots=True)
class OpenResult:
    """What happened when we asked for something to be opened; `message` is for a toast."""

    ok: bool
    message: str
    argv: tuple[str, ...] = ()
    cancelled: bool = False
    """True when the user cancelled the download that came first (show it quietly)."""


def _split(command: str, setting: str) -> list[str] | OpenResult:
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return OpenResult(False, f"the `{setting}` setting cannot be read as a command ({exc})")
    if not argv:
        return OpenResult(False, f"the `{setting}` setting is empty")
    return argv


def _platform_default() -> list[str] | None:
    """The platform's own "open this" command, or None when there is none (or on Windows)."""
    if sys.platform == "darwin":
        return ["open"]
    if sys.platform.startswith("win"):
        return None
    found = shutil.which("xdg-open")
    return [found] if found else None


def opener_argv(target: str, command: str | None) -> list[str] | OpenResult:
    """The argv that opens `target` (a path or URL) with `command`, else the platform default."""
    if command:
        argv = _split(command, "opener")
        return argv if isinstance(argv, OpenResult) else [*argv, target]
    default = _platform_default()
    if default is None:
        return OpenResult(False, "no program to open files was found; install xdg-utils or set "
                          "`opener` in the config")
    return [*default, target]


def _run_detached(argv: list[str], grace: float) -> OpenResult:
    name = Path(argv[0]).name
    try:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True, shell=False,
        )
    except FileNotFoundError:
        return OpenResult(False, f"the program {name!r} was not found", tuple(argv))
    except PermissionError:
        return OpenResult(False, f"the program {name!r} cannot be run (permission denied)", tuple(argv))
    except OSError as exc:
        return OpenResult(False, f"could not start {name!r}: {exc.strerror or exc}", tuple(argv))
    try:
        code = proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        threading.Thread(target=proc.wait, name=f"reap-{proc.pid}", daemon=True).start()
        return OpenResult(True, f"opened with {name}", tuple(argv))
    if code != 0:
        return OpenResult(False, f"{name} failed (exit status {code})", tuple(argv))
    return OpenResult(True, f"opened with {name}", tuple(argv))


def open_path(path: Path, settings: Settings, *, grace: float = GRACE_SECONDS) -> OpenResult:
    """Open a local file (already resolved and checked by `plan_open`) in the configured viewer."""
    target = Path(path).absolute()  # absolute: it can never be taken for an option like `-x`
    if not target.is_file():
        return OpenResult(False, f"the file {target} does not exist")
    if not settings.opener and sys.platform.startswith("win"):
        try:
            os.startfile(target)
        except OSError as exc:
            return OpenResult(False, f"Windows could not open the file: {exc.strerror or exc}")
        return OpenResult(True, "opened with the default program")
    argv = opener_argv(str(target), settings.opener)
    if isinstance(argv, OpenResult):
        return argv
    return _run_detached(argv, grace)


def open_url(url: str, settings: Settings, *, grace: float = GRACE_SECONDS) -> OpenResult:
    """Open an http(s) page (the `w` key) with `browser`, else the platform's browser."""
    problem = url_problem(url)
    if problem:
        return OpenResult(False, problem)
    url = url.strip()
    if settings.browser:
        argv = _split(settings.browser, "browser")
        return argv if isinstance(argv, OpenResult) else _run_detached([*argv, url], grace)
    if sys.platform.startswith("win"):
        try:
            os.startfile(url)
        except OSError as exc:
            return OpenResult(False, f"Windows could not open the link: {exc.strerror or exc}")
        return OpenResult(True, "opened in the default browser")
    default = _platform_default()
    if default is not None:
        return _run_detached([*default, url], grace)
    return _open_with_webbrowser(url)


def _open_with_webbrowser(url: str) -> OpenResult:
    """Last resort: Python's `webbrowser`, but never a console browser that would take the terminal."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return OpenResult(False, "no web browser was found; set `browser` in the config")
    console = (isinstance(controller, webbrowser.GenericBrowser)
               and not isinstance(controller, webbrowser.BackgroundBrowser)) or (
        getattr(controller, "background", True) is False)
    if console:
        return OpenResult(False, "only a terminal browser was found; set `browser` in the config")
    try:
        opened = controller.open(url, new=2)
    except Exception as exc:  # a third-party controller may raise anything
        return OpenResult(False, f"the browser could not be started: {exc}")
    return OpenResult(True, "opened in the browser") if opened else OpenResult(
        False, "the browser could not be started")


def fetch_and_open(plan: FilePlan, settings: Settings, *, progress: Progress | None = None,
                   cancel: threading.Event | None = None, grace: float = GRACE_SECONDS) -> OpenResult:
    """Everything `o` does after `plan_open`, as one blocking call for a thread worker.

    Downloads first when the plan needs it (reporting `progress`, stopping on `cancel`), then
    opens the file. Every failure, refusal or cancel comes back as an `OpenResult`; nothing
    raises for a reason the user could cause.
    """
    from repotui.adapters.download import DownloadCancelled, DownloadError, download_plan

    if not plan.ok:
        return OpenResult(False, plan.refused)
    if plan.needs_download:
        try:
            download_plan(plan, settings, progress=progress, cancel=cancel)
        except DownloadCancelled:
            return OpenResult(False, "download cancelled", cancelled=True)
        except DownloadError as exc:
            return OpenResult(False, f"download failed: {exc.message}")
    if cancel is not None and cancel.is_set():
        return OpenResult(False, "cancelled", cancelled=True)
    return open_path(plan.path, settings, grace=grace)
