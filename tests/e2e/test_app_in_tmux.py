"""The installed app in a real terminal: the seed record, its dates and licence are readable."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from .tmux import executable, tmux_app

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_seed_record_readable(size: tuple[int, int], tmp_path: Path) -> None:
    env = {"REPOTUI_CONFIG": str(tmp_path / "none.toml"), "REPOTUI_CACHE_DIR": str(tmp_path / "cache"),
           "REPOTUI_STATE_DIR": str(tmp_path / "state")}
    with tmux_app(["-r", str(REPO / "records")], size=size, env=env) as term:
        term.wait_for(" records · ")  # the status line: the index is open and the list filled
        # Find the seed record with the search box: the detail pane then shows it.
        term.send("/")
        term.wait_for("Clear search")  # the footer shows the search box's keys once it has focus
        term.send("cyber security dilemma", literal=True)
        term.wait_for("1 of ")
        time.sleep(0.3)
        term.send("Enter")
        screen = term.wait_for("tyac012")
        assert "Is there a cyber security dilemma?" in screen
        term.send("tab")
        seen = screen
        wanted = ("Accepted", "24 August 2022", "First published", "19 September 2022",
                  "Deposited", "20 September 2022", "Made open access", "CC BY 4.0", "In recent years")
        for _ in range(60):  # scroll the detail pane line by line, collecting what is shown
            if all(text in seen for text in wanted):
                break
            term.send("j")
            time.sleep(0.15)
            seen += term.screen()
        for text in wanted:
            assert text in seen, f"{text!r} never shown"
        term.send("q")
        term.wait_for("[exited]")
