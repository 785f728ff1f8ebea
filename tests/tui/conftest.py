"""Fixtures for the pilot tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.files import copy_records
from tests.helpers.pilot import FIXTURE_RECORDS


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A private copy of the app's fixture records (tests/fixtures/tui_records), free to edit."""
    return copy_records(FIXTURE_RECORDS, tmp_path)
