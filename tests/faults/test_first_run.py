"""The first run on a real-sized collection: the installed app in tmux, a fresh cache, no index
yet. It must show the list (while or after the index is built), never an error screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.faults.conftest import FIRST_RUN, user_env
from tests.helpers.tmux import tmux_app

pytestmark = pytest.mark.e2e
ROW = re.compile(r"│\s+(19|20)\d\d\s+\S")
"""A row of the record list: the year, then the authors."""
INDEXING = re.compile(r"Indexing [\d,]+ of 6,000 files")
"""The index bar's label."""


def private(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(("REPOTUI_", "TMPDIR"))}


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_first_run_builds_the_index_and_shows_the_list(first_run_records: Path, tmp_path: Path,
                                                       size: tuple[int, int]) -> None:
    with tmux_app(["-r", str(first_run_records)], size=size, env=private(user_env(tmp_path))) as term:
        screen = term.wait_until(lambda s: f"of {FIRST_RUN:,} records" in s and "so far" not in s,
                                 f"all {FIRST_RUN:,} records listed", timeout=180)
        assert ROW.search(screen), screen
        assert "could not be opened" not in term.history() and "Traceback" not in term.history()
        term.send("/")
        term.wait_for("Clear search")
        term.send("smith", literal=True)  # a family name the generator uses
        term.wait_until(lambda s: re.search(rf"\d[\d,]* of {FIRST_RUN:,} records", s) is not None
                        and f"{FIRST_RUN:,} of {FIRST_RUN:,}" not in s, "the search narrowing the list")
        term.send("Enter")  # back to the list (keys are commands again)
        term.wait_gone("Clear search")
        term.send("q")
        term.wait_for("[exited]")
    assert list((tmp_path / "cache" / "index").glob("*.sqlite"))  # the index was kept for the next start


def test_the_list_is_usable_while_the_index_builds(many_records: Path, tmp_path: Path) -> None:
    """A bigger folder: the progress bar with the count (and soon the time left) shows while
    the records already stored are listed and searchable."""
    with tmux_app(["-r", str(many_records)], size=(120, 40), env=private(user_env(tmp_path))) as term:
        screen = term.wait_until(lambda s: "so far (indexing" in s and INDEXING.search(s) is not None
                                 and ROW.search(s) is not None, "rows listed while the bar shows", timeout=120)
        assert re.search(r"[\d,]+ of [\d,]+ records · ", screen)  # the status line of a search answered
        term.wait_until(lambda s: "6,000 of 6,000 records" in s, "the whole folder listed", timeout=180)
        assert INDEXING.search(term.screen()) is None  # the bar goes when the build is done
        assert "Traceback" not in term.history()
