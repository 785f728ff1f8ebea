"""Write imported record mappings into a records folder without ever losing anything.

Each mapping is validated by the core validator first (a mapping that fails is reported, not
written), written atomically (temporary file, fsync, rename) and never over an existing file:
a record whose id or DOI is already in the folder is a duplicate unless `update=True`, which
merges the new fields into the old file and keeps every field the source lacks. A deleted OAI
record marks the local record's files withdrawn; the record itself is kept.
"""

from __future__ import annotations

import copy
import errno
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repotui.adapters.fs import FileExistsRefused, atomic_write
from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult, location
from repotui.adapters.importers.common import safe_id
from repotui.core.loader import DEFAULT_MAX_BYTES, find_record_files
from repotui.core.problems import RecordError
from repotui.core.serialize import dump_mapping
from repotui.core.validate import validate
from repotui.core.yamlsafe import NestingError, check_depth, load_with_lines

IMPORTED, UPDATED, UNCHANGED, DUPLICATE, INVALID, WITHDRAWN, FAILED = (
    "imported", "updated", "unchanged", "duplicate", "invalid", "withdrawn", "failed")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one record."""

    status: str
    id: str
    path: Path | None = None
    reason: str = ""
    source: str = ""
    line: int | None = None
    warnings: tuple[str, ...] = ()
    """What the validator dropped while accepting the record (e.g. a non-http file URL)."""

    def location(self) -> str:
        return location(self.source, self.line)


@dataclass
class ImportReport:
    """Every outcome and every source problem of one import or harvest run."""

    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: str = ""
    """Why the run stopped before the end: the records folder cannot be written ("" if it did not)."""

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        """No source problem and no record rejected or failed (duplicates are fine)."""
        return not self.stopped and not self.problems and not any(o.status in (INVALID, FAILED) for o in self.outcomes)


def _deep_merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """New values win; mappings merge key by key; whatever only the old record has is kept."""
    out = copy.deepcopy(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _norm_doi(doi: Any) -> str | None:
    if not isinstance(doi, str) or not doi.strip():
        return None
    text = doi.strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text.strip()


class RecordWriter:
    """Writes into `root`, knowing every id, DOI and OAI identifier already there."""

    def __init__(self, root: Path, *, update: bool = False, dry_run: bool = False,
                 subfolders: bool = True, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        """The loader's `max_record_bytes`: a bigger file would be written only to be refused."""
        self.update = update
        self.dry_run = dry_run
        self.subfolders = subfolders
        self.by_id: dict[str, Path] = {}
        self.by_doi: dict[str, Path] = {}
        self.by_oai: dict[str, Path] = {}
        self.warnings: list[str] = []
        self.stopped = ""
        """Set when the folder itself cannot be written (full, read-only): every later write would
        fail the same way, so the run stops with this one message instead."""
        self._scan()

    def _scan(self) -> None:
        if not self.root.is_dir():
            return
        for path in find_record_files(self.root):
            data = self._read(path)
            if data is None:
                continue
            self._remember(data, path)

    def _remember(self, data: dict[str, Any], path: Path) -> None:
        rid = data.get("id") if isinstance(data.get("id"), str) else path.stem
        self.by_id.setdefault(str(rid), path)
        doi = _norm_doi(data.get("DOI"))
        if doi:
            self.by_doi.setdefault(doi, path)
        repo = data.get("repository")
        if isinstance(repo, dict) and isinstance(repo.get("oai"), str):
            self.by_oai.setdefault(repo["oai"], path)

    @staticmethod
    def _read(path: Path) -> dict[str, Any] | None:
        try:
            text = path.read_text(encoding="utf-8-sig")
            data, _lines, _keep = load_with_lines(text)
        except Exception:  # an unreadable neighbour must not stop an import; `check` reports it
            return None
        return data if isinstance(data, dict) else None

    def target_path(self, record: ImportedRecord) -> Path:
        folder = self.root / safe_id(record.folder) if (self.subfolders and record.folder) else self.root
        return folder / f"{safe_id(record.id)}.yaml"

    def _existing(self, mapping: dict[str, Any]) -> tuple[Path | None, str]:
        rid = str(mapping.get("id", ""))
        if rid in self.by_id:
            return self.by_id[rid], f"id {rid!r} already in {self.by_id[rid]}"
        doi = _norm_doi(mapping.get("DOI"))
        if doi and doi in self.by_doi:
            return self.by_doi[doi], f"DOI {doi} already in {self.by_doi[doi]}"
        return None, ""

    def _check(self, mapping: dict[str, Any], path: Path) -> str | None:
        """The validator's reason the mapping is unusable, or None; warnings go to `self.warnings`."""
        self.warnings = []
        try:
            validate(mapping, {}, path, path.stem, warn=lambda message, _line: self.warnings.append(message))
        except RecordError as exc:
            return exc.message
        except (RecursionError, ValueError, TypeError) as exc:
            return f"record could not be validated ({exc.__class__.__name__})"
        return None

    def write(self, record: ImportedRecord) -> Outcome:
        """Validate and write one record (or withdraw its files if it was deleted upstream)."""
        if record.deleted:
            return self.withdraw(record)
        mapping = record.mapping
        existing, why = self._existing(mapping)
        path = existing or self.target_path(record)
        reason = self._check(mapping, path)
        if reason:
            return _outcome(INVALID, record, None, reason)
        if existing is not None:
            if not self.update:
                return _outcome(DUPLICATE, record, existing, why)
            old = self._read(existing)
            if old is None:
                return _outcome(FAILED, record, existing, "the existing file cannot be read; not updated")
            merged = _deep_merge(old, mapping)
            if "id" in old:
                merged["id"] = old["id"]
            if merged == old:
                return _outcome(UNCHANGED, record, existing)
            reason = self._check(merged, existing)
            if reason:
                return _outcome(INVALID, record, existing, f"merged record is invalid: {reason}")
            return self._put(merged, existing, UPDATED, record, overwrite=True)
        return self._put(mapping, path, IMPORTED, record, overwrite=False)

    def _put(self, mapping: dict[str, Any], path: Path, status: str, record: ImportedRecord, *,
             overwrite: bool) -> Outcome:
        # What the loader would refuse is never written: the size cap and the nesting limit.
        text = dump_mapping(mapping)
        data = text.encode("utf-8")
        if len(data) > self.max_bytes:
            return _outcome(INVALID, record, None, f"the record would be {len(data):,} bytes, more than the limit "
                            f"of {self.max_bytes:,} (max_record_bytes) that repotui reads; not written")
        try:
            check_depth(text)
        except NestingError as exc:
            return _outcome(INVALID, record, None, f"{exc.problem}; not written")
        if not self.dry_run:
            try:
                atomic_write(path, data, overwrite=overwrite)
            except FileExistsRefused:
                return _outcome(DUPLICATE, record, path, f"{path} already exists")
            except OSError as exc:
                if exc.errno in _FOLDER_FAILURES:
                    self.stopped = folder_failure(self.root, exc)
                return _outcome(FAILED, record, path, f"cannot write: {exc.strerror or exc}")
        self._remember(mapping, path)
        return _outcome(status, record, path, warnings=tuple(self.warnings))

    def withdraw(self, record: ImportedRecord) -> Outcome:
        """Deleted upstream: mark the local record's files withdrawn; never delete the record."""
        repository = record.mapping.get("repository")
        oai = repository.get("oai") if isinstance(repository, dict) else None
        path = self.by_id.get(record.id) or (self.by_oai.get(oai) if oai else None)
        if path is None:
            return _outcome(WITHDRAWN, record, None, "deleted in the repository; no local record")
        old = self._read(path)
        if old is None:
            return _outcome(FAILED, record, path, "the existing file cannot be read; not marked")
        new = copy.deepcopy(old)
        files = new.get("files")
        if isinstance(files, list):
            new["files"] = [dict(f, withdrawn=True) if isinstance(f, dict) else f for f in files]
        old_repo = new.get("repository")
        repo: dict[str, Any] = old_repo if isinstance(old_repo, dict) else {}
        new["repository"] = {**repo, "deleted": True, "datestamp": record.datestamp or repo.get("datestamp")}
        new["repository"] = {k: v for k, v in new["repository"].items() if v is not None}
        if new == old:
            return _outcome(UNCHANGED, record, path, "already marked withdrawn")
        out = self._put(new, path, WITHDRAWN, record, overwrite=True)
        if out.status == WITHDRAWN:
            return _outcome(WITHDRAWN, record, path, "deleted in the repository; files marked withdrawn")
        return out


