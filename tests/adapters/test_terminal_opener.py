"""Viewers that run in the terminal: `opener_terminal`, and a PDF's text in `$PAGER` when there is
no opener and no display. The programs really run (a shell script stands in for the viewer and
for the pager; pdftotext is poppler's own when it is installed)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from repotui.adapters.config import Settings
from repotui.adapters.opener import (
    NO_PDFTOTEXT,
    OpenResult,
    TerminalCommand,
    has_display,
    open_path,
    pager_argv,
    run_in_terminal,
    terminal_command,
)
from tests.helpers.opener import fake_opener

pytestmark = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX shell scripts as viewers")

NO_DISPLAY: dict[str, str] = {"PATH": "/usr/bin:/bin"}
REPO = Path(__file__).resolve().parents[2]
SAMPLE_PDF = REPO / "records" / "durham" / "dro-37008.pdf"


def pager(tmp_path: Path) -> Path:
    """A pager that copies what it reads (its standard input, or the file it is given) to a file."""
    script = tmp_path / "fake-pager"
    out = tmp_path / "paged.txt"
    script.write_text("#!/bin/sh\n"  # options (-R) are ignored; files are shown, else standard input
                      "files=0; for a in \"$@\"; do case $a in -*) ;; *) files=1;; esac; done\n"
                      f"if [ $files = 1 ]; then for a in \"$@\"; do case $a in -*) ;; *) /bin/cat \"$a\";; esac; "
                      f"done > {out}; else /bin/cat > {out}; fi\n")
    script.chmod(0o755)
    return script


def test_a_terminal_opener_is_not_started_detached_but_handed_back_to_run(tmp_path: Path) -> None:
    viewer = fake_opener(tmp_path, "tdf")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    settings = Settings(opener=f"{viewer.command} --fit", opener_terminal=True)
    result = open_path(pdf, settings)
    assert result.ok and result.terminal == TerminalCommand((str(viewer.script), "--fit", str(pdf)),
                                                            what="with tdf")
    assert not viewer.ran  # nothing ran yet: the caller gives it the terminal first
    ran = run_in_terminal(result.terminal)
    assert ran.ok and ran.message == "shown with tdf"
    assert viewer.arguments() == ["--fit", str(pdf)]


def test_a_gui_opener_and_a_display_need_no_terminal(tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert terminal_command(pdf, Settings(opener="zathura"), NO_DISPLAY) is None
    assert terminal_command(pdf, Settings(), {"DISPLAY": ":0"}) is None
    if sys.platform.startswith("linux"):
        assert not has_display(NO_DISPLAY) and has_display({"WAYLAND_DISPLAY": "wayland-0"})


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_without_opener_or_display_a_pdf_is_read_as_text_in_the_pager(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("macOS and Windows always have a display")
    fake = pager(tmp_path)
    command = terminal_command(SAMPLE_PDF, Settings(), {**NO_DISPLAY, "PAGER": f"{fake} -R"})
    assert isinstance(command, TerminalCommand)
    assert command.argv == (str(fake), "-R") and command.feed[1:] == ("-layout", str(SAMPLE_PDF), "-")
    result = run_in_terminal(command)
    assert result.ok and result.message == "shown as text in fake-pager"
    assert "Is there a cyber security dilemma?" in (tmp_path / "paged.txt").read_text()


def test_without_pdftotext_the_user_is_told_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("macOS and Windows always have a display")
    bin_dir = tmp_path / "bin"  # a PATH with a pager but no pdftotext
    bin_dir.mkdir()
    (bin_dir / "less").symlink_to(pager(tmp_path))
    monkeypatch.setenv("PATH", str(bin_dir))
    result = terminal_command(SAMPLE_PDF, Settings(), {"PATH": str(bin_dir)})
    assert isinstance(result, OpenResult) and not result.ok and result.message == NO_PDFTOTEXT
    assert "poppler-utils" in result.message and "opener_terminal" in result.message
    # A text file needs no pdftotext: the pager shows it as it is.
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text\n")
    command = terminal_command(notes, Settings(), {"PATH": str(bin_dir)})
    assert isinstance(command, TerminalCommand) and not command.feed
    assert run_in_terminal(command).ok and (tmp_path / "paged.txt").read_text() == "plain text\n"


def test_pager_is_pager_variable_else_less(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pager_argv({"PAGER": "most -s"}) == ["most", "-s"]
    found = pager_argv({"PAGER": "  "})
    assert found is None or Path(found[0]).name in ("less", "more")


def test_failures_come_back_as_results(tmp_path: Path) -> None:
    missing = run_in_terminal(TerminalCommand((str(tmp_path / "no-such-viewer"), "x.pdf")))
    assert not missing.ok and "was not found" in missing.message
    failing = run_in_terminal(TerminalCommand(("sh", "-c", "exit 4")))
    assert not failing.ok and "exit status 4" in failing.message
    bad = terminal_command(tmp_path / "x.pdf", Settings(opener='tdf "unclosed', opener_terminal=True))
    assert isinstance(bad, OpenResult) and not bad.ok
