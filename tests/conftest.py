"""Test-wide seams: no test ever reads the developer's own config, cache or state."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from repotui.adapters.pandoc import PandocEngine

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("REPOTUI_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("REPOTUI_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("REPOTUI_STATE_DIR", str(home / "state"))
    monkeypatch.delenv("REPOTUI_RECORDS", raising=False)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """No native clipboard here: copies go by OSC 52 (`app.clipboard`) and the copy-by-hand modal shows."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def engine() -> Iterator[PandocEngine]:
    """One real pandoc worker for the session (per xdist worker); skips where pandoc is missing."""
    from repotui.adapters.pandoc import PandocEngine, find_pandoc

    if find_pandoc() is None:
        pytest.skip("pandoc is not installed (pip install pypandoc-binary)")
    with PandocEngine() as eng:
        yield eng


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A private X server (Xvfb) for real clipboard tests; -displayfd picks a free display number."""
    if not (shutil.which("Xvfb") and shutil.which("xclip")):
        pytest.skip("Xvfb and xclip are needed (.ci/run installs them)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp", "-screen", "0", "640x480x8"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as fh:
            number = fh.readline().strip()
        if not number:
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
