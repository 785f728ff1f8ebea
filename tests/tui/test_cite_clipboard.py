"""`c`, `C` and `N` in the app put text *and* HTML on a real X clipboard (Xvfb), read back with
xclip; the toast says truthfully what carried the formatting. No clipboard tool is faked."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from repotui.adapters.clipboard import CopyResult, Method
from repotui.adapters.config import Settings
from repotui.tui.app import RepoApp
from repotui.tui.citing import copy_toast
from repotui.tui.screens.copy_fallback import CopyFallback
from tests.helpers.pilot import run_loaded, toasts, until
from tests.helpers.wait import wait_until

APA = ("Beckerman, C. E. (2022). Is there a cyber security dilemma? Journal of Cybersecurity, 8(1), "
       "Article tyac012. https://doi.org/10.1093/cybsec/tyac012")
APA_HTML = ("Beckerman, C. E. (2022). Is there a cyber security dilemma? <i>Journal of Cybersecurity</i>, "
            "<i>8</i>(1), Article tyac012. https://doi.org/10.1093/cybsec/tyac012")
META = '<meta charset="utf-8">'


@pytest.fixture
def records(records: Path) -> Path:
    """The app's fixture records and one whose text is full of HTML."""
    (records / "angle.yaml").write_text(
        'id: angle\ntitle: "<script>alert(1)</script> & the \\"quoted\\" <i>tag</i>"\nissued: 1990\n'
        "author:\n- family: O'Brien\n  given: Aoife\ncontainer-title: Journal <b>of</b> Tags\n",
        encoding="utf-8")
    return records


@pytest.fixture
def x_display(display: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DISPLAY", display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return display


def paste(display: str, target: str | None = None) -> str:
    argv = ["xclip", "-o", "-selection", "clipboard", *(["-t", target] if target else [])]
    out = subprocess.run(argv, capture_output=True, env={"DISPLAY": display, "PATH": "/usr/bin:/bin"},
                         timeout=5, check=False)
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else ""


def wait_clipboard(display: str, text: str, html: str) -> None:
    """Both flavours as given (the HTML with its charset declaration), read back by xclip."""
    wait_until(lambda: paste(display) == text, timeout=15, interval=0.1, what=f"{text!r} as plain text")
    wait_until(lambda: paste(display, "text/html") == META + html, timeout=15, interval=0.1,
               what=f"{html!r} as text/html")


async def test_c_puts_text_and_html_on_the_x_clipboard(records: Path, x_display: str) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("j", "c")
        await until(pilot, lambda: "Copied APA citation with formatting via X11, as plain text via OSC 52"
                    in toasts(app))
        wait_clipboard(x_display, APA, APA_HTML)
        assert not isinstance(app.screen, CopyFallback)  # the X clipboard confirmed the copy


async def test_marked_records_copy_one_html_paragraph_per_reference(records: Path, x_display: str) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("space", "space", "c")
        await until(pilot, lambda: any("APA bibliography of 2 records with formatting via X11" in t
                                       for t in toasts(app)))
        wait_until(lambda: paste(x_display).count("\n") == 1, timeout=15, interval=0.1, what="two lines")
        html = paste(x_display, "text/html")
        assert html.startswith(META + "<p>Beckerman, C. E. (2022).") and html.count("<p>") == 2
        assert "<i>Journal of Cybersecurity</i>" in html
        assert html.index("Beckerman") < html.index("Romano")  # the style's order, not the marking order


async def test_in_text_and_narrative_go_as_text_and_html(records: Path, x_display: str) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("j", "C")
        await until(pilot, lambda: any(t.startswith("Copied APA in-text citation (Beckerman, 2022) with formatting")
                                       for t in toasts(app)))
        wait_clipboard(x_display, "(Beckerman, 2022)", "(Beckerman, 2022)")
        await pilot.press("N")
        wait_clipboard(x_display, "Beckerman (2022)", "Beckerman (2022)")


async def test_record_text_is_escaped_in_the_html_flavour(records: Path, x_display: str) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("/", *"alert", "enter")
        await until(pilot, lambda: app.browser.current is not None and app.browser.current.id == "angle")
        await pilot.press("c")
        await until(pilot, lambda: any("with formatting via X11" in t for t in toasts(app)))
        wait_until(lambda: "<script>alert(1)</script>" in paste(x_display), timeout=15, interval=0.1,
                   what="the title as plain text")
        html = paste(x_display, "text/html")
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; the" in html
        # Only formatting tags are live: CSL's rich-text tags in a field (<i>, <b>) are formatting by
        # the CSL-JSON convention; anything else is escaped text.
        tags = set(re.findall(r"</?([a-zA-Z]+)", html.removeprefix(META)))
        assert tags <= {"i", "b", "sup", "sub", "span"}, tags
        assert "<script" not in html and "alert(1)&lt;/script&gt;" in html


def test_toast_names_what_carried_the_formatting() -> None:
    osc = Method("OSC 52", True, False)
    rich = CopyResult("t", (osc, Method("X11 (text and HTML)", True, True, html=True)), "<i>t</i>")
    assert copy_toast("APA citation", rich) == "Copied APA citation with formatting via X11, as plain text via OSC 52"
    plain = CopyResult("t", (osc, Method("X11 (text and HTML)", False), Method("xclip", True, True)), "<i>t</i>")
    assert copy_toast("APA citation", plain) == "Copied APA citation via OSC 52 and xclip (plain text only)"
    bibtex = CopyResult("t", (osc, Method("xclip", True, True)), None)
    assert copy_toast("BibTeX for 1 record", bibtex) == "Copied BibTeX for 1 record via OSC 52 and xclip"
    nothing = CopyResult("t", (Method("xclip", False),), "<i>t</i>")
    assert copy_toast("APA citation", nothing) == "Could not copy APA citation: no clipboard is available"
