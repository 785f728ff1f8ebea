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
