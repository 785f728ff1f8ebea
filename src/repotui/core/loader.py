"""Read a folder of YAML records: every good record loads, every bad file becomes a LoadProblem.

Nothing here raises on bad data. Files are read as bytes with a size cap, decoded as strict
UTF-8 (a byte-order mark is allowed), parsed with the safe libyaml loader and validated.

Two ways through a file, one result: most files are plain and valid, so they are parsed by
`yamlsafe.load_plain` and validated without line numbers; a file that is not plain, or that
the validator refuses or warns about, is read again with line tracking, which is what reports
its problems. Either way `load_file` returns the same record and the same problems
(`track_lines=True` forces the second way; a test compares both on every fixture).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from repotui.core.model import Record
from repotui.core.problems import LoadProblem, RecordError, Severity
from repotui.core.text import display_path
from repotui.core.validate import validate
from repotui.core.walk import find_record_files as find_record_files  # re-exported: the loader's walk order
from repotui.core.yamlsafe import MergeBombError, NestingError, NotPlain, load_plain, load_with_lines

Parsed = tuple[Any, dict[int, dict[Any, int]], list[Any]]
"""A YAML document, the line of each mapping key (by id of the mapping), and those mappings."""
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


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        raise UnicodeError("the file is UTF-16 or binary, not UTF-8")
    return raw.decode("utf-8-sig")


def _yaml_line(exc: yaml.YAMLError, text: str = "") -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(exc, "position", None)  # a ReaderError (e.g. a raw control character)
    if isinstance(position, int) and 0 <= position <= len(text):
        return text.count("\n", 0, position) + 1
    return None


def _safe_message(message: str) -> str:
    """Problems are printed by `check` and shown by the TUI: any control or invisible character
    (or undecodable file-name byte) that slipped into a reason is shown as an escape."""
    return display_path(message)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    reason = problem or str(exc).splitlines()[0]
    if problem and "maximum nesting depth" in problem:  # the scanner's own limit (PyYAML 6.0.4's libyaml)
        return "collections are nested too deeply (more than the YAML parser's limit)"
    if context and "expected a single document" in context:
        return "more than one YAML document (---) in the file; a file holds one record"
    if reason and "constructor for the tag" in reason:
        return f"unsafe or unknown YAML tag refused ({reason.split('tag', 1)[1].strip()[:80]})"
    if context and problem and "duplicate key" not in problem:
        return f"YAML syntax error: {problem} ({context})"
    return f"YAML syntax error: {reason}" if "duplicate" not in (reason or "") else reason


def _read_capped(path: Path, max_bytes: int, problem: Callable[[str], None]) -> bytes | None:
    """The file's bytes, or None after reporting why not.

    Opened non-blocking and checked on the open descriptor, so a file swapped for a FIFO or a
    device between the folder walk and the read can neither block nor feed us endless data.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            problem("dangling symlink: the file it points to does not exist")
        else:
            problem("the file disappeared while the folder was being read")
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problem("symlink loop: the link points back to itself")
        elif exc.errno == errno.EISDIR:
            problem("not a regular file but a folder")
        else:
            problem(f"cannot read the file: {exc.strerror or exc.__class__.__name__}")
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, socket or device"
            problem(f"not a regular file but {kind}")
            return None
        if info.st_size > max_bytes:
            problem(f"file is {info.st_size:,} bytes, more than the limit of {max_bytes:,} (max_record_bytes)")
            return None
        raw = _read_all(fd, info.st_size, max_bytes)
    except OSError as exc:
        problem(f"cannot read the file: {exc.strerror or exc.__class__.__name__}")
        return None
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        problem(f"file grew past the limit of {max_bytes:,} bytes while being read (max_record_bytes)")
        return None
    return raw


