"""Citation fixtures: the fixture records (the pandoc `engine` is tests/conftest.py's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.core.loader import load_records
from repotui.core.model import Record

TESTS = Path(__file__).resolve().parents[2]
RECORDS_DIR = TESTS / "fixtures" / "citation_records"
SEED_DIR = TESTS.parent / "records"


@pytest.fixture(scope="session")
def citation_records() -> dict[str, Record]:
    result = load_records(RECORDS_DIR)
    assert not result.problems
    return {r.id: r for r in result.records}


@pytest.fixture(scope="session")
def seed() -> Record:
    result = load_records(SEED_DIR)
    return next(r for r in result.records if r.id == "dro-37008")
