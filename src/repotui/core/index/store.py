"""The index file: a SQLite connection per thread, whether the file can be trusted, a fresh
file when it cannot, and reading back what the loader would have reported.

A missing, corrupt, truncated, empty or old-schema file is rebuilt; a file another process
holds (locked, busy) is never thrown away.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from repotui.core.index.codec import from_key, problems_from_json
from repotui.core.index.schema import SCHEMA, SCHEMA_VERSION
from repotui.core.problems import LoadProblem
from repotui.core.walk import walk_key


def is_busy(exc: BaseException) -> bool:
    """Another process holds the index: wait or report, never rebuild or move it."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


class Store:
    """One index file, opened once per thread (SQLite connections may not cross threads)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()  # guards _connections

    def connect(self) -> sqlite3.Connection:
        """This thread's connection (WAL, so readers never wait for the writer)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA cache_size=-32000")
                # The WAL is cut back to this size after each checkpoint: a build leaves no 10 MB
                # write-ahead log in the cache for as long as the app runs.
                conn.execute("PRAGMA journal_size_limit=4194304")
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

    def drop_connections(self) -> None:
        """Close what can be closed here, so the file can be replaced; threads reconnect on next use."""
        with self._lock:
            for conn in self._connections:
                # One from another thread cannot be closed here; it is dropped with its thread-local.
                with contextlib.suppress(sqlite3.ProgrammingError):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    def check(self) -> str:
        """"" when the file is a current index, else why it must be rebuilt."""
        if not self.path.exists():
            return "no index yet"
        try:
            conn = self.connect()
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            conn.execute("SELECT count(*) FROM files").fetchone()
            conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'x' LIMIT 1").fetchall()
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise  # in use by another process: not a reason to throw it away
            return f"unreadable index ({exc})"
        except sqlite3.DatabaseError as exc:
            return f"unreadable index ({exc})"
        if rows.get("schema") != str(SCHEMA_VERSION):
            return f"schema version {rows.get('schema')} is not {SCHEMA_VERSION}"
        return ""

    @contextmanager
    def creating(self) -> Iterator[None]:
        """Hold the index folder's lock while deciding to (re)create the file and doing it.

        Two processes that both find no index (two `repotui index`, the app and the command)
        would otherwise each remove and create it: one would go on building in a file the other
        had just unlinked. The second waits here, looks again, and finds the first one's file.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as before
            yield
            return
        fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def create(self, root: Path) -> None:
        """Replace the file with empty tables for this records folder (call inside `creating`)."""
        self.drop_connections()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self.connect()
        conn.executescript(SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('schema', ?), ('root', ?)",
                     (str(SCHEMA_VERSION), str(root.resolve())))


def read_problems(conn: sqlite3.Connection, root: Path, fid_of: dict[str, int]) -> list[LoadProblem]:
    """Every stored problem plus the duplicate ids, in walk order, as `loader.load_records`
    reports them. `fid_of` maps each id to the file that owns it."""
    entries: list[tuple[tuple[tuple[int, str], ...], int, list[LoadProblem]]] = []
    for path, text in conn.execute("SELECT f.path, p.json FROM problems p JOIN files f ON f.fid = p.fid"):
        rel = from_key(path)
        entries.append((walk_key(rel), 0, problems_from_json(text, root / rel)))
    for path, key in conn.execute("SELECT path, rid FROM files WHERE active = 0 AND rid IS NOT NULL"):
        rel, rid = from_key(path), from_key(key)
        owner = fid_of.get(rid)
        row = conn.execute("SELECT path FROM files WHERE fid=?", (owner,)).fetchone() if owner else None
        if row is None:
            continue  # ownership not settled yet (an interrupted build); the next update settles it
        entries.append((walk_key(rel), 1, [LoadProblem(
            root / rel, f"duplicate id {rid!r} (already used by {root / from_key(row[0])})", None)]))
    entries.sort(key=lambda e: (e[0], e[1]))
    return [p for _key, _n, found in entries for p in found]


def read_meta(conn: sqlite3.Connection, key: str) -> str | None:
    """One value of the meta table (None when absent)."""
    row = conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return None if row is None else str(row[0])


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every query inside sees the file as it was at the first one (WAL:
    the writer is not held up). Inside a transaction already, that one is used."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")  # nothing was written: this only ends the snapshot
