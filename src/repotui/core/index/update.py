"""Bringing the index file in line with the folder: walk and stat, parse only what changed,
drop what is gone, and settle which file owns each id.

Work is committed chunk by chunk, so a cancelled or killed build keeps what it stored and the
next update continues; ``meta.complete`` is 0 until an update has finished. Each committed
chunk also makes its records' owners active (the first file in walk order among those stored)
and bumps ``generation``, then calls `published`: a long first build shows a usable list as
it goes, and the full ownership pass at the end settles the rest. Every transaction that changes
which files are stored or active bumps ``generation`` inside it, so a reader that sees the
generation the `Library` loaded its state at sees exactly that state's files.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repotui.core.index.codec import from_key, make_zdict, read_zdict, record_from_json, to_key, unpack
from repotui.core.index.parse import Parsed, sample_json
from repotui.core.index.pool import Parser
from repotui.core.index.progress import Progress
from repotui.core.index.schema import COLUMN_NAMES, FTS_COLUMNS, PREFIX_TABLES, fts_texts, prefix_texts
from repotui.core.walk import Found, walk_key, walk_records

Stored = dict[str, list[Any]]
"""Relative path → [fid, record id or None, active flag, size, mtime_ns] of every stored file."""

_COLS = ", ".join(COLUMN_NAMES)
_INSERT_FILE = (f"INSERT INTO files(path, size, mtime, rid, active, {_COLS}) "
                f"VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(COLUMN_NAMES))}) ON CONFLICT(path) DO NOTHING")
_UPDATE_FILE = (f"UPDATE files SET size=?, mtime=?, rid=?, active=0, "
                f"{', '.join(c + '=?' for c in COLUMN_NAMES)} WHERE fid=?")
_INSERT_FTS = (f"INSERT INTO fts(rowid, {', '.join(FTS_COLUMNS)}) "
               f"VALUES (?, {', '.join('?' * len(FTS_COLUMNS))})")
_DELETE_FTS = (f"INSERT INTO fts(fts, rowid, {', '.join(FTS_COLUMNS)}) "
               f"VALUES ('delete', ?, {', '.join('?' * len(FTS_COLUMNS))})")
_INSERT_PREFIX = [f"INSERT INTO {table}(rowid, words) VALUES (?, ?)" for table in PREFIX_TABLES]
_DELETE_PREFIX = [f"INSERT INTO {table}({table}, rowid, words) VALUES ('delete', ?, ?)" for table in PREFIX_TABLES]
_NO_COLUMNS = (None,) * len(COLUMN_NAMES)
_BUMP_GENERATION = ("INSERT OR REPLACE INTO meta VALUES ('generation', "
                    "(SELECT coalesce(max(CAST(value AS INTEGER)), 0) + 1 FROM meta WHERE key='generation'))")


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
    others: bool = False
    """Another process (the app, `repotui index`) changed the index since this one last read it:
    what it lists may differ even though nothing was parsed here."""
    workers: int = 0
    """Worker processes that parsed (0: parsed in this thread, or nothing to parse)."""
    worker_failure: str = ""
    """Why worker processes were given up and the rest parsed in this thread ("" if not)."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.changed_ids or self.others)

    def summary(self) -> str:
        if not self.looked:
            return f"index opened as it was: {self.unchanged:,} records in {self.seconds:.2f} s (not checked yet)"
        how = f"rebuilt ({self.rebuilt})" if self.rebuilt else "updated"
        others = "; another repotui updated it meanwhile" if self.others else ""
        return (f"index {how}: {len(self.added):,} added, {len(self.updated):,} updated, "
                f"{len(self.removed):,} removed, {self.unchanged:,} unchanged in {self.seconds:.2f} s{others}")


def sync(conn: sqlite3.Connection, root: Path, parser: Parser, progress: Progress | None,
         cancel: threading.Event | None, published: Callable[[], None] | None = None,
         room: Callable[[int], None] | None = None) -> UpdateStats:
    """Update the tables from the folder under `root` (which must exist); returns what changed.
    `published` is called after each committed chunk (its records are searchable); `room` is
    given the bytes of YAML to parse first and raises when the index will not fit. Raises
    IndexCancelled when `cancel` is set (what was stored so far is kept)."""
    stats = UpdateStats()
    walked = walk_records(root)
    stored = _stored_files(conn)
    todo = _compare(walked, stored, stats)
    if room is not None and todo:
        room(sum(max(size, 0) for _rel, size, _mtime in todo))
    _remove(conn, stats.removed, stored, stats)
    if todo:
        # Until this update finishes, `open(update=False)` must not trust the index.
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '0')")
        parser.zdict = _zdict(conn, parser, todo)
        _store(conn, parser, todo, stored, stats, progress, cancel, published)
    _assign_owners(conn, walked, stored, stats)
    if stats.changed:
        conn.execute(_BUMP_GENERATION)
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', '1')")
    return stats


