"""`c` in the real app puts the citation on the real clipboard: xclip under Xvfb, and tmux's paste
buffer through OSC 52 with `set-clipboard on`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.tmux import Tmux, executable, isolated_env, tmux_app
from tests.helpers.wait import wait_until

REPO = Path(__file__).resolve().parents[2]
HOUSE = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?', Journal of Cybersecurity, 8 (1). tyac012."

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]


def _copy_seed_citation(term: Tmux) -> None:
    term.wait_for(" records · ")
    term.search("cyber security dilemma", shows="tyac012")
    term.send("c")
    term.wait_for("Copied house-style citation via")


def test_c_puts_the_citation_on_the_x_clipboard(display: str, tmp_path: Path) -> None:
    with tmux_app(["-r", str(REPO / "records")], env=isolated_env(tmp_path, DISPLAY=display)) as term:
        _copy_seed_citation(term)
        assert "xclip" in term.screen() or "xsel" in term.screen()
        out = subprocess.run(["xclip", "-o", "-selection", "clipboard"], capture_output=True,
                             env={"DISPLAY": display, "PATH": "/usr/bin:/bin"}, timeout=5, check=True)
        assert out.stdout.decode("utf-8") == HOUSE


def test_osc52_reaches_tmux_paste_buffer(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    with tmux_app(["-r", str(REPO / "records")], env=env) as term:
        subprocess.run(["tmux", "set-option", "-t", term.session, "-s", "set-clipboard", "on"], check=True)
        _copy_seed_citation(term)
        wait_until(lambda: subprocess.run(["tmux", "show-buffer"], capture_output=True, text=True).stdout == HOUSE,
                   timeout=10, interval=0.2, what="the citation in tmux's paste buffer")
