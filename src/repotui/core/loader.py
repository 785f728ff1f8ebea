"""Read a folder of YAML records: every good record loads, every bad file becomes a LoadProblem.

Nothing here raises on bad data. Files are read as bytes with a size cap, decoded as strict
UTF-8 (a byte-order mark is allowed), parsed with the safe libyaml loader and validated.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from repotui.core.model import Record
from repotui.core.problems import LoadProblem, RecordError, Severity
from repotui.core.validate import validate
from repotui.core.yamlsafe import load_with_lines

RECORD_SUFFIXES = (".yaml", ".yml")
#: Files larger than this are refused unread (configurable as `max_record_bytes`).
DEFAULT_MAX_BYTES = 8 * 1024 * 1024


@dataclass
class LoadResult:
    """What a folder held: the usable records (in path order) and everything wrong with it."""

    records: list[Record] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[LoadProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def find_record_files(root: Path) -> Iterator[Path]:
    """Every `*.yaml`/`*.yml` file under root, sorted, skipping hidden folders.

    Directory symlinks are not followed (no loops); file symlinks are, because a user may
    keep records elsewhere and link them in.
    """
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(RECORD_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        raise UnicodeError("the file is UTF-16 or binary, not UTF-8")
    return raw.decode("utf-8-sig")


def _yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    reason = problem or str(exc).splitlines()[0]
    if reason and "constructor for the tag" in reason:
        return f"unsafe or unknown YAML tag refused ({reason.split('tag', 1)[1].strip()[:80]})"
    if context and problem and "duplicate key" not in problem:
        return f"YAML syntax error: {problem} ({context})"
    return f"YAML syntax error: {reason}" if "duplicate" not in (reason or "") else reason


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Record | None, list[LoadProblem]]:
    """One file to one record (or None) and its problems. Never raises."""
    problems: list[LoadProblem] = []

    def problem(message: str, line: int | None = None, severity: Severity = Severity.ERROR) -> None:
        problems.append(LoadProblem(path, message, line, severity=severity))

    try:
        if not path.is_file():
            problem("not a regular file (a dangling symlink, a folder or a device)")
            return None, problems
        size = path.stat().st_size
        if size > max_bytes:
            problem(f"file is {size:,} bytes, more than the limit of {max_bytes:,} (max_record_bytes)")
            return None, problems
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
        if len(raw) > max_bytes:
            problem(f"file grew past the limit of {max_bytes:,} bytes while being read")
            return None, problems
    except OSError as exc:
        problem(f"cannot read the file: {exc.strerror or exc.__class__.__name__}")
        return None, problems
    try:
        text = _decode(raw)
    except UnicodeError as exc:
        where = getattr(exc, "start", None)
        line = raw[:where].count(b"\n") + 1 if isinstance(where, int) else None
        reason = str(exc) if "UTF-16" in str(exc) else "the file is not valid UTF-8"
        problem(reason, line)
        return None, problems
    try:
        data, lines, _keep = load_with_lines(text)
    except yaml.YAMLError as exc:
        problem(_yaml_reason(exc), _yaml_line(exc))
        return None, problems
    except RecursionError:
        problem("the YAML is nested too deeply")
        return None, problems
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:
        problem(f"YAML could not be read: {exc.__class__.__name__}")
        return None, problems
    if data is None:
        problem("the file is empty (no fields)", 1)
        return None, problems
    try:
        record = validate(data, lines, path, path.stem,
                          warn=lambda msg, line: problem(msg, line, Severity.WARNING))
    except RecordError as exc:
        problem(exc.message, exc.line)
        return None, problems
    except RecursionError:
        problem("the record is nested too deeply")
        return None, problems
    return record, problems


def load_records(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load every record under root. Ids are unique: the first file (in path order) keeps an id."""
    result = LoadResult()
    root = Path(root)
    if not root.is_dir():
        result.problems.append(LoadProblem(root, "the records folder does not exist or is not a folder"))
        return result
    seen: dict[str, Path] = {}
    for path in find_record_files(root):
        record, problems = load_file(path, max_bytes)
        result.problems.extend(problems)
        if record is None:
            continue
        if record.id in seen:
            result.problems.append(LoadProblem(
                path, f"duplicate id {record.id!r} (already used by {seen[record.id]})", None))
            continue
        seen[record.id] = path
        result.records.append(record)
    return result
