"""The hostile records folder (tests/fixtures/hostile plus generated cases), built once per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from repotui.core.loader import LoadResult, load_records
from tests.helpers import make_hostile
from tests.helpers.pilot import FIXTURE_RECORDS


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh copy of the hostile folder with symlinks, FIFO, /proc links and huge files added."""
    dest = tmp_path_factory.mktemp("hostile") / "records"
    make_hostile.build(dest)
    return dest


@pytest.fixture(scope="session")
def hostile_result(hostile_dir: Path) -> LoadResult:
    return load_records(hostile_dir)


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A writable copy of the app's fixture records (hostile values go into state and config)."""
    target = tmp_path / "records"
    shutil.copytree(FIXTURE_RECORDS, target)
    return target
