"""Hand a verified local file or web link to a viewer: argv lists only, never a shell.

The command is the configured `opener` (or `browser` for web pages) split with shlex, with the
path or URL appended as one more argument; without one, the platform default (xdg-open,
open, os.startfile). A GUI viewer is started detached: the child gets its own session and
/dev/null for stdin, stdout and stderr, so it can neither read keys nor draw over the TUI. A
child that fails within a short grace period (not found, non-zero exit) becomes an `OpenResult`
with the reason; one still running after it is taken as a viewer that opened, and is reaped by a
daemon thread.

A terminal viewer (`opener_terminal = true`: `less`, `tdf`, `termpdf.py`) needs the terminal
itself: `terminal_command` says what to run and `run_in_terminal` runs it in the foreground
(the app steps aside first: `App.suspend()`). With no opener and no display to show a window
on (SSH), a PDF is offered as text in `$PAGER`, through pdftotext when it is installed.
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
class TerminalCommand:
    """A program to run in the foreground on the user's terminal, optionally reading the output
    of another (`pdftotext -layout file.pdf - | less`)."""

    argv: tuple[str, ...]
    feed: tuple[str, ...] = ()
    """A program whose standard output becomes `argv`'s standard input (empty: none)."""
    what: str = ""
    """How the file is shown, for the message afterwards ("with less", "as text in less")."""


@dataclass(frozen=True, slots=True)
class OpenResult:
    """What happened when we asked for something to be opened; `message` is for a toast."""

    ok: bool
    message: str
    argv: tuple[str, ...] = ()
    cancelled: bool = False
    """True when the user cancelled the download that came first (show it quietly)."""
    terminal: TerminalCommand | None = None
    """Still to run, in the foreground of the terminal (the caller gives it the terminal)."""


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


def has_display(environ: dict[str, str] | None = None) -> bool:
    """A window can be shown: macOS and Windows always; elsewhere an X11 or Wayland display."""
    if sys.platform == "darwin" or sys.platform.startswith("win"):
        return True
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def pager_argv(environ: dict[str, str] | None = None) -> list[str] | None:
    """`$PAGER` split into words, else `less` (or `more`) when installed; None when there is none."""
    env = os.environ if environ is None else environ
    if env.get("PAGER", "").strip():
        try:
            argv = shlex.split(env["PAGER"])
        except ValueError:
            argv = []
        if argv:
            return argv
    for name in ("less", "more"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


#: Said when a PDF cannot be shown at all here.
NO_PDFTOTEXT = ("there is no display to show the PDF in, and pdftotext (to read it as text here) is not "
                "installed: install poppler-utils (`sudo apt install poppler-utils`, `brew install poppler`), "
                "or set `opener` to a terminal viewer such as tdf or termpdf.py with `opener_terminal = true`")


def terminal_command(path: Path, settings: Settings, environ: dict[str, str] | None = None,
                     ) -> TerminalCommand | OpenResult | None:
    """What to run in the terminal to show `path`, if that is how it is shown:

    - `opener_terminal = true`: the opener itself (`less`, `tdf`, `termpdf.py`), path appended;
    - no `opener` and no display (SSH): the file's text in the pager, a PDF through
      `pdftotext -layout` (an `OpenResult` saying how to get it when it is missing);
    - otherwise None: a GUI viewer, started detached by `open_path`.
    """
    target = str(Path(path).absolute())  # absolute: it can never be taken for an option like `-x`
    if settings.opener and settings.opener_terminal:
        argv = _split(settings.opener, "opener")
        if isinstance(argv, OpenResult):
            return argv
        return TerminalCommand((*argv, target), what=f"with {Path(argv[0]).name}")
    if settings.opener or has_display(environ):
        return None
    pager = pager_argv(environ)
    if pager is None:
        return OpenResult(False, "there is no display to show the file in and no pager (less, more, "
                          "$PAGER) to read it here; set `opener` in the config")
    name = Path(pager[0]).name
    if Path(path).suffix.lower() != ".pdf" and not _looks_like_pdf(Path(path)):
        return TerminalCommand((*pager, target), what=f"in {name}")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return OpenResult(False, NO_PDFTOTEXT)
    return TerminalCommand(tuple(pager), feed=(pdftotext, "-layout", target, "-"), what=f"as text in {name}")


def _looks_like_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def run_in_terminal(command: TerminalCommand) -> OpenResult:
    """Run `command` in the foreground, on this terminal, until it exits (the caller has given it
    the terminal: the TUI is suspended, or this is the command line). Never a shell."""
    name = Path(command.argv[0]).name
    feeder: subprocess.Popen[bytes] | None = None
    try:
        if command.feed:
            feeder = subprocess.Popen(list(command.feed), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                      stdin=subprocess.DEVNULL, shell=False)
        code = subprocess.run(list(command.argv), stdin=feeder.stdout if feeder else None, check=False,
                              shell=False).returncode
    except FileNotFoundError as exc:
        missing = Path(exc.filename or command.argv[0]).name
        return OpenResult(False, f"the program {missing!r} was not found", command.argv)
    except OSError as exc:
        return OpenResult(False, f"could not start {name!r}: {exc.strerror or exc}", command.argv)
    finally:
        if feeder is not None:
            if feeder.stdout is not None:
                feeder.stdout.close()
            try:
                feeder.wait(timeout=5)
            except subprocess.TimeoutExpired:  # the pager quit before reading it all
                feeder.kill()
                feeder.wait()
    if feeder is not None and feeder.returncode not in (0, -13, None):  # -13: SIGPIPE, the pager quit early
        return OpenResult(False, f"pdftotext could not read the file (exit status {feeder.returncode})",
                          command.feed)
    if code != 0:
        return OpenResult(False, f"{name} failed (exit status {code})", command.argv)
    return OpenResult(True, f"shown {command.what}".rstrip(), command.argv)


def open_path(path: Path, settings: Settings, *, grace: float = GRACE_SECONDS) -> OpenResult:
    """Open a local file (already resolved and checked by `plan_open`) in the configured viewer.

    A file to be shown in the terminal is not run here: the result carries the `TerminalCommand`
    (the caller must give it the terminal first), with `ok` True.
    """
    target = Path(path).absolute()  # absolute: it can never be taken for an option like `-x`
    if not target.is_file():
        return OpenResult(False, f"the file {target} does not exist")
    terminal = terminal_command(target, settings)
    if isinstance(terminal, OpenResult):
        return terminal
    if terminal is not None:
        return OpenResult(True, f"to be shown {terminal.what}", terminal.argv, terminal=terminal)
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
