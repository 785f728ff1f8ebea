"""Every key of the footer and the help screen, typed in bursts into the installed app in a real
terminal (tmux) at 80x24, 120x40 and 200x60; after each, what the screen shows is asserted.

Keys go the way a fast typist or a paste sends them: `/cyber` in one write, `s` and `apa` at once,
`enter` followed straight away by the next key. Only escape is sent last in a burst: an escape
followed at once by a letter is how terminals encode alt+letter.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.tmux import Tmux, executable, isolated_env, tmux_app

REPO = Path(__file__).resolve().parents[2]
SEED = "Is there a cyber security dilemma?"
HOUSE = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?'"
APA = "Beckerman, C. E. (2022). Is there a cyber security dilemma?"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]


def script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


class Keys:
    """Send a burst and wait for what the screen must show; every wait fails with the screen."""

    def __init__(self, term: Tmux) -> None:
        self.term = term

    def type(self, text: str, *then: str) -> None:
        """`text` literally, then tmux key names, as fast as tmux sends them."""
        if text:
            self.term.send(text, literal=True)
        if then:
            self.term.send(*then)

    def shows(self, *texts: str, gone: tuple[str, ...] = (), timeout: float = 20.0) -> str:
        def ready(screen: str) -> bool:
            return all(t in screen for t in texts) and not any(g in screen for g in gone)

        return self.term.wait_until(ready, f"{texts} shown and {gone} gone", timeout)

    def until(self, ready: Callable[[str], bool], what: str) -> str:
        return self.term.wait_until(ready, what)

    def again(self, *names: str) -> bool:
        """Press keys again and say the wait is not over (the detail pane grows when its citation
        arrives after `G`, so its end moves down: `G` is pressed again)."""
        self.term.send(*names)
        return False


def status(screen: str) -> str:
    """The status line (the line above the footer)."""
    lines = screen.rstrip("\n").splitlines()
    return lines[-2] if len(lines) >= 2 else ""


def query(screen: str) -> str:
    """The search box's text (the first word of the line under the header)."""
    words = screen.splitlines()[1].split() if screen.count("\n") > 1 else []
    return words[0] if words else ""


