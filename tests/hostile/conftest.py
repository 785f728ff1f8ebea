"""The hostile records folder (tests/fixtures/hostile plus generated cases), built once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.core.loader import LoadResult, load_records
from tests.helpers import make_hostile


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of the hostile folder with symlinks, FIFO, /proc links and huge files added."""
    dest = tmp_path_factory.mktemp("hostile") / "records"
    make_hostile.build(dest)
    return dest


@pytest.fixture(scope="session")
def hostile_result(hostile_dir: Path) -> LoadResult:
    return load_records(hostile_dir)
