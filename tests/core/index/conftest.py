"""Fixtures for the index tests: a private copy of the search records and a real index file."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.core.index import Library
from tests.core.index.support import SEARCH
from tests.helpers.files import copy_records


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A private copy of the search fixtures, free to edit."""
    return copy_records(SEARCH, tmp_path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "index.sqlite"


@pytest.fixture
def lib(records: Path, db: Path) -> Library:
    return Library.open(records, db, workers=0)