def _zdict(conn: sqlite3.Connection, parser: Parser, todo: list[Found]) -> bytes:
    """The dictionary records are packed with: made once per index file, from its first records."""
    zdict = read_zdict(conn)
    if not zdict:
        zdict = make_zdict(sample_json(parser.root, todo, parser.max_bytes))
        if zdict:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('zdict', ?)", (zdict,))
    return zdict


def _stored_files(conn: sqlite3.Connection) -> Stored:
    return {from_key(path): [fid, None if rid is None else from_key(rid), active, size, mtime]
            for fid, path, size, mtime, rid, active in conn.execute(
                "SELECT fid, path, size, mtime, rid, active FROM files")}


def _compare(walked: list[Found], stored: Stored, stats: UpdateStats) -> list[Found]:
    """Count new, changed (size or mtime_ns), unchanged and removed files; return those to parse."""
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
    return todo


@contextmanager
def _transaction(conn: sqlite3.Connection, immediate: bool = False) -> Iterator[None]:
    """BEGIN ... COMMIT, rolled back on any error. SQLite rolls a transaction back by itself on
    some errors (a full disk): then there is nothing left to roll back, and the error that
    caused it is the one to report. `immediate` takes the write lock first (for a read that
    decides a write, which another process must not change in between)."""
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


def _remove(conn: sqlite3.Connection, removed: list[str], stored: Stored, stats: UpdateStats) -> None:
    if not removed:
        return
    with _transaction(conn):
        zdict = read_zdict(conn)
        for rel in removed:
            fid, rid, _active, _s, _m = stored.pop(rel)
            delete_words(conn, fid, rid, zdict)
            if rid is not None:
                stats.changed_ids.add(rid)
            for table in ("files", "recs", "problems"):
                conn.execute(f"DELETE FROM {table} WHERE fid=?", (fid,))
        conn.execute(_BUMP_GENERATION)


def _store(conn: sqlite3.Connection, parser: Parser, todo: list[Found], stored: Stored, stats: UpdateStats,
           progress: Progress | None, cancel: threading.Event | None,
           published: Callable[[], None] | None) -> None:
    """Parse and store the files in `todo`, one transaction per chunk."""
    total, done = len(todo), 0
    if progress:
        progress(0, total)
    held: set[str] = {row[1] for row in stored.values() if row[1] is not None}  # ids some stored file has
    for batch in parser.batches(todo, cancel):
        with _transaction(conn):
            words = _Words()
            contested: set[str] = set()
            for item in batch:
                if _store_one(conn, item, stored, stats, parser.zdict, words, item.rid not in held):
                    held.add(item.rid or "")
                elif item.rid is not None:
                    contested.add(item.rid)
                    held.add(item.rid)
            words.insert(conn)
            _activate(conn, contested, stored, stats)
            conn.execute(_BUMP_GENERATION)
        done += len(batch)
        if published and done < total:  # the last chunk is published by the caller, settled
            published()
        if progress:
            progress(done, total)
    stats.changed_ids.discard("")
    stats.workers, stats.worker_failure = parser.used, parser.failure


