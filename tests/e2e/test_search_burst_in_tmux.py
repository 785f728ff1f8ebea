"""A search typed, submitted and acted on in one burst, in a real terminal, on a folder big enough
for the search to take a while: the key after enter acts on the first row of the results for the
query as typed (the record a slow typist sees highlighted), never on the record highlighted before
the search, however fast the keys come (issue 11: every key does what it says the moment it is
typed; a wrong citation is our worst defect)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.files import generated_records
from tests.helpers.tmux import Tmux, executable, isolated_env, tmux_app
from tests.helpers.wait import wait_until

#: Records in the folder: enough that the search for `cyber` can still be running when the app has
#: settled after enter (before the fix `c` copied the old list's first row in 2 runs of 10).
COUNT = 20000
QUERY = "cyber"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]


@dataclass(frozen=True)
class Folder:
    records: Path
    home: Path

    def env(self) -> dict[str, str]:
        return isolated_env(self.home)

    def cli(self, *args: str) -> str:
        exe = executable()
        assert exe is not None
        done = subprocess.run([exe, *args, "-r", str(self.records)], env={**os.environ, **self.env()},
                              capture_output=True, text=True, timeout=600, check=True)
        return done.stdout


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Folder:
    """A generated folder with its index built (by the CLI, into the app's private cache)."""
    made = Folder(generated_records(tmp_path_factory.mktemp("generated") / "records", COUNT),
                  tmp_path_factory.mktemp("home"))
    made.cli("index")
    return made


def _records(folder: Folder, *query: str) -> list[dict[str, Any]]:
    """The records matching `query` in the app's default order, as the CLI prints them (CSL JSON)."""
    return list(json.loads(folder.cli("list", "--format", "json", *query)))


def doi_tail(record: dict[str, Any]) -> str:
    """What the detail pane shows of the DOI on one line at any width (`gen.001234`, unique here)."""
    return str(record["DOI"]).rsplit("/", 1)[1]


def _start_on(term: Tmux, every: list[dict[str, Any]], hits: list[dict[str, Any]]) -> dict[str, Any]:
    """Put the cursor on a record that is a hit far down the results (so that the cursor staying
    on it, or `c` copying it, is a wrong answer) and return it, once the detail pane shows it."""
    deep = {record["id"] for record in hits[60:]}
    position = next(i for i, record in enumerate(every[:200]) if record["id"] in deep)
    if position:
        term.send("j" * position, literal=True)
    term.wait_for(doi_tail(every[position]))
    return every[position]


@pytest.mark.parametrize("size", [(120, 40), (200, 60)])
def test_search_enter_then_c_copies_the_first_hit(folder: Folder, size: tuple[int, int]) -> None:
    every, hits = _records(folder), _records(folder, QUERY)
    first = hits[0]
    assert 1000 < len(hits) < len(every)  # a large answer, and not every record
    with tmux_app(["-r", str(folder.records)], size=size, env=folder.env()) as term:
        term.tmux("set-option", "-t", term.session, "-s", "set-clipboard", "on")
        term.wait_for(" records · ")
        before = _start_on(term, every, hits)
        # One burst, as a fast typist, a paste or tmux send-keys types it.
        term.send("/", QUERY, "Enter", "c")
        wait_until(lambda: term.tmux("show-buffer", check=False) != "", timeout=15, interval=0.1,
                   what="a citation in tmux's paste buffer")
        copied = term.tmux("show-buffer")
        assert first["title"] in copied, (
            f"c copied {copied!r}, not the first hit {first['id']} {first['title']!r} "
            f"(highlighted before the search: {before['id']})")
        term.wait_for(f"{len(hits):,} of {len(every):,}")
        if "Copy this by hand" in term.screen():  # tmux took the OSC 52 text but cannot confirm it
            term.send("Escape")
            term.wait_gone("Copy this by hand")
        screen = term.settled()
        assert doi_tail(first) in screen, f"the detail pane does not show the first hit {first['id']}:\n{screen}"