#: Errors that say the folder cannot take files at all, not that one record is wrong.
_FOLDER_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


def folder_failure(root: Path, exc: OSError) -> str:
    """The records folder cannot be written: which one, why, and what to do (records written
    before stay; running the same command again carries on from where it stopped)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what, todo = "the disk is full", "free some space there"
    elif exc.errno == errno.EROFS:
        what, todo = "it is on a read-only file system", "import into a writable folder (-r)"
    else:
        what, todo = "permission denied", "import into a folder you can write (-r)"
    return (f"cannot write records in {root}: {what}; stopped. Records written before are kept; "
            f"{todo} and run the same command again to carry on")


def _outcome(status: str, record: ImportedRecord, path: Path | None, reason: str = "",
             warnings: tuple[str, ...] = ()) -> Outcome:
    """An `Outcome` located where the record came from."""
    return Outcome(status, record.id, path, reason, record.source, record.line, warnings)


def write_result(result: ImportResult, writer: RecordWriter, report: ImportReport,
                 progress: Callable[[Outcome], None] | None = None,
                 cancel: threading.Event | None = None) -> None:
    """Write every record of one parsed source into the report."""
    report.problems.extend(result.problems)
    for record in result.records:
        if (cancel is not None and cancel.is_set()) or writer.stopped:
            break
        outcome = writer.write(record)
        report.outcomes.append(outcome)
        report.warnings.extend(f"{outcome.location()}: {outcome.id}: warning: {w}" for w in outcome.warnings)
        if progress:
            progress(outcome)
    report.stopped = report.stopped or writer.stopped


def import_files(paths: Iterable[Path], records_dir: Path, *, update: bool = False, dry_run: bool = False,
                 format: str | None = None, subfolders: bool = True,
                 progress: Callable[[Outcome], None] | None = None,
                 cancel: threading.Event | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportReport:
    """The whole `repotui import`: detect, parse, validate, write. For the CLI and the TUI alike."""
    from repotui.adapters.importers.detect import read_source

    writer = RecordWriter(records_dir, update=update, dry_run=dry_run, subfolders=subfolders, max_bytes=max_bytes)
    report = ImportReport()
    for path in paths:
        if (cancel is not None and cancel.is_set()) or writer.stopped:
            break
        result = read_source(Path(path), format=format)
        write_result(result, writer, report, progress, cancel)
    return report
