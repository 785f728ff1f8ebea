"""Clipboard: real xclip under a private Xvfb, OSC 52, control characters, timeouts."""

from __future__ import annotations

import base64
import os
import subprocess
from pathlib import Path

from repotui.adapters.clipboard import clean_for_clipboard, copy, osc52_sequence


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(extra)
    return env


def _paste(display: str) -> str:
    out = subprocess.run(["xclip", "-o", "-selection", "clipboard"], env=_env(DISPLAY=display),
                         capture_output=True, timeout=5, check=True)
    return out.stdout.decode("utf-8")


def test_xclip_copy_is_confirmed_and_reads_back(display: str) -> None:
    sent: list[str] = []
    text = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?'\x1b]52;c;eA==\x07 wörld\nline 2"
    result = copy(text, osc52=sent.append, env=_env(DISPLAY=display), platform="linux")
    expected = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?']52;c;eA== wörld\nline 2"
    assert result.text == expected and sent == [expected]
    assert result.confirmed and result.worked == ["OSC 52", "xclip"]
    assert result.describe() == "OSC 52 and xclip"
    assert _paste(display) == expected


def test_second_copy_replaces_the_first(display: str) -> None:
    assert copy("first", env=_env(DISPLAY=display), platform="linux").confirmed
    assert copy("second", env=_env(DISPLAY=display), platform="linux").confirmed
    assert _paste(display) == "second"


def test_no_display_is_not_confirmed() -> None:
    sent: list[str] = []
    result = copy("text", osc52=sent.append, env=_env(), platform="linux")
    assert sent == ["text"] and result.worked == ["OSC 52"] and not result.confirmed
    nothing = copy("text", env=_env(), platform="linux")
    assert nothing.worked == [] and not nothing.confirmed
    assert nothing.describe() == "nothing (no clipboard available)"


def test_missing_and_hanging_tools(tmp_path: Path) -> None:
    result = copy("x", env=_env(DISPLAY=":9999", PATH=str(tmp_path)), platform="linux")
    assert [(m.name, m.ok, m.detail) for m in result.methods] == [
        ("xclip", False, "not installed"), ("xsel", False, "not installed")]
    hang = tmp_path / "xclip"
    hang.write_text("#!/bin/sh\nexec /bin/sleep 30\n", encoding="utf-8")
    hang.chmod(0o755)
    result = copy("x", env=_env(DISPLAY=":9999", PATH=str(tmp_path)), platform="linux", timeout=0.3)
    assert result.methods[0].detail == "timed out after 0.3 s" and not result.confirmed


def test_osc52_writer_failure_is_reported() -> None:
    def broken(_text: str) -> None:
        raise OSError("terminal gone")

    result = copy("x", osc52=broken, env=_env(), platform="linux")
    assert result.methods[0].ok is False and "terminal gone" in result.methods[0].detail


def test_osc52_sequence_and_cleaning() -> None:
    seq = osc52_sequence("a\x1bb\x9bc\r\nd")
    assert seq.startswith("\x1b]52;c;") and seq.endswith("\x07")
    assert base64.b64decode(seq[7:-1]).decode() == "abc\nd"
    assert clean_for_clipboard("tab\tok\x00\x7f") == "tab\tok"


def _paste_target(display: str, target: str) -> bytes:
    out = subprocess.run(["xclip", "-o", "-selection", "clipboard", "-t", target], env=_env(DISPLAY=display),
                         capture_output=True, timeout=5, check=True)
    return out.stdout


def test_text_and_html_flavours_read_back_under_xvfb(display: str) -> None:
    """Both targets at once: a plain paste gets the text, a rich paste the HTML with the italics."""
    text = "Whitfield, T. (2020). The politics of <open> access & more. Oxford University Press."
    html = "Whitfield, T. (2020). <i>The politics of &lt;open&gt; access &amp; more</i>. Oxford University Press."
    result = copy(text, html=html, env=_env(DISPLAY=display), platform="linux")
    assert result.confirmed and result.rich
    assert result.methods[-1].detail == "text and HTML read back"
    assert _paste(display) == text
    assert _paste_target(display, "UTF8_STRING").decode("utf-8") == text
    served = _paste_target(display, "text/html").decode("utf-8")
    assert served == '<meta charset="utf-8">' + html
    targets = _paste_target(display, "TARGETS").decode("ascii").split()
    assert {"UTF8_STRING", "text/plain", "text/html", "TARGETS"} <= set(targets)


def test_a_later_copy_takes_the_clipboard_from_the_html_owner(display: str) -> None:
    """Our selection owner gives way (and exits) when another client copies, as xclip does."""
    assert copy("rich", html="<i>rich</i>", env=_env(DISPLAY=display), platform="linux").rich
    assert copy("plain again", env=_env(DISPLAY=display), platform="linux").confirmed
    assert _paste(display) == "plain again"
    again = copy("rich 2", html="<b>rich 2</b>", env=_env(DISPLAY=display), platform="linux")
    assert again.rich and _paste_target(display, "text/html").decode() == '<meta charset="utf-8"><b>rich 2</b>'


def test_html_without_a_display_falls_back_to_plain_osc52() -> None:
    sent: list[str] = []
    result = copy("text", html="<i>text</i>", osc52=sent.append, env=_env(), platform="linux")
    assert sent == ["text"] and not result.rich and result.html == '<meta charset="utf-8"><i>text</i>'


def test_html_flavour_controls_are_stripped(display: str) -> None:
    result = copy("a", html="<i>a\x1b[2J</i>", env=_env(DISPLAY=display), platform="linux")
    assert result.rich and _paste_target(display, "text/html").decode() == '<meta charset="utf-8"><i>a[2J</i>'


def test_backend_order_with_and_without_html() -> None:
    from repotui.adapters import clipboard

    x11 = [b.name for b in clipboard.backends({"DISPLAY": ":1"}, "linux", html=True)]
    assert x11 == ["X11 (text and HTML)", "xclip", "xsel"]
    assert [b.name for b in clipboard.backends({"DISPLAY": ":1"}, "linux")] == ["xclip", "xsel"]
    assert [b.name for b in clipboard.backends({}, "darwin", html=True)] == ["osascript (text and HTML)", "pbcopy"]
    assert clipboard.backends({"WAYLAND_DISPLAY": "w"}, "linux", html=True)[0].name == "wl-copy"


def test_osascript_program_carries_data_only_as_hex() -> None:
    from repotui.adapters.clipboard import osascript_program

    program = osascript_program('say "hi" & «data»', "<i>x</i>")
    assert program.startswith("set the clipboard to {«class utf8»:«data utf8")
    assert '"' not in program and "say" not in program
    hexes = [part.split("»")[0] for part in program.split("«data ")[1:]]
    assert bytes.fromhex(hexes[0][4:]).decode() == 'say "hi" & «data»'
    assert bytes.fromhex(hexes[1][4:]).decode() == "<i>x</i>"
