"""One record file to the rows the index stores for it.

Runs in worker processes too (`pool`), so everything here is module level and picklable, and
the result is plain strings, bytes and tuples (no Record crosses the process boundary).
`loader.load_file` takes its fast path (no line tracking) for plain, valid files and reads
files with problems again with lines, so the index reports what `load_records` reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repotui.core.index.codec import pack, problems_to_json, record_to_json
from repotui.core.index.schema import filter_columns, fts_texts
from repotui.core.loader import load_file
from repotui.core.walk import Found


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one file puts in the index; the record fields are None when it gave no record."""

    rel: str
    size: int
    mtime: int
    rid: str | None
    problems: str | None
    """The file's problems as JSON (`codec.problems_to_json`), None when there are none."""
    columns: tuple[Any, ...] | None
    data: bytes | None
    """The record's JSON, packed with the index's dictionary (`codec.pack`)."""
    texts: tuple[str, ...] | None


def parse_file(root: str, rel: str, size: int, mtime: int, max_bytes: int, zdict: bytes = b"") -> Parsed:
    """Load and validate one file (never raises: problems are part of the result)."""
    record, problems = load_file(Path(root) / rel, max_bytes)
    if record is None:
        return Parsed(rel, size, mtime, None, problems_to_json(problems), None, None, None)
    return Parsed(rel, size, mtime, record.id, problems_to_json(problems), filter_columns(record),
                  pack(record_to_json(record), zdict), fts_texts(record))


def parse_chunk(root: str, items: Sequence[Found], max_bytes: int, zdict: bytes = b"") -> list[Parsed]:
    """A chunk of files: the unit of work a pool process receives."""
    return [parse_file(root, rel, size, mtime, max_bytes, zdict) for rel, size, mtime in items]


def sample_json(root: str, items: Sequence[Found], max_bytes: int, count: int = 40) -> list[str]:
    """The JSON of the first `count` good records among `items`, for the compression dictionary."""
    samples: list[str] = []
    for rel, _size, _mtime in items:
        if len(samples) >= count:
            break
        record, _problems = load_file(Path(root) / rel, max_bytes)
        if record is not None:
            samples.append(record_to_json(record))
    return samples
