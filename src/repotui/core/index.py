"""The on-disk index: parsed records and a full-text index in one SQLite file per records folder.

Why: parsing 100,000 YAML files takes tens of seconds; reading them back from SQLite takes a
fraction of that, and FTS5 answers a search in milliseconds. The index is a cache: it is
brought up to date on every open (only files whose size or mtime_ns changed are parsed again)
and rebuilt from scratch when it is missing, corrupt or from another schema version.

Layout (the caller chooses the db path; core never looks up user folders):

* ``files``: one row per record file (relative path, size, mtime_ns, record id, the columns
  filters and sorts need); ``problems`` holds each file's LoadProblems as JSON. ``active`` marks the file whose record owns its id:
  the first file in path order, exactly as ``loader.load_records`` decides.
* ``recs``: the record as JSON (our own field-for-field form; never pickle).
* ``fts``: a contentless FTS5 table (title, people, abstract, keywords, journal, doi) over
  folded text, so "orsted" finds "Ørsted".

`Library` is the facade the TUI and CLI use; it is safe to call from several threads (one
SQLite connection per thread, writes serialised by a lock).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sqlite3
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import compress, filterfalse, repeat
from pathlib import Path
from typing import Any

from repotui.core.facets import FacetValue, build_facets
from repotui.core.loader import DEFAULT_MAX_BYTES, RECORD_SUFFIXES, load_file
from repotui.core.model import (
    DateKind,
    FileRef,
    Licence,
    PartialDate,
    Person,
    Record,
    Repository,
    Status,
)
from repotui.core.problems import LoadProblem, Severity
from repotui.core.query import (
    Query,
    fast_fold,
    is_pdf_available,
    licence_key,
    normal_doi,
    parse_query,
    search_fields,
    type_slug,
)
from repotui.core.sorting import DEFAULT_SORT, ORDER_SQL, SortField, parse_sort, sort_keys

#: Bump when the tables, the JSON form or the folding change: older files are rebuilt.
SCHEMA_VERSION = 2
#: Parse in worker processes when at least this many files changed (and there are 2+ cores).
POOL_THRESHOLD = 2000
_CHUNK = 400
_FTS_COLUMNS = ("title", "people", "abstract", "keywords", "journal", "doi")

Progress = Callable[[int, int], None]
"""Called as progress(done, total) while files are parsed."""


class IndexCancelled(Exception):
    """The cancel event was set. What was parsed so far is kept; the next open continues."""


# -- records as JSON ---------------------------------------------------------------------------

#: Record's optional text fields and the CSL variable each usually equals ("" for none).
_STR_FIELDS = {
    "container_title": "container-title", "volume": "volume", "issue": "issue", "page": "page",
    "number": "number", "doi": "DOI", "url": "URL", "issn": "ISSN", "isbn": "ISBN", "publisher": "publisher",
    "publisher_place": "publisher-place", "genre": "genre", "event_title": "event-title",
    "abstract": "abstract", "publisher_statement": "", "house_citation": "",
}


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    """Text SQLite can store: lone surrogates (from undecodable file names) become U+FFFD."""
    return value if value.isascii() or not _SURROGATE.search(value) else _SURROGATE.sub("\ufffd", value)


def _key(value: str) -> str | bytes:
    """A path or id stored exactly: as text, or as UTF-8 bytes with its lone surrogates kept."""
    return value if value.isascii() or not _SURROGATE.search(value) else value.encode("utf-8", "surrogatepass")


def _unkey(value: str | bytes) -> str:
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else value


def _json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text if text.isascii() or not _SURROGATE.search(text) else json.dumps(data, separators=(",", ":"))


def _date(d: PartialDate | None) -> list[int | None] | None:
    return [d.year, d.month, d.day] if d else None


def _undate(v: list[int | None] | None) -> PartialDate | None:
    return PartialDate(*v) if v else None  # type: ignore[arg-type]


def _person(p: Person) -> list[str | None]:
    return [p.family, p.given, p.literal, p.suffix, p.particle, p.orcid]


def record_to_json(record: Record) -> str:
    """Every field of the record except its path (which the index keeps relative)."""
    data: dict[str, Any] = {
        "id": record.id, "title": record.title, "type": record.type,
        "authors": [_person(p) for p in record.authors],
        "editors": [_person(p) for p in record.editors],
        "issued": _date(record.issued),
        "keywords": list(record.keywords),
        "licence": [record.licence.id, record.licence.name, record.licence.url] if record.licence else None,
        "dates": [[k.value, _date(v)] for k, v in record.dates],
        "status": [record.status.peer_reviewed, record.status.full_text, record.status.version],
        "files": [[f.path, f.url, f.format, f.version, f.size, f.label, f.withdrawn] for f in record.files],
        "repository": [record.repository.name, record.repository.id, record.repository.url,
                       record.repository.oai, record.repository.datestamp],
        "extra": [list(kv) for kv in record.extra],
        "csl": record.csl,
    }
    for name, key in _STR_FIELDS.items():
        value = getattr(record, name)
        if value != record.csl.get(key):  # most equal their CSL variable: stored once, in csl
            data[name] = value
    return _json(data)


def record_from_json(text: str, path: Path) -> Record:
    """The inverse of record_to_json."""
    d = json.loads(text)
    lic = d["licence"]
    return Record(
        id=d["id"], title=d["title"], path=path, type=d["type"],
        authors=tuple(Person(*p) for p in d["authors"]),
        editors=tuple(Person(*p) for p in d["editors"]),
        issued=_undate(d["issued"]),
        keywords=tuple(d["keywords"]),
        licence=Licence(*lic) if lic else None,
        dates=tuple((DateKind(k), PartialDate(*v)) for k, v in d["dates"]),
        status=Status(*d["status"]),
        files=tuple(FileRef(*f) for f in d["files"]),
        repository=Repository(*d["repository"]),
        extra=tuple((k, v) for k, v in d["extra"]),
        csl=d["csl"],
        **{name: d[name] if name in d else d["csl"].get(key) for name, key in _STR_FIELDS.items()},
    )


def _fts_texts(record: Record) -> tuple[str, ...]:
    return tuple(_text(fast_fold(t)) for t in search_fields(record))


def _columns(record: Record) -> tuple[Any, ...]:
    keys = sort_keys(record)
    lic = record.licence
    return tuple(_text(v) if isinstance(v, str) else v for v in (record.type, record.type.lower(), type_slug(record.type),
            record.published.year if record.published else None,
            keys.published, keys.deposited, keys.title, keys.author,
            (lic.id or lic.name or lic.url or "") if lic else "", licence_key(record),
            int(record.is_open_access), int(is_pdf_available(record)), int(bool(record.abstract)),
            normal_doi(record.doi or "")))


_COLUMN_NAMES = ("type", "ltype", "tslug", "year", "pub", "dep", "tkey", "akey", "licence", "lic",
                 "oa", "haspdf", "hasabs", "doi")

# -- walking and parsing (module level so worker processes can run it) ------------------------


@dataclass(frozen=True, slots=True)
class _Parsed:
    rel: str
    size: int
    mtime: int
    rid: str | None
    problems: str | None
    columns: tuple[Any, ...] | None
    json: str | None
    texts: tuple[str, ...] | None


def _problems_json(problems: list[LoadProblem]) -> str | None:
    if not problems:
        return None
    return _json([[p.message, p.line, p.column, p.severity.value] for p in problems])


def _parse_one(root: str, rel: str, size: int, mtime: int, max_bytes: int) -> _Parsed:
    record, problems = load_file(Path(root) / rel, max_bytes)
    if record is None:
        return _Parsed(rel, size, mtime, None, _problems_json(problems), None, None, None)
    return _Parsed(rel, size, mtime, record.id, _problems_json(problems), _columns(record),
                   record_to_json(record), _fts_texts(record))


def _parse_chunk(root: str, items: Sequence[tuple[str, int, int]], max_bytes: int) -> list[_Parsed]:
    return [_parse_one(root, rel, size, mtime, max_bytes) for rel, size, mtime in items]


def walk_key(rel: str) -> tuple[tuple[int, str], ...]:
    """Sort key giving `walk_records` order: in each folder its files (by name), then its
    subfolders (by name). Lets the index order problems without walking the folder."""
    parts = rel.split("/")
    return (*((1, d) for d in parts[:-1]), (0, parts[-1]))


def walk_records(root: Path) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime_ns) of every record file, in `loader.find_record_files` order.

    The order matters: the first file with an id owns it. Unreadable files get size -1 so
    they are parsed (and reported) every time.
    """
    out: list[tuple[str, int, int]] = []
    stack = [(str(root), "")]  # iterative, like find_record_files: deep trees must not recurse
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        dirs, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        for entry in sorted(files, key=lambda e: e.name):
            name = entry.name
            if name.endswith(RECORD_SUFFIXES) and not name.startswith("."):
                try:
                    st = entry.stat()
                    out.append((prefix + name, st.st_size, st.st_mtime_ns))
                except OSError:
                    out.append((prefix + name, -1, -1))
        subfolders = [e for e in sorted(dirs, key=lambda e: e.name)
                      if not e.name.startswith(".") and not e.is_symlink()]
        stack.extend((e.path, f"{prefix}{e.name}/") for e in reversed(subfolders))
    return out


