"""What every subcommand shares: the records folder, settings, and loading with problems."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from repotui.adapters.config import ConfigProblem, Settings, load_settings

if TYPE_CHECKING:  # the loader (YAML, validation) loads with the commands that read records
    from repotui.core.loader import LoadResult

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

#: What `add_subparsers()` returns, which each command's `register(sub, parent)` adds itself to.
#: argparse names the class privately; typeshed types it, and only annotations use the name.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


@dataclass
class Context:
    """Resolved settings for one invocation."""

    settings: Settings
    config_problems: list[ConfigProblem]
    records_dir: Path


def records_parent() -> argparse.ArgumentParser:
    """`-r/--records DIR`, shared by the app and every subcommand."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("-r", "--records", metavar="DIR", type=Path, default=argparse.SUPPRESS,
                        help="records folder (default: $REPOTUI_RECORDS, the config's `records`, ./records)")
    return parent


def resolve_records(arg: Path | None, settings: Settings) -> Path:
    """`-r`, else REPOTUI_RECORDS, else the config file's `records`, else ./records."""
    if arg is not None:
        return arg.expanduser()
    env = os.environ.get("REPOTUI_RECORDS")
    if env:
        return Path(env).expanduser()
    if settings.records is not None:
        return settings.records
    return Path("records")


def make_context(args: argparse.Namespace) -> Context:
    settings, problems = load_settings(getattr(args, "config", None))
    folder = getattr(args, "dir", None) or getattr(args, "records", None)
    return Context(settings, problems, resolve_records(folder, settings))


def report_config_problems(ctx: Context) -> None:
    for problem in ctx.config_problems:
        print(f"config: {problem}", file=sys.stderr)


def load(ctx: Context) -> LoadResult:
    from repotui.core.loader import load_records

    return load_records(ctx.records_dir, max_bytes=ctx.settings.max_record_bytes)


def fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"repotui: {message}", file=sys.stderr)
    return code
