"""Fixtures for the index tests: a private copy of the search records and a real index file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from repotui.core.index import Library
from tests.core.index.support import SEARCH


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A private copy of the search fixtures, free to edit."""
    root = tmp_path / "records"
    shutil.copytree(SEARCH, root)
    return root


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "index.sqlite"


@pytest.fixture
def lib(records: Path, db: Path) -> Library:
    return Library.open(records, db, workers=0)