# -- results ------------------------------------------------------------------------------------


class IdList(Sequence[str]):
    """The ordered record ids of a search result, turned into strings only when read.

    Building a list of 100k id strings costs about 10 ms (a cache miss per string); the list
    pane reads a screenful. Behaves as a read-only list: len, [i], slices, iteration, index,
    `in`, and == against a list.
    """

    __slots__ = ("_fid_of", "_rid_of", "fids")

    def __init__(self, fids: list[int], rid_of: dict[int, str], fid_of: dict[str, int]) -> None:
        self.fids = fids
        """File ids in order (the index's own handle on each record)."""
        self._rid_of = rid_of
        self._fid_of = fid_of

    def __len__(self) -> int:
        return len(self.fids)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._rid_of[f] for f in self.fids[index]]
        return self._rid_of[self.fids[index]]

    def __iter__(self) -> Iterator[str]:
        return map(self._rid_of.__getitem__, self.fids)

    def __contains__(self, rid: object) -> bool:
        fid = self._fid_of.get(rid) if isinstance(rid, str) else None
        return fid is not None and fid in self.fids

    def index(self, rid: Any, start: int = 0, stop: int = sys.maxsize) -> int:
        fid = self._fid_of.get(rid) if isinstance(rid, str) else None
        if fid is None:
            raise ValueError(f"{rid!r} is not in the result")
        return self.fids.index(fid, start, stop)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IdList):
            return (self.fids == other.fids and self._rid_of is other._rid_of) or list(self) == list(other)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(rid) for rid in self[:5])
        return f"IdList([{head}{', …' if len(self) > 5 else ''}], {len(self):,} ids)"