def _read_all(fd: int, size: int, max_bytes: int) -> bytes:
    """Up to max_bytes + 1 bytes: the size the file had plus one (so growth shows), then more
    while it keeps growing. Asking for max_bytes + 1 at once made Python allocate (and free)
    an 8 MB buffer for every 1.5 KB record."""
    chunks: list[bytes] = []
    got, want = 0, size + 1
    while got <= max_bytes:
        data = os.read(fd, min(want, max_bytes + 1 - got))
        if not data:
            break
        chunks.append(data)
        got += len(data)
        want = 1 << 16
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _parse_yaml(text: str, problem: Callable[[str, int | None], None]) -> Parsed | None:
    """`load_with_lines(text)`, or None after reporting why the YAML cannot be read."""
    try:
        return load_with_lines(text)
    except (NestingError, MergeBombError) as exc:
        problem(str(exc.problem), _yaml_line(exc))
        return None
    except yaml.YAMLError as exc:
        problem(_yaml_reason(exc), _yaml_line(exc, text))
        return None
    except RecursionError:
        problem("the YAML is nested too deeply", None)
        return None
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:
        if "integer string conversion" in str(exc):
            problem("a number in the file has more than 4,300 digits", None)
        else:
            problem(f"YAML could not be read: {exc.__class__.__name__}", None)
        return None
    except Exception as exc:  # never raise: an unforeseen parser failure costs one file
        problem(f"YAML could not be read ({exc.__class__.__name__}: {str(exc)[:120]})", None)
        return None


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
              track_lines: bool = False) -> tuple[Record | None, list[LoadProblem]]:
    """One file to one record (or None) and its problems. Never raises.

    `track_lines=False` tries the fast path first (see the module docstring); the result is
    the same either way."""
    problems: list[LoadProblem] = []

    def problem(message: str, line: int | None = None, severity: Severity = Severity.ERROR) -> None:
        problems.append(LoadProblem(path, _safe_message(message), line, severity=severity))

    raw = _read_capped(path, max_bytes, problem)
    if raw is None:
        return None, problems
    try:
        text = _decode(raw)
    except UnicodeError as exc:
        where = getattr(exc, "start", None)
        line = raw[:where].count(b"\n") + 1 if isinstance(where, int) else None
        reason = str(exc) if "UTF-16" in str(exc) else "the file is not valid UTF-8"
        problem(reason, line)
        return None, problems
    if not track_lines:
        record = _plain_record(text, path)
        if record is not None:
            return record, problems
    return _tracked_record(text, path, problem), problems


def _plain_record(text: str, path: Path) -> Record | None:
    """The record when the file is plain YAML and valid without a warning; None when the
    line-tracking path must read it (it also finds the lines of whatever is wrong)."""
    try:
        data, nodes = load_plain(text)
    except (NotPlain, yaml.YAMLError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    warned: list[str] = []
    try:
        record = validate(data, {}, path, path.stem, warn=lambda message, _line: warned.append(message),
                          nodes=nodes)
    except Exception:  # RecordError and anything else: the tracked path reports it
        return None
    return None if warned else record


def _tracked_record(text: str, path: Path, problem: Callable[..., None]) -> Record | None:
    """Parse with line tracking and validate; every problem goes to `problem` with its line."""
    parsed = _parse_yaml(text, problem)
    if parsed is None:
        return None
    data, lines, _keep = parsed  # _keep: the mappings `lines` refers to by id stay alive while validating
    if data is None:
        problem("the file is empty (no fields)", 1)
        return None
    try:
        return validate(data, lines, path, path.stem,
                        warn=lambda msg, line: problem(msg, line, Severity.WARNING))
    except RecordError as exc:
        problem(exc.message, exc.line)
        return None
    except RecursionError:
        problem("the record is nested too deeply")
        return None
    except Exception as exc:  # the contract is "never raises": a validator bug must cost one file, not the folder
        problem(f"the record could not be read ({exc.__class__.__name__}: {str(exc)[:120]})")
        return None


def load_records(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load every record under root. Ids are unique: the first file (in path order) keeps an id."""
    result = LoadResult()
    root = Path(root)
    if not root.is_dir():
        result.problems.append(LoadProblem(root, "the records folder does not exist or is not a folder"))
        return result
    seen: dict[str, Path] = {}

    def unlisted(folder: Path, exc: OSError) -> None:
        result.problems.append(LoadProblem(
            folder, _safe_message(f"cannot read the folder: {exc.strerror or exc.__class__.__name__}")))

    for path in find_record_files(root, unlisted):
        record, problems = load_file(path, max_bytes)
        result.problems.extend(problems)
        if record is None:
            continue
        if record.id in seen:
            result.problems.append(LoadProblem(
                path, _safe_message(f"duplicate id {record.id!r} (already used by {seen[record.id]})"), None))
            continue
        seen[record.id] = path
        result.records.append(record)
    return result
