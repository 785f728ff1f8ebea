"""Where downloaded files live in the per-user cache, and whether a record's file is already there."""

from __future__ import annotations

from pathlib import Path

from repotui.adapters.config import Settings
from repotui.adapters.paths import cache_dir
from repotui.core.files import OpenPlan, cache_name, plan_file, url_problem
from repotui.core.model import Record

#: Subfolder of the cache folder holding downloaded files (the index may live beside it).
FILES_FOLDER = "files"


def files_dir() -> Path:
    """`<cache>/files`; computed on call (REPOTUI_CACHE_DIR is honoured), not created here."""
    return cache_dir() / FILES_FOLDER


def cache_path(record: Record, index: int) -> Path | None:
    """Where `record.files[index]` is (or would be) cached; None for a local or unusable file."""
    if not 0 <= index < len(record.files):
        return None
    file = record.files[index]
    if file.path or not file.url or url_problem(file.url):
        return None
    return files_dir() / cache_name(record.id, index, file.url, file.format)


def is_cached(record: Record, index: int) -> bool:
    """True when the remote file at `index` has a complete copy in the cache."""
    path = cache_path(record, index)
    return path is not None and path.is_file()


def cached_flags(record: Record) -> list[bool]:
    """`is_cached` for every file of a record, in order (for the detail pane's files list)."""
    return [is_cached(record, i) for i in range(len(record.files))]


def plan_open(record: Record, records_root: Path, settings: Settings, index: int | None = None) -> OpenPlan:
    """How to open a record's file (its main file when index is None); quick, never raises."""
    return plan_file(record, index, records_root=records_root, cache_folder=files_dir(),
                     allow_outside=settings.allow_outside_paths)