@dataclass(frozen=True)
class SearchResult:
    """Ordered record ids for one query; `total` is the size of the whole library."""

    ids: Sequence[str]
    total: int
    elapsed_ms: float
    hint: str = ""
    query: Query = field(default_factory=Query)
    sort: SortField = DEFAULT_SORT
    reverse: bool = False

    def status_text(self) -> str:
        """`312 of 100,000 records · 4 ms`, the status line under the list."""
        return f"{len(self.ids):,} of {self.total:,} records · {self.elapsed_ms:.0f} ms"


@dataclass
class UpdateStats:
    """What an open or refresh did."""

    added: list[str] = field(default_factory=list)
    """Relative paths of new files."""
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    seconds: float = 0.0
    rebuilt: str = ""
    """Why the index was rebuilt from scratch ("" when it was updated in place)."""
    changed_ids: set[str] = field(default_factory=set)
    """Record ids whose record may differ now (added, edited, removed or re-owned)."""
    looked: bool = True
    """False after `open(update=False)`: the folder was not compared with the index yet."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.changed_ids)

    def summary(self) -> str:
        if not self.looked:
            return f"index opened as it was: {self.unchanged:,} records in {self.seconds:.2f} s (not checked yet)"
        how = f"rebuilt ({self.rebuilt})" if self.rebuilt else "updated"
        return (f"index {how}: {len(self.added):,} added, {len(self.updated):,} updated, "
                f"{len(self.removed):,} removed, {self.unchanged:,} unchanged in {self.seconds:.2f} s")


# -- the library --------------------------------------------------------------------------------

_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(
  fid INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
  rid TEXT, active INTEGER NOT NULL DEFAULT 0,
  {", ".join(_COLUMN_NAMES)});
CREATE TABLE problems(fid INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE INDEX files_losers ON files(rid) WHERE active = 0 AND rid IS NOT NULL;
CREATE INDEX files_rid ON files(rid);
CREATE INDEX files_by_published ON files(active, pub DESC, tkey, rid);
CREATE INDEX files_by_deposited ON files(active, dep DESC, pub DESC, tkey, rid);
CREATE INDEX files_by_title ON files(active, tkey, pub DESC, rid);
CREATE INDEX files_by_author ON files(active, akey = '', akey, pub DESC, rid);
CREATE TABLE recs(fid INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(_FTS_COLUMNS)}, content='', columnsize=0,
  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
"""


