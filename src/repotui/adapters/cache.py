"""Where downloaded files live in the per-user cache, whether a record's file is already there,
and the typed plan for opening one of a record's files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal, TypeAlias

from repotui.adapters.config import Settings
from repotui.adapters.paths import cache_dir
from repotui.core.files import cache_name, plan_file, url_problem
from repotui.core.model import FileRef, Record

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


# --- the plan: what opening one file takes ------------------------------------------------------
# Three shapes, told apart by `ok` and `needs_download` (typed as literals, so `if not plan.ok:`
# and `if plan.needs_download:` narrow the union for mypy) or by isinstance / match.

@dataclass(frozen=True, slots=True)
class Refused:
    """Nothing can be opened: `refused` says why, in words for the user."""

    record_id: str
    index: int | None
    """The file's number in `record.files` (None when the record has no file to choose)."""
    refused: str
    file: FileRef | None = None
    ok: ClassVar[Literal[False]] = False
    needs_download: ClassVar[Literal[False]] = False


@dataclass(frozen=True, slots=True)
class _Openable:
    """What a plan that opens something has: the file, and its place on disk."""

    record_id: str
    index: int
    file: FileRef
    path: Path
    """The resolved local file, or the file's place in the cache."""
    ok: ClassVar[Literal[True]] = True


@dataclass(frozen=True, slots=True)
class LocalFile(_Openable):
    """A file in the records folder, resolved and checked: open `path` now."""

    needs_download: ClassVar[Literal[False]] = False


@dataclass(frozen=True, slots=True)
class RemoteFile(_Openable):
    """A file on the web: `path` is filled by a download unless `cached`."""

    url: str
    """The checked link (an allowed scheme, no credentials), stripped."""
    cached: bool

    @property
    def needs_download(self) -> bool:
        return not self.cached


FilePlan: TypeAlias = LocalFile | RemoteFile | Refused


def plan_open(record: Record, records_root: Path, settings: Settings, index: int | None = None) -> FilePlan:
    """How to open a record's file (its main file when index is None); quick, never raises.

    The decision is the core's (`core.files.plan_file`: path checks, URL checks, cache name);
    this gives it the shape that says what each outcome carries.
    """
    plan = plan_file(record, index, records_root=records_root, cache_folder=files_dir(),
                     allow_outside=settings.allow_outside_paths)
    if plan.refused is not None or plan.path is None or plan.index is None or plan.file is None:
        return Refused(plan.record_id, plan.index, plan.refused or "nothing to open", plan.file)
    if plan.url is None:
        return LocalFile(plan.record_id, plan.index, plan.file, plan.path)
    return RemoteFile(plan.record_id, plan.index, plan.file, plan.path, plan.url, plan.cached)
