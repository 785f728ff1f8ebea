"""Which files under a records folder are records, and in what order: one walker for the loader and the index.

The order is part of the meaning: when two files carry the same id, the first one in this order
keeps it. `loader.load_records` and the index must agree on it, so both walk with
`record_folders`, and `walk_key` rebuilds the same order from stored paths without a walk.

Rules: `*.yaml` and `*.yml` files, sorted by name; in each folder its files first, then its
subfolders (by name); names starting with "." are skipped; directory symlinks are not followed
(no loops), file symlinks are (a user may keep records elsewhere and link them in). Iterative,
not recursive: a folder tree a few thousand levels deep (possible within PATH_MAX) made
os.walk raise RecursionError.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

RECORD_SUFFIXES = (".yaml", ".yml")

FolderError = Callable[[Path, OSError], None]
"""Called as onerror(folder, exc) for a folder that cannot be listed (it is then skipped)."""

Found = tuple[str, int, int]
"""(path relative to the root with "/" separators, size, mtime_ns) of one record file."""


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def record_folders(root: Path, onerror: FolderError | None = None) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """(prefix, record files) for every folder in walk order; prefix is the folder relative to
    root with a trailing "/" ("" for root itself), the files are sorted by name."""
    stack = [(os.fspath(Path(root)), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            if onerror is not None:
                onerror(Path(folder), exc)
            continue
        files: list[os.DirEntry[str]] = []
        folders: list[os.DirEntry[str]] = []
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks, like os.walk's classification
            except OSError:
                is_dir = False
            if not is_dir:
                if name.endswith(RECORD_SUFFIXES):
                    files.append(entry)
            elif not entry.is_symlink():
                folders.append(entry)
        files.sort(key=_name)
        yield prefix, files
        folders.sort(key=_name, reverse=True)
        stack.extend((entry.path, f"{prefix}{entry.name}/") for entry in folders)


def find_record_files(root: Path, onerror: FolderError | None = None) -> Iterator[Path]:
    """Every record file under root, in walk order."""
    for _prefix, files in record_folders(root, onerror):
        for entry in files:
            yield Path(entry.path)


def walk_records(root: Path) -> list[Found]:
    """(relative path, size, mtime_ns) of every record file, in walk order: what the index
    compares with what it stored. Unreadable files get size -1 so they are parsed (and
    reported) every time; folders that cannot be listed are skipped."""
    out: list[Found] = []
    for prefix, files in record_folders(root):
        for entry in files:
            try:
                info = entry.stat()
                out.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
            except OSError:
                out.append((prefix + entry.name, -1, -1))
    return out


def walk_key(rel: str) -> tuple[tuple[int, str], ...]:
    """Sort key giving walk order for relative paths: in each folder its files (by name), then
    its subfolders (by name). Lets the index order problems without walking the folder."""
    parts = rel.split("/")
    return (*((1, d) for d in parts[:-1]), (0, parts[-1]))