class Library:
    """One records folder through its index: search, fetch, facets, refresh.

    Create with `Library.open(...)` from a worker thread (it may parse for a while); every
    other call is quick and may run on any thread.
    """

    def __init__(self, root: Path, db_path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                 workers: int | None = None) -> None:
        self.root = Path(root)
        self.db_path = Path(db_path)
        self.max_bytes = max_bytes
        self.workers = workers
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.RLock()  # guards the in-memory state (held briefly)
        self._write_lock = threading.RLock()  # one refresh at a time; searches do not wait for it
        self._rid_of: dict[int, str] = {}
        self._fid_of: dict[str, int] = {}
        self._orders: dict[SortField, list[int]] = {}
        self._ranks: dict[SortField, tuple[list[int], dict[int, int]]] = {}
        self._sets: _Sets | None = None
        self._cache: OrderedDict[str, Record] = OrderedDict()
        self._last: tuple[IdList | None, set[int] | None] = (None, None)
        self._top_fid = 0  # the largest file id in any cached order (sizes the masks)
        self._epoch = 0  # bumped whenever the derived state is dropped
        self.fallback_reason = ""
        """Set when the index lives in a temporary folder because db_path was unusable."""
        self.problems: list[LoadProblem] = []
        """Every problem, in path order, as `loader.load_records` would report them."""
        self.last_update = UpdateStats()
        self._generation: object = None  # meta 'generation' when the in-memory caches were made

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, records_dir: Path, db_path: Path, progress: Progress | None = None,
             cancel: threading.Event | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
             workers: int | None = None, rebuild: bool = False, update: bool = True) -> Library:
        """Open (creating or repairing) the index for records_dir and bring it up to date.

        `update=False` trusts a complete index as it is, without looking at the folder (a
        fraction of a second at 100k records): show it, then call `refresh()` from a worker.
        `workers`: processes for parsing (None: 2 when many files changed and there are 2+
        cores; 0: parse in this thread). Raises IndexCancelled when `cancel` is set.
        """
        library = cls(records_dir, db_path, max_bytes, workers)
        if not (update or rebuild) and library._open_as_is():
            return library
        try:
            library.refresh(progress, cancel, rebuild=rebuild)
        except (OSError, sqlite3.OperationalError) as exc:
            if _is_busy(exc):
                raise
            # The cache folder is unusable (read-only, full, not a folder): index in a temp folder
            # for this run rather than show nothing.
            import tempfile

            library.close()
            fallback = Path(tempfile.mkdtemp(prefix="repotui-index-")) / "index.sqlite"
            library = cls(records_dir, fallback, max_bytes, workers)
            library.fallback_reason = f"the index file {db_path} cannot be used ({exc}); using {fallback}"
            library.refresh(progress, cancel)
        return library

    def _open_as_is(self) -> bool:
        """Load the state of a complete, current index without walking the folder."""
        started = time.perf_counter()
        with self._write_lock, self._lock:
            try:
                if self._check():
                    return False
                conn = self._connect()
                if conn.execute("SELECT value FROM meta WHERE key='complete'").fetchone() != ("1",):
                    return False
                self._load_state(conn)
            except sqlite3.DatabaseError:
                return False
            self.last_update = UpdateStats(unchanged=self.count, seconds=time.perf_counter() - started,
                                           looked=False)
            return True

    @property
    def count(self) -> int:
        return len(self._rid_of)

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.db_path, timeout=10, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA cache_size=-32000")
            except sqlite3.DatabaseError:
                conn.close()
                raise
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        """Close this thread's connection and forget the others (they close when their thread ends)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        with self._lock:
            self._connections.clear()

    def _drop_connections(self) -> None:
        with self._lock:
            for conn in self._connections:
                # One from another thread cannot be closed here; it is dropped with its thread-local.
                with contextlib.suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    def _check(self) -> str:
        """"" when the file is a current index for this folder, else why it must be rebuilt."""
        if not self.db_path.exists():
            return "no index yet"
        try:
            conn = self._connect()
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            conn.execute("SELECT count(*) FROM files").fetchone()
            conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'x' LIMIT 1").fetchall()
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise  # in use by another process: not a reason to throw it away
            return f"unreadable index ({exc})"
        except sqlite3.DatabaseError as exc:
            return f"unreadable index ({exc})"
        if rows.get("schema") != str(SCHEMA_VERSION):
            return f"schema version {rows.get('schema')} is not {SCHEMA_VERSION}"
        return ""

    def _create(self) -> None:
        with self._lock:
            self._forget()
            self._rid_of, self._fid_of = {}, {}
        self._drop_connections()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        conn.executescript(_SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('schema', ?), ('root', ?)",
                     (str(SCHEMA_VERSION), str(self.root.resolve())))

    # -- updating -----------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, cancel: threading.Event | None = None,
                rebuild: bool = False) -> UpdateStats:
        """Parse what changed on disk since the last look; returns what changed."""
        started = time.perf_counter()
        with self._write_lock:
            reason = "asked to rebuild" if rebuild else self._check()
            if reason:
                self._create()
            try:
                try:
                    stats = self._update(progress, cancel)
                except sqlite3.IntegrityError:  # another process stored the same files meanwhile
                    stats = self._update(progress, cancel)
            except sqlite3.DatabaseError as exc:
                if _is_busy(exc) or reason:
                    raise  # another process holds the index (not damage), or a fresh one failed
                reason = f"damaged index ({exc})"
                self._create()
                stats = self._update(progress, cancel)
            stats.rebuilt = reason
            stats.seconds = time.perf_counter() - started
            with self._lock:
                self.last_update = stats
            return stats

    def _update(self, progress: Progress | None, cancel: threading.Event | None) -> UpdateStats:
        stats = UpdateStats()
        if not self.root.is_dir():
            with self._lock:
                self.problems = [LoadProblem(self.root, "the records folder does not exist or is not a folder")]
                self._rid_of, self._fid_of = {}, {}
                self._forget()
            return stats
        conn = self._connect()
        walked = walk_records(self.root)
        stored = {_unkey(path): [fid, None if rid is None else _unkey(rid), active, size, mtime]
                  for fid, path, size, mtime, rid, active in conn.execute(
                      "SELECT fid, path, size, mtime, rid, active FROM files")}
        todo = []
        for rel, size, mtime in walked:
            old = stored.get(rel)
            if old is None:
                stats.added.append(rel)
                todo.append((rel, size, mtime))
            elif old[3] != size or old[4] != mtime or size < 0:
                stats.updated.append(rel)
                todo.append((rel, size, mtime))
            else:
                stats.unchanged += 1
        present = {rel for rel, _s, _m in walked}
        stats.removed = [rel for rel in stored if rel not in present]
        if stats.removed:
            conn.execute("BEGIN")
            for rel in stats.removed:
                fid, rid, _active, _s, _m = stored.pop(rel)
                self._delete_fts(conn, fid, rid)
                if rid is not None:
                    stats.changed_ids.add(rid)
                for table in ("files", "recs", "problems"):
                    conn.execute(f"DELETE FROM {table} WHERE fid=?", (fid,))
            conn.execute("COMMIT")
        if todo:
            # Until this update finishes, `open(update=False)` must not trust the index.
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '0')")
            self._store_parsed(conn, todo, stored, stats, progress, cancel)
        self._assign_owners(conn, walked, stored, stats)
        if stats.changed:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', "
                         "(SELECT coalesce(max(CAST(value AS INTEGER)), 0) + 1 FROM meta WHERE key='generation'))")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '1')")
        with self._lock:
            self._load_state(conn)
        return stats

    def _load_state(self, conn: sqlite3.Connection) -> None:
        """Ids, problems and the default order from the index alone (no look at the folder)."""
        generation = conn.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        if generation == self._generation and self._orders:
            return  # nothing changed since the caches were made
        self._forget()
        self._generation = generation
        rows = conn.execute(
            f"SELECT fid, rid FROM files WHERE active=1 ORDER BY {ORDER_SQL[DEFAULT_SORT]}").fetchall()
        fids = [fid for fid, _rid in rows]
        rids = [rid if rid.__class__ is str else _unkey(rid) for _fid, rid in rows]
        self._orders[DEFAULT_SORT] = fids
        self._top_fid = max(self._top_fid, max(fids, default=0))  # never shrinks: old orders may be in use
        self._fid_of = dict(zip(rids, fids, strict=True))
        self._rid_of = dict(zip(fids, rids, strict=True))
        entries: list[tuple[tuple[tuple[int, str], ...], int, list[LoadProblem]]] = []
        for path, text in conn.execute("SELECT f.path, p.json FROM problems p JOIN files f ON f.fid = p.fid"):
            rel = _unkey(path)
            entries.append((walk_key(rel), 0, [LoadProblem(self.root / rel, m, line, col, Severity(sev))
                                               for m, line, col, sev in json.loads(text)]))
        for path, rid in conn.execute("SELECT path, rid FROM files WHERE active = 0 AND rid IS NOT NULL"):
            rel, rid = _unkey(path), _unkey(rid)
            owner = self._fid_of.get(rid)
            row = conn.execute("SELECT path FROM files WHERE fid=?", (owner,)).fetchone() if owner else None
            if row is None:
                continue  # ownership not settled yet (an interrupted build); the next update settles it
            entries.append((walk_key(rel), 1, [LoadProblem(
                self.root / rel, f"duplicate id {rid!r} (already used by {self.root / _unkey(row[0])})", None)]))
        entries.sort(key=lambda e: (e[0], e[1]))
        self.problems = [p for _key, _n, found in entries for p in found]

    def _parsed_batches(self, todo: list[tuple[str, int, int]],
                        cancel: threading.Event | None) -> Iterable[list[_Parsed]]:
        root = str(self.root)
        chunks = [todo[i:i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
        workers = self.workers
        if workers is None:
            workers = 2 if len(todo) >= POOL_THRESHOLD and (os.cpu_count() or 1) > 1 else 0
        if workers <= 0 or len(chunks) < 2:
            for chunk in chunks:
                if cancel is not None and cancel.is_set():
                    raise IndexCancelled()
                yield _parse_chunk(root, chunk, self.max_bytes)
            return
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # fork is unsafe with the app's threads
        # Workers ignore Ctrl-C: the parent sets `cancel` and stops them in order.
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=signal.signal,
                                 initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
            pending: list[Future[list[_Parsed]]] = []
            queue = iter(chunks)
            try:
                for chunk in queue:  # keep a bounded window of chunks in flight
                    pending.append(pool.submit(_parse_chunk, root, chunk, self.max_bytes))
                    if len(pending) >= workers * 2:
                        break
                while pending:
                    if cancel is not None and cancel.is_set():
                        raise IndexCancelled()
                    done = pending.pop(0).result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending.append(pool.submit(_parse_chunk, root, nxt, self.max_bytes))
                    yield done
            finally:
                for future in pending:
                    future.cancel()

    def _batches_or_inline(self, todo: list[tuple[str, int, int]],
                           cancel: threading.Event | None) -> Iterable[list[_Parsed]]:
        """Parsed batches; if worker processes cannot start (no importable __main__, a
        sandbox), the rest is parsed in this thread."""
        from concurrent.futures.process import BrokenProcessPool

        done = 0
        try:
            for batch in self._parsed_batches(todo, cancel):
                done += len(batch)
                yield batch
        except (BrokenProcessPool, OSError):
            self.workers = 0
            yield from self._parsed_batches(todo[done:], cancel)

    def _store_parsed(self, conn: sqlite3.Connection, todo: list[tuple[str, int, int]],
                      stored: dict[str, list[Any]], stats: UpdateStats,
                      progress: Progress | None, cancel: threading.Event | None) -> None:
        total, done = len(todo), 0
        if progress:
            progress(0, total)
        cols = ", ".join(_COLUMN_NAMES)
        marks = ", ".join("?" * len(_COLUMN_NAMES))
        insert_file = f"INSERT INTO files(path, size, mtime, rid, {cols}) VALUES (?, ?, ?, ?, {marks})"
        update_file = (f"UPDATE files SET size=?, mtime=?, rid=?, active=0, "
                       f"{', '.join(c + '=?' for c in _COLUMN_NAMES)} WHERE fid=?")
        insert_fts = f"INSERT INTO fts(rowid, {', '.join(_FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)"
        empty = (None,) * len(_COLUMN_NAMES)
        for batch in self._batches_or_inline(todo, cancel):
            conn.execute("BEGIN")
            try:
                for item in batch:
                    old = stored.get(item.rel)
                    rid = None if item.rid is None else _key(item.rid)
                    values = (item.size, item.mtime, rid, *(item.columns or empty))
                    if old is not None:
                        fid, old_rid, _active, _s, _m = old
                        self._delete_fts(conn, fid, old_rid)
                        conn.execute(update_file, (*values, fid))
                        if old_rid is not None:
                            stats.changed_ids.add(old_rid)
                    else:
                        fid = conn.execute(insert_file, (_key(item.rel), *values)).lastrowid
                    stored[item.rel] = [fid, item.rid, 0, item.size, item.mtime]
                    if item.problems:
                        conn.execute("INSERT OR REPLACE INTO problems VALUES (?, ?)", (fid, item.problems))
                    elif old is not None:
                        conn.execute("DELETE FROM problems WHERE fid=?", (fid,))
                    if item.json is not None and item.texts is not None:
                        conn.execute("INSERT OR REPLACE INTO recs VALUES (?, ?)", (fid, item.json))
                        conn.execute(insert_fts, (fid, *item.texts))
                        stats.changed_ids.add(item.rid or "")
                    else:
                        conn.execute("DELETE FROM recs WHERE fid=?", (fid,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            done += len(batch)
            if progress:
                progress(done, total)
        stats.changed_ids.discard("")

    def _delete_fts(self, conn: sqlite3.Connection, fid: int, rid: str | None) -> None:
        """Remove a file's words from the contentless FTS table (it needs the old text back)."""
        if rid is None:
            return
        row = conn.execute("SELECT json FROM recs WHERE fid=?", (fid,)).fetchone()
        if row is None:
            return
        texts = _fts_texts(record_from_json(row[0], self.root))
        conn.execute(f"INSERT INTO fts(fts, rowid, {', '.join(_FTS_COLUMNS)}) "
                     "VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)", (fid, *texts))

    def _assign_owners(self, conn: sqlite3.Connection, walked: list[tuple[str, int, int]],
                       stored: dict[str, list[Any]], stats: UpdateStats) -> None:
        """The first file in path order owns an id (as in `load_records`); store who is active."""
        owners: set[str] = set()
        changes: list[tuple[int, int]] = []
        for rel, _size, _mtime in walked:
            row = stored.get(rel)
            if row is None:
                continue
            fid, rid, active = row[0], row[1], row[2]
            want = 0
            if rid is not None and rid not in owners:
                owners.add(rid)
                want = 1
            if want != active:
                changes.append((want, fid))
                stats.changed_ids.add(rid or "")
        stats.changed_ids.discard("")
        if changes:
            conn.execute("BEGIN")
            conn.executemany("UPDATE files SET active=? WHERE fid=?", changes)
            conn.execute("COMMIT")

    def _forget(self) -> None:
        """Drop everything derived from the old contents."""
        self._epoch += 1
        self._orders = {}
        self._ranks = {}
        self._sets = None
        self._last = (None, None)
        self._cache.clear()

    # -- reading ------------------------------------------------------------------------------

    def get(self, rid: str) -> Record | None:
        """The record with this id, or None. Recently fetched records are cached."""
        with self._lock:
            record = self._cache.get(rid)
            if record is not None:
                self._cache.move_to_end(rid)
                return record
            fid = self._fid_of.get(rid)
        if fid is None:
            return None
        row = self._connect().execute(
            "SELECT f.path, r.json FROM files f JOIN recs r ON r.fid = f.fid WHERE f.fid=?", (fid,)).fetchone()
        if row is None:
            return None
        record = record_from_json(row[1], self.root / _unkey(row[0]))
        with self._lock:
            self._cache[rid] = record
            if len(self._cache) > 4096:
                self._cache.popitem(last=False)
        return record

    def get_many(self, rids: Iterable[str]) -> list[Record]:
        """Records for these ids, in the same order (unknown ids are skipped)."""
        return [r for r in (self.get(rid) for rid in rids) if r is not None]

    def _order(self, sort: SortField) -> list[int]:
        """Every active file id in this sort's order (cached until the contents change; read
        without holding the lock)."""
        order = self._orders.get(sort)
        if order is not None:
            return order
        epoch = self._epoch
        order = [fid for (fid,) in self._connect().execute(
            f"SELECT fid FROM files WHERE active=1 ORDER BY {ORDER_SQL[sort]}")]
        with self._lock:
            self._top_fid = max(self._top_fid, max(order, default=0))
            if self._epoch == epoch:
                order = self._orders.setdefault(sort, order)
        return order

    def _rank(self, sort: SortField, order: list[int]) -> dict[int, int]:
        """Position of each file id in `order` (for ordering a few hits without a full pass)."""
        with self._lock:
            cached = self._ranks.get(sort)
            if cached is None or cached[0] is not order:
                cached = (order, {fid: i for i, fid in enumerate(order)})
                self._ranks[sort] = cached
            return cached[1]

    def warm(self, sorts: Iterable[SortField] = tuple(SortField)) -> None:
        """Load what searches and facets need (sort orders, filter sets) ahead of the first
        keystroke: about a second at 100k records, so run it in a worker after opening."""
        self._filter_sets()
        for sort in sorts:
            self._order(sort)

    def search(self, query: str | Query = "", sort: SortField | str = DEFAULT_SORT,
               reverse: bool = False) -> SearchResult:
        """Matching record ids, ordered. Never raises on bad input: problems come back as `hint`."""
        started = time.perf_counter()
        if isinstance(query, str):
            query, hint = parse_query(query)
        else:
            hint = query.hint
        field_ = parse_sort(sort) or DEFAULT_SORT
        try:
            self._order(field_)  # build it outside the lock if needed
            with self._lock:  # one consistent snapshot, even if a refresh swaps the state meanwhile
                rid_of, fid_of = self._rid_of, self._fid_of
                order = self._orders.get(field_)
                if order is None:  # swapped out just now: rebuild, keep only ids the maps know
                    order = [f for f in self._order(field_) if f in rid_of]
            matched: set[int] | None = None
            if query.is_empty:
                fids = order
            else:
                matched = self._match(query)
                fids = self._ordered(matched, order, field_)
                if field_ is SortField.PUBLISHED and query.has_words and fids:
                    top = self._title_author_hits(query)
                    if top:  # title and author hits first, each part still in date order
                        hit = self._mask(top).__getitem__
                        fids = list(compress(fids, map(hit, fids))) + list(filterfalse(hit, fids))
        except sqlite3.DatabaseError as exc:
            rid_of, fid_of = self._rid_of, self._fid_of
            fids, matched, hint = [], set(), f"search failed ({exc}); the index is rebuilt on the next start"
        ids = IdList(fids[::-1] if reverse else fids, rid_of, fid_of)
        self._last = (ids, matched)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(ids, len(rid_of), elapsed, hint, query, field_, reverse)

    def _ordered(self, fids: set[int], order: list[int], sort: SortField) -> list[int]:
        """These file ids in the sort's order (inactive ones dropped)."""
        if not fids:
            return []
        if len(fids) * 16 > len(order):  # many hits: one pass over the sorted list, in C
            return list(compress(order, map(self._mask(fids).__getitem__, order)))
        rank = self._rank(sort, order)
        return [order[r] for r in sorted(r for r in map(rank.get, fids) if r is not None)]

    def _mask(self, fids: set[int]) -> bytearray:
        """A byte per file id, 1 for these: indexing it is 2-4x quicker than probing a big set
        (the set's table does not stay in cache while the sorted list is walked)."""
        mask = bytearray(max(self._top_fid, max(fids, default=0)) + 1)
        deque(map(mask.__setitem__, fids, repeat(1)), maxlen=0)
        return mask

    def _fts(self, expression: str) -> set[int]:
        # One joined string instead of a row per hit: a third quicker for 100k hits.
        row = self._connect().execute(
            "SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?", (expression,)).fetchone()
        return set(map(int, row[0].split(","))) if row and row[0] else set()

    def _match(self, query: Query) -> set[int]:
        """File ids matching every term: FTS5 for words, in-memory sets for filters."""
        result: set[int] | None = None
        exclude: list[set[int]] = []
        words = [t for t in query.terms if t.field in _WORD_FIELDS and not t.negated]
        if words:
            result = self._fts(_fts_expression(words))
        for term in query.terms:
            if term.field in _WORD_FIELDS:
                if term.negated:
                    exclude.append(self._fts(_term_fts(term)))
                continue
            if term.field == "doi":
                found = {fid for (fid,) in self._connect().execute(
                    "SELECT fid FROM files WHERE active=1 AND substr(doi, 1, ?) = ?",
                    (len(term.value), term.value))}
            else:
                found = self._filter_sets().select(term)
            if term.negated:
                exclude.append(found)
            else:
                result = found if result is None else result & found
        if result is None:
            result = self._filter_sets().every
        for other in exclude:
            result = result - other
        return result

    def _title_author_hits(self, query: Query) -> set[int]:
        """Files where every free word is found in the title or the people."""
        expr = _fts_expression([t for t in query.terms if t.field == "text" and not t.negated])
        return self._fts(f"{{title people}} : ({expr})")

    def _filter_sets(self) -> _Sets:
        """Loaded without holding the lock (0.3 s at 100k), so searches meanwhile do not wait."""
        sets = self._sets
        if sets is not None:
            return sets
        epoch = self._epoch
        loaded = _Sets.load(self._connect())
        with self._lock:
            if self._epoch == epoch and self._sets is None:
                self._sets = loaded
            return self._sets if self._epoch == epoch and self._sets is not None else loaded

    def facets(self, ids: Iterable[str] | None = None) -> dict[str, list[FacetValue]]:
        """Counts per type, year (or decade), licence and open access for these ids (all when None)."""
        sets = self._filter_sets()
        last_ids, last_fids = self._last
        if ids is None or (ids is last_ids and last_fids is None):
            return sets.facets(None)
        if ids is last_ids and last_fids is not None:  # the list the last search returned
            return sets.facets(last_fids)
        if isinstance(ids, IdList):
            return sets.facets(set(ids.fids))
        fid_of = self._fid_of
        return sets.facets({fid_of[rid] for rid in ids if rid in fid_of})

    def ids(self) -> list[str]:
        """Every record id in path order (the order `load_records` returns records in)."""
        rows = self._connect().execute("SELECT path, rid FROM files WHERE active=1").fetchall()
        return [_unkey(rid) for _key, rid in sorted((walk_key(_unkey(p)), rid) for p, rid in rows)]