def list_edge(screen: str) -> tuple[int, int]:
    """Where the list box ends: (its right border's column, its bottom border's row)."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    right = lines[top].index("╮")
    bottom = next(i for i, line in enumerate(lines[top:], top) if line.startswith("╰"))
    return right, bottom


def count(query: str) -> int:
    """How many shipped records `query` finds, asked of the installed CLI (the sample collection
    changes when it is re-imported; the test must not pin its figures)."""
    exe = executable()
    assert exe is not None
    out = subprocess.run([exe, "list", query, "-r", str(REPO / "records"), "--format", "ids"],
                         capture_output=True, text=True, check=True).stdout
    return len(out.split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_key_in_bursts(size: tuple[int, int], tmp_path: Path) -> None:
    viewer_log = tmp_path / "viewer.log"
    viewer = script(tmp_path / "pdfview", f'echo "VIEWER SHOWS $1"\nprintf "%s\\n" "$1" >> {viewer_log}\n'
                    'read answer\n')
    browser_log = tmp_path / "browser.log"
    browser = script(tmp_path / "webview", f'printf "%s\\n" "$1" >> {browser_log}\nsleep 2\n')
    home = tmp_path / "home"
    home.mkdir()
    env = isolated_env(home, DISPLAY="", WAYLAND_DISPLAY="")
    Path(env["REPOTUI_CONFIG"]).write_text(
        f'opener = "{viewer}"\nopener_terminal = true\nbrowser = "{browser}"\n', encoding="utf-8")
    wide = size[0] >= 100
    articles = count("type:article")

    with tmux_app(["-r", str(REPO / "records")], size=size, env=env) as term:
        keys = Keys(term)
        keys.shows("34 of 34 records")
        shown = ["Quit", "Help", "Search", "Sort", "Facets", "Cite", "In-text", "Style", "Open",
                 "Web", "REF"][:11 if size[0] >= 120 else 6]
        keys.until(lambda s: all(word in s.splitlines()[-1] for word in shown), f"the footer with {shown}")

        # `/` and a word in one burst: the word is searched for, none of its letters is a command.
        keys.type("/cyber")
        screen = keys.until(lambda s: query(s) == "cyber" and "1 of 34 records" in status(s) and SEED in s,
                            "the search for cyber")
        assert "Copy this by hand" not in screen and "could not be read" not in screen
        # enter, then list keys at once: they move the cursor instead of being typed into the box
        keys.type("", "Enter", "j", "k", "Down", "Up")
        screen = keys.shows("Cite", "1 of 34 records")
        assert query(screen) == "cyber"

        # The detail pane: tab to it, then its keys.
        keys.type("", "Tab", "G")
        keys.until(lambda s: "escalation models." in s or keys.again("G"), "the end of the abstract")
        keys.type("", "g")
        keys.shows("Authors")
        keys.type("", "NPage", "PPage", "j", "k", "Down", "Up", "End", "Home")
        keys.shows("Authors", "1 of 34 records")
        keys.type("", "BTab")

        # Clear the search: escape in the search box (last in its burst).
        keys.type("/", "Escape")
        keys.shows("34 of 34 records")

        # The list's keys: last, first, page down and up, and the horizontal ones do no harm.
        keys.type("G")
        keys.until(lambda s: "Tsien" in s and "34 of 34" in status(s), "the last record")
        keys.type("g", "NPage", "PPage", "Left", "Right", "C-PPage", "C-NPage", "End", "Home")
        keys.until(lambda s: "Romano" in s and "34 of 34" in status(s), "the first record again")

        # Sort: t cycles the order, T reverses it.
        keys.type("t")
        keys.until(lambda s: "sorted by date deposited" in status(s), "sorted by date deposited")
        keys.type("tt")
        keys.until(lambda s: "sorted by first author" in status(s), "sorted by first author")
        keys.type("tT")
        keys.until(lambda s: "sorted by date published (reversed)" in status(s), "reversed")
        keys.type("T")
        keys.until(lambda s: "sorted by date published" in status(s) and "reversed" not in status(s),
                   "not reversed")

        # Facets: shown at every size, enter filters the list at once, again takes it out.
        keys.type("f")
        screen = keys.shows("Facets", "Type", "Article", "Open access" if size[1] > 30 else "Year")
        keys.type("", "Enter")
        keys.until(lambda s: f"{articles} of 34 records" in status(s) and query(s) == "type:article" and "✓" in s,
                   "the article filter applied and ticked")
        keys.type("", "Enter")
        keys.until(lambda s: "34 of 34 records" in status(s), "the filter taken out")
        keys.type("jkGg")
        keys.type("", "Escape")
        keys.shows("Authors", gone=("enter filters",))

        # The split: [ and ] move the list's edge (its width side by side, its height stacked).
        before = list_edge(term.screen())
        keys.type("[[")
        if wide:  # two steps of 5% of the width
            keys.until(lambda s: list_edge(s)[0] == before[0] - round(size[0] * 0.10), "the list 10% narrower")
        else:  # two steps of 5% of the panes' height
            keys.until(lambda s: list_edge(s)[1] == before[1] - 2, "the list two rows shorter")
        keys.type("]]")
        keys.until(lambda s: list_edge(s) == before, "the list edge back")

        # Marks: space marks and moves down; the status line counts them.
        keys.type(" ")
        keys.until(lambda s: "1 marked" in status(s), "one marked")
        keys.type("k ")
        keys.until(lambda s: "marked" not in status(s), "the mark taken off")

        # The seed record, then copying: no clipboard here, so the text is shown to copy by hand.
        keys.type("/dilemma", "Enter", "c")
        screen = keys.shows("Copy this by hand", "Beckerman, Carly E (2022)")
        keys.type("", "Escape")
        keys.shows("1 of 34 records", gone=("Copy this by hand",))
        keys.type("b")
        keys.until(lambda s: "Copy this by hand" in s and ("@article{" in s or "Copied BibTeX" in s),
                   "the BibTeX to copy by hand")  # a small screen shows the text's end, and the toast
        keys.type("", "Escape")
        keys.shows("1 of 34 records", gone=("Copy this by hand",))

        # The style picker: `s` and a name at once filter it; enter and `c` at once cite in APA.
        keys.type("sapa")
        screen = keys.shows("Citation style", "APA Style 7th edition")
        assert re.search(r"apa\s+APA Style 7th edition", screen)
        keys.type("", "Enter", "c")
        screen = keys.shows("Copy this by hand", "Beckerman, C. E. (2022)")
        keys.type("", "Escape")
        keys.shows("1 of 34 records", gone=("Copy this by hand",))
        keys.until(lambda s: "APA citations" in status(s), "the status line naming the new style")
        keys.type("s", "Down")
        keys.shows("Citation style", "house")
        keys.type("", "Escape")
        keys.shows("1 of 34 records", gone=("Citation style",))
        keys.type("shouse", "Enter")
        keys.until(lambda s: "house-style citations" in status(s), "back to the house style")

        # o: the record has two files, so the picker asks; escape cancels, enter opens the first
        # in the terminal viewer, which takes the terminal until it exits; then the app is back.
        keys.type("o")
        keys.shows("Open which file?", "dro-37008.pdf", "37008/1/37008.pdf")
        keys.type("", "Escape")
        keys.shows("1 of 34 records", gone=("Open which file?",))
        keys.type("o", "Enter")
        keys.shows("VIEWER SHOWS", gone=("1 of 34 records",))
        keys.type("done", "Enter")
        keys.shows("1 of 34 records", "shown with pdfview")
        assert viewer_log.read_text().strip().endswith("records/durham/dro-37008.pdf")

        # w: the web page in the configured browser (started detached).
        keys.type("w")
        keys.shows("opened with webview")
        assert browser_log.read_text().strip() == "https://doi.org/10.1093/cybsec/tyac012"  # the record's page

        # e, r, ? and the palette.
        keys.type("e")
        keys.shows("Records that could not be read", "Every record was read without problems")
        keys.type("", "Escape")
        keys.shows("1 of 34 records", gone=("could not be read",))
        keys.type("r")
        keys.shows("No record changed on disk")
        keys.type("?")
        screen = keys.shows("repotui keys", "Narrower list", "Wider list")
        keys.type("?")
        keys.shows("1 of 34 records", gone=("repotui keys",))
        keys.type("", "C-p")
        keys.shows("Search for commands")
        keys.type("sort by title")
        keys.shows("Sort by title (A→Z)")
        keys.type("", "Enter")
        keys.until(lambda s: "sorted by title" in status(s), "sorted by title from the palette")

        keys.type("", "C-c")  # "copy selected text": nothing is selected, nothing happens
        keys.type("q")
        keys.shows("[exited]")
        assert "Traceback" not in term.history()
    assert os.path.exists(viewer_log)
