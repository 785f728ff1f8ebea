"""Test-wide seams: no test ever reads the developer's own config, cache or state."""

from __future__ import annotations

from pathlib import Path

import pytest

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