_WORD_FIELDS = ("text", "author", "title", "journal")


def _is_busy(exc: BaseException) -> bool:
    """Another process holds the index: wait or report, never rebuild or move it."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


@dataclass
class _Sets:
    """Filter columns as sets of file ids, loaded once: set algebra in C is far quicker per
    keystroke than scanning a table (100k rows) for every filter."""

    every: set[int]
    types: dict[str, set[int]]
    years: dict[int | None, set[int]]
    licences: dict[str, set[int]]
    oa: set[int]
    pdf: set[int]
    abstract: set[int]
    doi: set[int]

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> _Sets:
        sets = cls(set(), {}, {}, {}, set(), set(), set(), set())
        for fid, rtype, year, lic, oa, pdf, abstract, doi in conn.execute(
                "SELECT fid, type, year, licence, oa, haspdf, hasabs, doi != '' FROM files NOT INDEXED WHERE active=1"):
            sets.every.add(fid)
            sets.types.setdefault(rtype, set()).add(fid)
            sets.years.setdefault(year, set()).add(fid)
            sets.licences.setdefault(lic or "", set()).add(fid)
            for flag, target in ((oa, sets.oa), (pdf, sets.pdf), (abstract, sets.abstract), (doi, sets.doi)):
                if flag:
                    target.add(fid)
        return sets

    @staticmethod
    def _union(groups: Iterable[set[int]]) -> set[int]:
        out: set[int] = set()
        for group in groups:
            out |= group
        return out

    def select(self, term: Any) -> set[int]:
        """The files a (non-word, non-doi) term selects, ignoring its negation."""
        if term.field == "type":
            return self._union(s for t, s in self.types.items()
                               if term.value in (t.lower(), type_slug(t)))
        if term.field == "year":
            low = term.low if term.low is not None else -1
            high = term.high if term.high is not None else 99999
            return self._union(s for y, s in self.years.items() if y is not None and low <= y <= high)
        if term.field == "licence":
            return self._union(s for lic, s in self.licences.items() if lic.lower().startswith(term.value))
        if term.field == "oa":
            return self.oa if term.flag else self.every - self.oa
        if term.field == "has":
            if term.value == "licence":
                return self.every - self.licences.get("", set())
            return {"pdf": self.pdf, "abstract": self.abstract, "doi": self.doi}[term.value]
        return set()

    def facets(self, fids: set[int] | None) -> dict[str, list[FacetValue]]:
        def count(group: set[int]) -> int:
            return len(group) if fids is None else len(group & fids)

        oa_count = count(self.oa)
        total = len(self.every) if fids is None else len(fids & self.every)
        return build_facets({t: count(s) for t, s in self.types.items()},
                            {y: count(s) for y, s in self.years.items()},
                            {lic: count(s) for lic, s in self.licences.items()},
                            {True: oa_count, False: total - oa_count})


# -- queries to SQL -----------------------------------------------------------------------------


def _phrase(words: Sequence[str], prefix: bool) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"' + ("*" if prefix else "")


def _term_fts(term: Any) -> str:
    """One text or field term as an FTS5 expression."""
    if term.phrase:
        body = _phrase(term.words, term.prefix)
    else:
        last = len(term.words) - 1
        body = " AND ".join(_phrase([w], term.prefix and i == last) for i, w in enumerate(term.words))
    column = {"author": "people", "title": "title", "journal": "journal"}.get(term.field)
    return f"{{{column}}} : ({body})" if column else f"({body})"


def _fts_expression(terms: Sequence[Any]) -> str:
    return " AND ".join(_term_fts(t) for t in terms)