class _Words:
    """A chunk's records and words, inserted with one `executemany` per table (a call per row
    and table was a third of the main process's time in a build)."""

    def __init__(self) -> None:
        self.recs: list[tuple[int, bytes]] = []
        self.fts: list[tuple[Any, ...]] = []
        self.prefix: list[list[tuple[int, str]]] = [[] for _ in PREFIX_TABLES]

    def add(self, fid: int, data: bytes, texts: tuple[str, ...]) -> None:
        self.recs.append((fid, data))
        self.fts.append((fid, *texts))
        for rows, words in zip(self.prefix, prefix_texts(texts), strict=True):
            rows.append((fid, words))

    def insert(self, conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT OR REPLACE INTO recs VALUES (?, ?)", self.recs)
        conn.executemany(_INSERT_FTS, self.fts)
        for sql, rows in zip(_INSERT_PREFIX, self.prefix, strict=True):
            conn.executemany(sql, rows)


def _store_one(conn: sqlite3.Connection, item: Parsed, stored: Stored, stats: UpdateStats, zdict: bytes,
               words: _Words, unheld: bool) -> bool:
    """One file's rows. A new file whose id no stored file has (`unheld`) owns it at once and
    True is returned; any other starts inactive (`_activate` and `_assign_owners` decide who
    owns its id). Setting the flag once, not 0 then 1, spares the sort index a second write.
    Its old words are removed at once, its new ones go into `words` (inserted after the chunk)."""
    old = stored.get(item.rel)
    rid = None if item.rid is None else to_key(item.rid)
    values = (item.size, item.mtime, rid, *(item.columns or _NO_COLUMNS))
    owns = False
    if old is None:
        owns = unheld and rid is not None
        inserted = conn.execute(_INSERT_FILE, (to_key(item.rel), *values[:3], int(owns), *values[3:]))
        if inserted.rowcount == 1 and inserted.lastrowid is not None:
            fid = inserted.lastrowid
        else:  # another process (a second `repotui index`, the app) stored this file since we looked
            row = conn.execute("SELECT fid, rid, active, size, mtime FROM files WHERE path=?",
                               (to_key(item.rel),)).fetchone()
            old = [row[0], None if row[1] is None else from_key(row[1]), row[2], row[3], row[4]]
            owns = False
    if old is not None:
        fid, old_rid, _active, _s, _m = old
        delete_words(conn, fid, old_rid, zdict)
        conn.execute(_UPDATE_FILE, (*values, fid))
        if old_rid is not None:
            stats.changed_ids.add(old_rid)
    stored[item.rel] = [fid, item.rid, int(owns), item.size, item.mtime]
    if item.problems:
        conn.execute("INSERT OR REPLACE INTO problems VALUES (?, ?)", (fid, item.problems))
    elif old is not None:
        conn.execute("DELETE FROM problems WHERE fid=?", (fid,))
    if item.data is not None and item.texts is not None:
        words.add(fid, item.data, item.texts)
        stats.changed_ids.add(item.rid or "")
    else:
        conn.execute("DELETE FROM recs WHERE fid=?", (fid,))
    return owns


def _activate(conn: sqlite3.Connection, rids: set[str], stored: Stored, stats: UpdateStats) -> None:
    """Make each of these ids owned by the first file (in walk order) that holds it among those
    stored so far, so a build in progress can be shown; `_assign_owners` settles the rest."""
    holders: dict[str, list[tuple[int, str, int]]] = {}
    keys = [to_key(rid) for rid in rids]
    for start in range(0, len(keys), 500):  # one query per 500 ids, not one per id
        part = keys[start:start + 500]
        for fid, path, active, key in conn.execute(
                f"SELECT fid, path, active, rid FROM files WHERE rid IN ({', '.join('?' * len(part))})", part):
            holders.setdefault(from_key(key), []).append((fid, from_key(path), active))
    for rid, rows in holders.items():
        first = min(rows, key=lambda row: walk_key(row[1]))[0] if len(rows) > 1 else rows[0][0]
        for fid, path, active in rows:
            want = int(fid == first)
            if want != active:
                conn.execute("UPDATE files SET active=? WHERE fid=?", (want, fid))
                stored[path][2] = want
                stats.changed_ids.add(rid)


def delete_words(conn: sqlite3.Connection, fid: int, rid: str | None, zdict: bytes) -> None:
    """Remove a file's words from the contentless FTS tables (they need the old text back)."""
    if rid is None:
        return
    row = conn.execute("SELECT data FROM recs WHERE fid=?", (fid,)).fetchone()
    if row is None:
        return
    texts = fts_texts(record_from_json(unpack(row[0], zdict), Path()))
    conn.execute(_DELETE_FTS, (fid, *texts))
    for sql, words in zip(_DELETE_PREFIX, prefix_texts(texts), strict=True):
        conn.execute(sql, (fid, words))


def _assign_owners(conn: sqlite3.Connection, walked: Iterable[Found], stored: Stored,
                   stats: UpdateStats) -> None:
    """The first file in walk order owns an id (as in `load_records`); store who is active.

    The active flags are read from the file, not from `stored`: another process (the app and
    `repotui index` at once) may have changed them since this update looked."""
    with _transaction(conn, immediate=True):
        current = dict(conn.execute("SELECT fid, active FROM files"))
        owners: set[str] = set()
        changes: list[tuple[int, int]] = []
        for rel, _size, _mtime in walked:
            row = stored.get(rel)
            if row is None:
                continue
            fid, rid = row[0], row[1]
            want = 0
            if rid is not None and rid not in owners:
                owners.add(rid)
                want = 1
            row[2] = want
            if want != current.get(fid, want):
                changes.append((want, fid))
                stats.changed_ids.add(rid or "")
        stats.changed_ids.discard("")
        if changes:
            conn.executemany("UPDATE files SET active=? WHERE fid=?", changes)
            conn.execute(_BUMP_GENERATION)
