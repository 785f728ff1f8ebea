"""The citation keys in the real app, in a real terminal: `c` puts text and HTML on the X clipboard
(Xvfb, read back with xclip), `C`/`N` the in-text and narrative citation, OSC 52 reaches tmux's paste
buffer, and `x` writes a bibliography file, asking before it replaces one. Every step asserts what
the screen shows (the toast) as well as what the clipboard or the disk holds."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.tmux import Tmux, executable, isolated_env, tmux_app
from tests.helpers.wait import wait_until

REPO = Path(__file__).resolve().parents[2]
HOUSE = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?', Journal of Cybersecurity, 8 (1). tyac012."
APA_HTML = ("Beckerman, C. E. (2022). Is there a cyber security dilemma? <i>Journal of Cybersecurity</i>, "
            "<i>8</i>(1), Article tyac012. https://doi.org/10.1093/cybsec/tyac012")
META = '<meta charset="utf-8">'

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None or executable() is None,
                       reason="needs tmux and the installed repotui"),
]


def toast_text(screen: str) -> str:
    """The toasts on screen as one line: the text right of each toast's `▌` edge, unwrapped."""
    parts = [line.split("▌", 1)[1] for line in screen.splitlines() if "▌" in line]
    return " ".join(" ".join(part.strip(" │╯╮─").split()) for part in parts if part.strip(" │╯╮─"))


def wait_toast(term: Tmux, text: str) -> str:
    """Poll until a toast says `text` (compared without white space: a long path wraps mid-word)."""
    wanted = "".join(text.split())
    return term.wait_until(lambda screen: wanted in "".join(toast_text(screen).split()), f"the toast {text!r}")


def paste(display: str, target: str | None = None) -> str:
    argv = ["xclip", "-o", "-selection", "clipboard", *(["-t", target] if target else [])]
    out = subprocess.run(argv, capture_output=True, env={"DISPLAY": display, "PATH": "/usr/bin:/bin"},
                         timeout=5, check=False)
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else ""


def wait_clipboard(display: str, text: str, html: str | None = None) -> None:
    wait_until(lambda: paste(display) == text, timeout=15, interval=0.1, what=f"{text!r} on the X clipboard")
    if html is not None:
        wait_until(lambda: paste(display, "text/html") == META + html, timeout=15, interval=0.1,
                   what=f"{html!r} as text/html")


def apa_env(home: Path, **extra: str) -> dict[str, str]:
    env = isolated_env(home, **extra)
    Path(env["REPOTUI_CONFIG"]).write_text('style = "apa"\n', encoding="utf-8")
    return env


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A folder with a short path, so that messages naming a file fit on one line even at 80x24."""
    folder = Path(tempfile.mkdtemp(prefix="rt-", dir="/tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _find_seed(term: Tmux) -> None:
    term.wait_for(" records · ")
    term.search("cyber security dilemma", shows="tyac012")


def test_c_puts_text_and_html_on_the_x_clipboard(display: str, tmp_path: Path) -> None:
    with tmux_app(["-r", str(REPO / "records")], env=isolated_env(tmp_path, DISPLAY=display)) as term:
        _find_seed(term)
        term.send("c")
        wait_toast(term, "Copied house-style citation with formatting via X11, as plain text via OSC 52")
        wait_clipboard(display, HOUSE, HOUSE)  # the repository's own string: no italics to carry


def test_c_in_apa_keeps_the_italics_in_the_html_flavour(display: str, tmp_path: Path) -> None:
    with tmux_app(["-r", str(REPO / "records")], env=apa_env(tmp_path, DISPLAY=display)) as term:
        _find_seed(term)
        term.send("c")
        wait_toast(term, "Copied APA citation with formatting via X11")
        wait_clipboard(display, re.sub(r"</?i>", "", APA_HTML), APA_HTML)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_C_and_N_copy_the_in_text_citation(size: tuple[int, int], display: str, tmp_path: Path) -> None:
    with tmux_app(["-r", str(REPO / "records")], size=size, env=apa_env(tmp_path, DISPLAY=display)) as term:
        _find_seed(term)
        term.send("C")
        wait_toast(term, "Copied APA in-text citation (Beckerman, 2022) with formatting via X11")
        wait_clipboard(display, "(Beckerman, 2022)", "(Beckerman, 2022)")
        term.send("N")
        wait_toast(term, "Copied APA narrative citation Beckerman (2022) with formatting via X11")
        wait_clipboard(display, "Beckerman (2022)", "Beckerman (2022)")


def test_marked_records_are_one_cluster_in_the_style_order(display: str, tmp_path: Path) -> None:
    with tmux_app(["-r", str(REPO / "records")], env=apa_env(tmp_path, DISPLAY=display)) as term:
        term.wait_for(" records · ")
        term.send("/")
        term.wait_for("Clear search")
        term.send("year:2022 -author:singletary", literal=True)
        term.wait_until(lambda screen: "2 of " in screen, "two 2022 records")
        term.send("Enter")
        screen = term.wait_gone("Clear search")
        assert screen.index("Sun et al.") < screen.index("Beckerman")  # listed Sun first (by date)
        term.send("space", "space")
        term.wait_for("2 marked")
        term.send("C")
        wait_toast(term, "Copied APA in-text citation of 2 records (Beckerman, 2022; Sun et al., 2022) "
                         "with formatting via X11")
        wait_clipboard(display, "(Beckerman, 2022; Sun et al., 2022)", "(Beckerman, 2022; Sun et al., 2022)")


def test_osc52_reaches_tmux_paste_buffer(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    with tmux_app(["-r", str(REPO / "records")], env=env) as term:
        term.tmux("set-option", "-t", term.session, "-s", "set-clipboard", "on")
        _find_seed(term)
        term.send("c")
        wait_toast(term, "Copied house-style citation via OSC 52 (plain text only)")
        wait_until(lambda: term.tmux("show-buffer", check=False) == HOUSE,
                   timeout=10, interval=0.2, what="the citation in tmux's paste buffer")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_x_exports_and_asks_before_replacing(size: tuple[int, int], tmp_path: Path, short_dir: Path) -> None:
    work = short_dir
    with tmux_app(["-r", str(REPO / "records")], size=size, cwd=work, env=apa_env(tmp_path)) as term:
        _find_seed(term)
        term.send("x")
        term.wait_for("Export bibliography")
        term.wait_for(str(work / "references.docx")[-30:])  # the first suggestion, in the start folder
        term.send("refs.docx", literal=True)  # replaces the suggestion (selected when the prompt opens)
        term.wait_for("refs.docx")
        term.send("Enter")
        target = work / "refs.docx"
        wait_toast(term, f"Wrote the APA bibliography of 1 record to {target} (Word)")
        assert target.exists()
        first = target.read_bytes()
        term.send("x")
        term.wait_for("Export bibliography")
        term.send("Enter")  # the suggestion is now the last file written
        term.wait_for("Replace it?")
        term.send("n")
        term.wait_for("was kept as it is")
        assert target.read_bytes() == first
        term.send("Escape")
        term.wait_gone("Export bibliography")
        assert sorted(p.name for p in work.iterdir()) == ["refs.docx"]
