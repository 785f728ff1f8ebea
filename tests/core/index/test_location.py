"""When the index's own place cannot be written it lives in one fixed fallback place: reused by
the next run (not built again), moved back once the own place works, never piled up.
(A real full disk is in tests/faults/test_disk_full.py.)"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from repotui.core.index import Library
from repotui.core.index.location import fallback_path, is_write_failure, room_error, why
from tests.core.index.support import assert_same_as_loader


def blocked_home(tmp_path: Path) -> Path:
    """An index path whose folder cannot be made: a file stands where it should be."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    return blocker / "index" / "abc.sqlite"


def test_the_fallback_is_reused_by_the_next_run_then_moves_back(records: Path, tmp_path: Path) -> None:
    home = blocked_home(tmp_path)
    spare = tmp_path / "spare"
    first = Library.open(records, home, workers=0, fallback_dir=spare)
    assert first.db_path == spare / "abc.sqlite"
    assert "cannot write the index in" in first.fallback_reason and str(spare) in first.fallback_reason
    assert first.last_update.added  # built there

    again = Library.open(records, home, workers=0, fallback_dir=spare)
    assert again.db_path == spare / "abc.sqlite"
    assert not again.last_update.added and not again.last_update.rebuilt  # reused, not built anew
    quick = Library.attach(records, home, workers=0, fallback_dir=spare)
    assert quick.count == again.count and quick.fallback_reason  # shown at once from the fallback

    (tmp_path / "cache").unlink()  # the cache folder can be written again
    stats = quick.refresh()
    assert quick.db_path == home and home.is_file()
    assert not stats.rebuilt and not stats.added  # copied back, not rebuilt
    assert quick.fallback_reason == ""
    assert list(spare.iterdir()) == []  # nothing left behind
    assert_same_as_loader(quick, records)


def test_fallback_place_is_private_and_fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    one = fallback_path(Path("/somewhere/index/abc.sqlite"))
    two = fallback_path(Path("/elsewhere/abc.sqlite"))
    assert one == two == tmp_path / f"repotui-{__import__('os').getuid()}" / "abc.sqlite"
    assert one.parent.stat().st_mode & 0o777 == 0o700


def test_a_foreign_fallback_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    planted = tmp_path / f"repotui-{__import__('os').getuid()}"
    planted.symlink_to(tmp_path)  # someone else's link where our folder would be
    place = fallback_path(Path("/x/abc.sqlite"))
    assert place.parent != planted and place.parent.is_dir() and not place.parent.is_symlink()


def test_room_is_checked_before_a_build(tmp_path: Path) -> None:
    error = room_error(tmp_path / "i.sqlite", 10**18)
    assert error is not None and error.errno == errno.ENOSPC
    assert str(tmp_path) in str(error) and "free" in str(error)
    assert why(error).startswith("the disk is full")
    assert room_error(tmp_path / "i.sqlite", 1000) is None


@pytest.mark.parametrize(("exc", "write", "said"), [
    (OSError(errno.ENOSPC, "No space left on device"), True, "the disk is full"),
    (sqlite3.OperationalError("database or disk is full"), True, "the disk is full"),
    (sqlite3.OperationalError("attempt to write a readonly database"), True, "the folder is read-only"),
    (OSError(errno.EROFS, "Read-only file system"), True, "the folder is read-only"),
    (NotADirectoryError(errno.ENOTDIR, "Not a directory"), True, "a file stands where the folder should be"),
    (sqlite3.OperationalError("no such table: fts"), False, "no such table: fts"),
    (sqlite3.OperationalError("database is locked"), False, "database is locked"),
])
def test_write_failures_are_told_apart(exc: BaseException, write: bool, said: str) -> None:
    assert is_write_failure(exc) is write
    assert why(exc) == said
