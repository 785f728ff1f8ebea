"""The installed app in a real terminal (tmux) on records full of escape sequences and markup:
no window-title change, no clipboard write, no foreign colour; the escapes' leftovers are shown
as text and the good records are on screen."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import make_hostile
from tests.helpers.tmux import executable, isolated_env, tmux_app

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]

RECORDS = ("good_escapes.yaml", "good_markup.yaml", "good_bidi.yaml", "good_unicode.yaml",
           "good_shell_words.yaml", "bad_raw_escape.yaml", "bad_unsafe_tag_escape.yaml")
GOOD = sum(name.startswith("good_") for name in RECORDS)


def _flat(screen: str) -> str:
    return re.sub(r"[\s│╭╮╰╯─]", "", screen)


def test_escapes_in_records_never_reach_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for name in RECORDS:
        shutil.copy(make_hostile.STATIC / name, folder / name)
    with tmux_app(["-r", str(folder)], size=(120, 36), env=isolated_env(tmp_path)) as term:
        term.tmux("set-option", "-t", term.session, "set-clipboard", "on")  # OSC 52 would land in a buffer
        term.tmux("set-option", "-t", term.session, "allow-rename", "on")
        # Ready when the list shows (each test has its own tmux server, so the size is as asked).
        term.wait_for(f"{GOOD} records")
        screen = term.settled()
        seen = ""
        for step in range(GOOD):
            if step:
                term.send("j")  # the next record: its detail pane replaces this one's
                screen = term.settled(before=screen)
            seen += screen
            raw = term.screen(escapes=True)
            # capture-pane -e re-emits only SGR (colour) sequences; anything else means the pane
            # interpreted record bytes. The app's own colours are 24-bit (38;2 / 48;2), so a bare
            # 16-colour red (31m) would be the record's.
            assert "\x1b]" not in raw and "\x07" not in raw
            assert "\x1b[31m" not in raw and "\x1b[5m" not in raw and "\x1b[8m" not in raw
        for text in ("Red [31mtitle [0m with CSI", "[bold]x[/]", "宽字符标题", "Invoice for"):
            assert text in seen, text
        title = term.tmux("display-message", "-p", "-t", term.session, "#{pane_title}")
        assert "pwned" not in title and "title" not in title.lower().split()
        term.send("e")
        # Long lines wrap inside the box: compare without borders and spaces.
        flat = _flat(term.wait_until(lambda s: "bad_raw_escape.yaml" in _flat(s), "the problems screen"))
        assert "bad_raw_escape.yaml:2" in flat
        assert "unknownYAMLtagrefused('tag:\\x1b]0;pwned\\x07')" in flat  # the escape, spelled out
        term.send("q")  # closes the problems screen (a bare escape waits for a sequence)
        term.wait_gone("escape closes")
        term.send("q")
        term.wait_for("[exited]")
        buffers = term.tmux("list-buffers", "-F", "#{buffer_sample}", check=False)  # this test's server only
    assert "cm0gLXJmIH4K" not in buffers and "rm -rf" not in buffers
