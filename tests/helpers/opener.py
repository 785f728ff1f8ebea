"""A fake opener: a small program that records what it was asked to open, so a test asserts
exactly the arguments a real viewer (or browser) would have been given."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.wait import wait_until


@dataclass(frozen=True)
class FakeOpener:
    """A shell script that writes each run's arguments, NUL-terminated, to a file of its own in
    `runs`, all at once (written aside, then renamed), so a poll never reads half a run."""

    script: Path
    runs: Path

    @property
    def command(self) -> str:
        """The `opener` (or `browser`) setting that runs it."""
        return shlex.quote(str(self.script))

    @property
    def ran(self) -> bool:
        """Whether it has been run (since the last `forget`)."""
        return bool(self._finished())

    def arguments(self, timeout: float = 10.0) -> list[str]:
        """The arguments of every run so far, in order, waiting for the first run (the opener is
        started detached, so it may not have run yet); fails the test when it never runs."""
        runs = wait_until(self._finished, timeout, what=f"a run of {self.script.name}")
        return [arg for run in runs for arg in run.read_bytes().decode().split("\0")[:-1]]

    def forget(self) -> None:
        """Drop the recorded runs (before doing something that should run it again)."""
        for run in self._finished():
            run.unlink()

    def _finished(self) -> list[Path]:
        return sorted(self.runs.glob("run.*"), key=lambda p: (p.stat().st_mtime_ns, p.name))


def fake_opener(folder: Path, name: str = "fake-opener", then: str = "") -> FakeOpener:
    """A fake opener program `folder/name`; after recording it runs the shell code `then`
    (`exit 3` to fail, `sleep 2` to stay up like a viewer)."""
    runs = folder / f"{name}.runs"
    runs.mkdir()
    script = folder / name
    script.write_text("#!/bin/sh\n"
                      f"tmp=$(mktemp {shlex.quote(str(runs))}/.run.XXXXXX)\n"
                      "for a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$tmp\"\n"
                      "mv \"$tmp\" \"${tmp%/*}/run.${tmp##*.}\"\n"
                      f"{then}\n")
    script.chmod(0o755)
    return FakeOpener(script, runs)
