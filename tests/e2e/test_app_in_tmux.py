"""The installed app in a real terminal: the seed record, its dates and licence are readable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.tmux import executable, isolated_env, tmux_app

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_seed_record_readable(size: tuple[int, int], tmp_path: Path) -> None:
    with tmux_app(["-r", str(REPO / "records")], size=size, env=isolated_env(tmp_path)) as term:
        term.wait_for(" records · ")  # the status line: the index is open and the list filled
        # Find the seed record with the search box: the detail pane then shows it.
        screen = term.search("cyber security dilemma", shows="tyac012")
        assert "Is there a cyber security dilemma?" in screen
        term.send("tab")
        seen = screen
        wanted = ("Accepted", "24 August 2022", "First published", "19 September 2022",
                  "Deposited", "20 September 2022", "Made open access", "CC BY 4.0", "In recent years",
                  "REF 2021", "compliant: deposited", "REF 2029")
        while missing := [text for text in wanted if text not in seen]:
            # Scroll the detail pane line by line, collecting what is shown; at its end the
            # screen stops changing and the wait fails, naming what was never shown.
            term.send("j")
            screen = term.wait_changed(screen, timeout=5, what=f"scrolling on to {missing}")
            seen += screen
        term.send("q")
        term.wait_for("[exited]")
