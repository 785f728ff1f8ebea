"""Entry point: argument parsing and dispatch; `repotui` with no subcommand runs the app."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from repotui import __version__
from repotui.adapters.paths import config_file
from repotui.cli.common import records_parent

#: Subcommand modules under repotui.cli; each has `register(sub, parent)`.
COMMANDS = ("check", "show", "open_cmd", "fetch", "import_cmd", "harvest", "cite", "styles", "list_cmd", "index_cmd",
            "ref_cmd")
#: Module name → command name where they differ (`open` would shadow the builtin as a module name).
COMMAND_NAMES = {"open_cmd": "open", "import_cmd": "import", "list_cmd": "list", "index_cmd": "index",
                 "ref_cmd": "ref"}


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The whole command line; `commands=()` leaves the subcommands out (their modules import
    what they work with: importers, exporters, the loader, the HTTP client)."""
    parent = records_parent()
    parser = argparse.ArgumentParser(
        prog="repotui",
        parents=[parent],
        description="Browse the records of a research repository in the terminal. "
        "`repotui DIR` is short for `repotui -r DIR`.",
        epilog=f"config file: {config_file()} (override with REPOTUI_CONFIG)",
    )
    parser.add_argument("--version", action="version", version=f"repotui {__version__}")
    if commands:
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name in commands:
            importlib.import_module(f"repotui.cli.{name}").register(sub, parent)
    return parser


def parse(argv: list[str], known: set[str]) -> argparse.Namespace:
    """Starting the app needs no subcommand: they are registered only when a command word (or
    help) is on the line, or when the short parser does not understand the line (then the whole
    one parses it, and its errors and help are what the user sees)."""
    if not any(arg in known or arg in ("-h", "--help") for arg in argv):
        args, rest = build_parser(()).parse_known_args(argv)
        if not rest:
            return args
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `repotui records` (a folder) and `repotui check` (a command) share the first position:
    # a word that names a command is a command; anything else is the records folder.
    known = {COMMAND_NAMES.get(name, name) for name in COMMANDS}
    if argv and not argv[0].startswith("-") and argv[0] not in known:
        argv = ["-r", argv[0], *argv[1:]]
    args = parse(argv, known)
    if getattr(args, "func", None) is None:
        from repotui.cli.run import run_app

        return run_app(args)
    from repotui.cli.signals import exit_status, stop_cleanly_on_signals

    stop_cleanly_on_signals()
    try:
        return int(args.func(args))
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM / SIGHUP (`Terminated`)
        return exit_status(exc)
    except BrokenPipeError:
        return 0
