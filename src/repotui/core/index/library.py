"""`Library`: one records folder through its index, the facade the TUI and CLI use.

Thread-safety: SQLite connections are per thread (`store`); the in-memory state (id maps,
cached sort orders, filter sets, a record cache) sits behind a short-held lock. When the
contents change the id maps are replaced, never edited, and an epoch counter keeps orders and
sets loaded from the old contents out of the cache, so a search running meanwhile works on one
consistent snapshot. A refresh holds a separate write lock; searches do not wait for it.

The file moves on before the state does (a refresh commits a chunk, then reloads the state, at
most once per 0.5 s during a build). Whatever is read from the file into the state (an order, the
filter sets) is read in one read transaction whose `generation` must be the state's: when the file
is ahead, the state is reloaded from that same transaction first, and an order or set is cached
only if the state did not change meanwhile. A search takes the id maps, its order, the epoch and
the previous answer in one step (`_snapshot`, retried when the state changes under it), so every
id it hands out resolves in the maps it hands out with them.

Over 400 lines because it is one object whose methods share that state and those locks: the
work itself is in the package's other modules (`update`, `search`, `fts`, `filters`, `pages`,
`verdicts`, `codec`, `store`, `location`), and what is left here is when to call them and under
which lock. Split across modules, the locking rules would no longer be readable in one place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from repotui.core.facets import FacetValue
from repotui.core.index.codec import from_key, read_zdict, record_from_json, unpack
from repotui.core.index.filters import FilterSets
from repotui.core.index.location import (
    copy_index,
    fallback_path,
    is_full,
    is_write_failure,
    remove_index,
    room_error,
    why,
)
from repotui.core.index.pages import (
    CANCEL_CHECK_STEPS,
    FIRST_PAGE,
    FIRST_PAGE_FROM,
    RECENT_ANSWERS,
    TIER_FIRST_FROM,
    Answer,
    Cancel,
    Ordering,
    SearchCancelled,
    first_of_tier,
    pure_words,
)
from repotui.core.index.pool import Parser
from repotui.core.index.progress import Progress
from repotui.core.index.results import IdList, SearchResult
from repotui.core.index.search import match, title_author_hits
from repotui.core.index.store import Store, is_busy, read_meta, read_problems, reading
from repotui.core.index.update import UpdateStats, sync
from repotui.core.index.verdicts import judge_rows, store_fresh
from repotui.core.loader import DEFAULT_MAX_BYTES
from repotui.core.model import Record
from repotui.core.problems import LoadProblem
from repotui.core.query import Query, parse_query
from repotui.core.ref import Policy, RefReport, make_report
from repotui.core.sorting import DEFAULT_SORT, ORDER_SQL, SortField, parse_sort
from repotui.core.walk import walk_key

#: Records kept decoded (the list pane asks for the visible rows again and again).
_CACHE_SIZE = 4096
#: Times a search loads its order again when the state changed while it was loaded.
_SNAPSHOT_ATTEMPTS = 3


class Library:
    """One records folder through its index: search, fetch, facets, refresh.

    Create with `Library.open(...)` from a worker thread (it may parse for a while); every
    other call is quick and may run on any thread.
    """

    first_page = FIRST_PAGE
    """Rows in the first page of a large answer (`search_pages`)."""
    first_page_from = FIRST_PAGE_FROM
    """An answer with this many hits comes page first."""
    tier_first_from = TIER_FIRST_FROM
    """A free-word query with this many title/author hits takes its first page from them alone."""

    def __init__(self, root: Path, db_path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                 workers: int | None = None, fallback_dir: Path | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        self.root = Path(root)
        self.today = today
        """The day REF filters, facets and reports judge for (`repotui ref --as-of`, tests)."""
        self.max_bytes = max_bytes
        self._home = Path(db_path)  # where the index belongs (the fallback is only while it cannot be written)
        self._fallback_dir = fallback_dir
        self._store = Store(self._home)
        self._parser = Parser(self.root, max_bytes, workers)
        self._lock = threading.RLock()  # guards the in-memory state (held briefly)
        self._write_lock = threading.RLock()  # one refresh at a time; searches do not wait for it
        self._rid_of: dict[int, str] = {}
        self._fid_of: dict[str, int] = {}
        self._orders: dict[SortField, list[int]] = {}
        self._ranks: dict[SortField, tuple[list[int], dict[int, int]]] = {}
        self._sets: FilterSets | None = None
        self._cache: OrderedDict[str, Record] = OrderedDict()
        self._last: tuple[IdList | None, set[int] | None] = (None, None)
        self._previous: Answer | None = None  # the last finished answer (a narrower query walks its hits)
        self._recent: OrderedDict[tuple[object, ...], list[int]] = OrderedDict()  # answers typed lately
        self._top_fid = 0  # the largest file id in any cached order (sizes the masks)
        self._epoch = 0  # bumped whenever the derived state is dropped
        self.fallback_reason = ""
        """Set while the index lives in the temporary fallback place because its own place
        cannot be written: what went wrong, where, and what to do."""
        self.problems: list[LoadProblem] = []
        """Every problem, in path order, as `loader.load_records` would report them."""
        self.last_update = UpdateStats()
        self.complete = False
        """The index holds every record file (False while a first build is under way)."""
        self.version = 0
        """Bumped whenever the in-memory state is reloaded: during a long build a screen can
        tell that more records became searchable."""
        self._generation: str | None = None  # meta 'generation' when the in-memory caches were made
        self._zdict = b""  # the index's compression dictionary (read with the state)
        self._published_at = 0.0  # when a build in progress last reloaded the state
        self._publish_gap = 0.0  # how long to wait before the next reload

    @property
    def db_path(self) -> Path:
        return self._store.path

    @property
    def workers(self) -> int | None:
        """Processes for parsing (None: decided per update; 0: this thread)."""
        return self._parser.workers

    @property
    def worker_pids(self) -> list[int]:
        """The parse worker processes of the update running now (none between updates)."""
        return list(self._parser.pids)

    @property
    def count(self) -> int:
        return len(self._rid_of)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, records_dir: Path, db_path: Path, progress: Progress | None = None,
             cancel: threading.Event | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
             workers: int | None = None, rebuild: bool = False, update: bool = True,
             fallback_dir: Path | None = None, today: Callable[[], dt.date] = dt.date.today) -> Library:
        """Open (creating or repairing) the index for records_dir and bring it up to date.

        `update=False` trusts a complete index as it is, without looking at the folder (a
        fraction of a second at 100k records): show it, then call `refresh()` from a worker.
        `workers`: processes for parsing (None: 2 when many files changed and there are 2+
        cores; 0: parse in this thread). When db_path cannot be written the index lives in a
        fixed temporary place (`location.fallback_path`, under `fallback_dir` if given) and
        `fallback_reason` says why. Raises IndexCancelled when `cancel` is set.
        """
        library = cls(records_dir, db_path, max_bytes, workers, fallback_dir, today)
        if not (update or rebuild) and library._open_as_is():
            return library
        library.refresh(progress, cancel, rebuild=rebuild)
        return library

    @classmethod
    def attach(cls, records_dir: Path, db_path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
               workers: int | None = None, fallback_dir: Path | None = None) -> Library:
        """Open whatever index there is, parsing nothing: a complete one as it is, an
        interrupted build with the records it holds, a missing or unusable one as empty.
        Quick; call `refresh()` next (from a worker): it builds or catches up, and a long build
        makes its records searchable chunk by chunk (`version` changes)."""
        library = cls(records_dir, db_path, max_bytes, workers, fallback_dir)
        if not library._open_as_is(partial=True):
            library.last_update = UpdateStats(looked=False)
        return library

    def _open_as_is(self, partial: bool = False) -> bool:
        """Load the state of a current index without walking the folder (a complete one only,
        unless `partial`); the fallback place's when the own place has none."""
        started = time.perf_counter()
        with self._write_lock, self._lock:
            if not self._load_if_current(partial) and not self._use_fallback_if_current(partial):
                return False
            self.last_update = UpdateStats(unchanged=self.count, seconds=time.perf_counter() - started,
                                           looked=False)
            return True

    def _load_if_current(self, partial: bool = False) -> bool:
        try:
            if self._store.check():
                return False
            conn = self._store.connect()
            if read_meta(conn, "complete") != "1" and not partial:
                return False
            self._load_state(conn)
        except sqlite3.DatabaseError:
            return False
        return True

    def _use_fallback_if_current(self, partial: bool = True) -> bool:
        """Switch to the fallback place when it holds a current index of an earlier run (the own
        place could not be written then); nothing changes when it does not."""
        fallback = self._fallback_path()
        if fallback is None or fallback == self._store.path or not fallback.exists():
            return False
        home = self._store
        self._store = Store(fallback)
        if self._load_if_current(partial):
            self.fallback_reason = f"the index is kept in {fallback.parent} since {self._home.parent} could not be written"
            home.drop_connections()
            return True
        self._store.drop_connections()
        self._store = home
        return False

    def _fallback_path(self) -> Path | None:
        """Where an earlier run may have left the index (None when that place is not ours)."""
        path = fallback_path(self._home, self._fallback_dir, create=False)
        try:
            info = path.parent.lstat()
        except OSError:
            return path  # nothing there yet
        if self._fallback_dir is None and (stat.S_ISLNK(info.st_mode) or (
                hasattr(os, "getuid") and info.st_uid != os.getuid())):
            return None  # another user's folder, or a link: never read or remove anything there
        return path

    def close(self) -> None:
        """Close this thread's connection and forget the others (they close when their thread ends)."""
        self._store.close()

    # -- updating -----------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, cancel: threading.Event | None = None,
                rebuild: bool = False) -> UpdateStats:
        """Parse what changed on disk since the last look; returns what changed.

        When the index's place cannot be written (full, read-only) the update continues in the
        fallback place (`fallback_reason` says so); when it can be written again the index
        moves back first."""
        started = time.perf_counter()
        with self._write_lock:
            if self._store.path == self._home and self._store.check():
                self._use_fallback_if_current()  # an earlier run's fallback index: carry on from it
            self._move_home()
            try:
                stats = self._refresh(progress, cancel, rebuild)
            except (OSError, sqlite3.OperationalError) as exc:
                if is_busy(exc) or not is_write_failure(exc) or self._store.path != self._home:
                    raise
                self._fall_back(exc)
                stats = self._refresh(progress, cancel, rebuild=False)
            if self._store.path == self._home:
                self._drop_fallback()
            stats.seconds = time.perf_counter() - started
            with self._lock:
                self.last_update = stats
            return stats

    def _refresh(self, progress: Progress | None, cancel: threading.Event | None, rebuild: bool) -> UpdateStats:
        reason = "asked to rebuild" if rebuild else self._store.check()
        if reason:
            with self._store.creating():  # another process may be creating it right now
                reason = "asked to rebuild" if rebuild else self._store.check()
                if reason:
                    self._create()
        try:
            try:
                stats = self._update(progress, cancel)
            except sqlite3.IntegrityError:  # another process stored the same files meanwhile
                stats = self._update(progress, cancel)
        except sqlite3.DatabaseError as exc:
            if is_busy(exc) or reason or is_write_failure(exc):
                raise  # another process holds the index (not damage), a fresh one failed, or no room
            reason = f"damaged index ({exc})"
            with self._store.creating():
                self._create()
            stats = self._update(progress, cancel)
        stats.rebuilt = reason
        return stats

    def _fall_back(self, exc: BaseException) -> None:
        """The own place cannot be written: carry on in the fallback place, copying what the
        index holds when that is worth it, and remove the partial file from the full disk."""
        fallback = fallback_path(self._home, self._fallback_dir)
        home = self._store
        copied = False
        if not home.check():
            with contextlib.suppress(OSError, sqlite3.Error):
                copy_index(home.connect(), fallback)
                copied = True
        home.drop_connections()
        if is_full(exc) or not home.path.exists() or home.check():
            remove_index(home.path)  # useless on a full disk, and in the way of the next run
        self._store = Store(fallback)
        if not copied and self._store.check():  # an index an earlier run left there is updated, not rebuilt
            self._store.drop_connections()
            remove_index(fallback)
        with self._lock:
            self._generation = None  # the other file's generation says nothing about this one
        self.fallback_reason = (f"cannot write the index in {self._home.parent}: {why(exc)}; it is kept in "
                                f"{fallback.parent} for now and moves back once that folder can be written")

    def _drop_fallback(self) -> None:
        """At home again: an index left in the fallback place is out of date and in the way."""
        fallback = self._fallback_path()
        if fallback is not None and fallback.exists():
            remove_index(fallback)

    def _move_home(self) -> None:
        """Back to the own place once it can be written again (the fallback index is copied)."""
        if self._store.path == self._home:
            return
        try:
            conn = self._store.connect()
            if room_error(self._home, self._store.path.stat().st_size) is not None:
                return
            copy_index(conn, self._home)
        except (OSError, sqlite3.Error):
            return  # still not writable: stay where we are
        fallback = self._store
        fallback.drop_connections()
        remove_index(fallback.path)
        self._store = Store(self._home)
        self.fallback_reason = ""
        with self._lock:
            self._generation = None

    def _create(self) -> None:
        with self._lock:
            self._forget()
            self._rid_of, self._fid_of = {}, {}
        self._store.create(self.root)

    def _update(self, progress: Progress | None, cancel: threading.Event | None) -> UpdateStats:
        conn = self._store.connect()
        if not self.root.is_dir():
            with self._lock:
                self.problems = [LoadProblem(self.root, "the records folder does not exist or is not a folder")]
                self._rid_of, self._fid_of = {}, {}
                self._forget()
                self._generation = read_meta(conn, "generation")  # this (empty) state is the file's now
                self.version += 1
            return UpdateStats()
        self._published_at, self._publish_gap = 0.0, 0.0
        seen = self._generation
        stats = sync(conn, self.root, self._parser, progress, cancel, lambda: self._publish(conn),
                     lambda need: self._check_room(need))
        store_fresh(conn)  # REF verdicts whose deadline passed since they were stored
        with self._lock:
            stats.others = not stats.changed and seen is not None and read_meta(conn, "generation") != seen
            self._load_state(conn)
            self.complete = True
        return stats

    def _check_room(self, need: int) -> None:
        """Raise ENOSPC naming the folder before a build that would not fit."""
        error = room_error(self._store.path, need)
        if error is not None:
            raise error

    def _publish(self, conn: sqlite3.Connection) -> None:
        """During a long update: make what is stored so far searchable, at most one reload per
        ten times its own cost (reloading 50k ids takes ~0.1 s)."""
        now = time.monotonic()
        if now - self._published_at < self._publish_gap:
            return
        with self._lock:
            self._load_state(conn)
        took = time.monotonic() - now
        self._published_at, self._publish_gap = time.monotonic(), max(0.5, took * 10)

    def _load_state(self, conn: sqlite3.Connection) -> None:
        """Ids, problems and the default order from the index alone (no look at the folder), all
        read in one transaction (the caller holds the lock)."""
        with reading(conn):
            self._load_state_now(conn)

    def _load_state_now(self, conn: sqlite3.Connection) -> None:
        generation = read_meta(conn, "generation")
        if generation == self._generation and self._orders:
            return  # nothing changed since the caches were made
        self._forget()
        self._generation = generation
        self._zdict = read_zdict(conn)
        self.complete = read_meta(conn, "complete") == "1"
        self.version += 1
        rows = conn.execute(
            f"SELECT fid, rid FROM files WHERE active=1 ORDER BY {ORDER_SQL[DEFAULT_SORT]}").fetchall()
        fids = [fid for fid, _rid in rows]
        rids = [rid if rid.__class__ is str else from_key(rid) for _fid, rid in rows]
        self._orders[DEFAULT_SORT] = fids
        self._top_fid = max(self._top_fid, max(fids, default=0))  # never shrinks: old orders may be in use
        self._fid_of = dict(zip(rids, fids, strict=True))
        self._rid_of = dict(zip(fids, rids, strict=True))
        self.problems = read_problems(conn, self.root, self._fid_of)

    def _catch_up(self, conn: sqlite3.Connection) -> tuple[int, dict[int, str], dict[SortField, list[int]]]:
        """Inside a read transaction: when the file has moved on since the state was loaded (a
        refresh committed and has not reloaded yet), reload the state from this same snapshot, so
        what the caller reads next in the transaction belongs to the state. Returns the state's
        epoch, id map and orders as of then (one lock hold): a reload after this changes the
        epoch, and what the caller read must then not be cached."""
        generation = read_meta(conn, "generation")
        with self._lock:
            if generation != self._generation:
                self._load_state(conn)
            return self._epoch, self._rid_of, self._orders

    def _forget(self) -> None:
        """Drop everything derived from the old contents."""
        self._epoch += 1
        self._orders = {}
        self._ranks = {}
        self._sets = None
        self._last = (None, None)
        self._previous = None
        self._recent.clear()
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
        conn = self._store.connect()
        row = conn.execute(
            "SELECT f.path, r.data FROM files f JOIN recs r ON r.fid = f.fid WHERE f.fid=?", (fid,)).fetchone()
        if row is None:
            return None
        try:
            text = unpack(row[1], self._zdict)
        except zlib.error:  # another process rebuilt the file with a new dictionary
            self._zdict = read_zdict(conn)
            text = unpack(row[1], self._zdict)
        record = record_from_json(text, self.root / from_key(row[0]))
        with self._lock:
            self._cache[rid] = record
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return record

    def get_many(self, rids: Iterable[str]) -> list[Record]:
        """Records for these ids, in the same order (unknown ids are skipped)."""
        return [r for r in (self.get(rid) for rid in rids) if r is not None]

    def ids(self) -> list[str]:
        """Every record id in path order (the order `load_records` returns records in)."""
        rows = self._store.connect().execute("SELECT path, rid FROM files WHERE active=1").fetchall()
        return [from_key(rid) for _key, rid in sorted((walk_key(from_key(p)), rid) for p, rid in rows)]

    def warm(self, sorts: Iterable[SortField] = tuple(SortField)) -> None:
        """Load what searches and facets need (sort orders, filter sets, today's REF sets and
        report keys) ahead of the first keystroke: about a second at 100k records, so run it in
        a worker after opening."""
        sets = self._filter_sets()
        for sort in sorts:
            self._order(sort)
        for policy in Policy:  # the first `ref:` search and the first R need no set-up
            sets.report_keys(policy)

    # -- searching ----------------------------------------------------------------------------

    def search(self, query: str | Query = "", sort: SortField | str = DEFAULT_SORT,
               reverse: bool = False, cancel: Cancel | None = None) -> SearchResult:
        """Matching record ids, ordered. Never raises on bad input: problems come back as `hint`.
        `cancel` is asked now and then; when it says True the search stops with SearchCancelled."""
        *_, result = self.search_pages(query, sort, reverse, cancel=cancel, page=0)
        return result

    def search_pages(self, query: str | Query = "", sort: SortField | str = DEFAULT_SORT, reverse: bool = False,
                     *, cancel: Cancel | None = None, keep: str | None = None,
                     page: int | None = None) -> Iterator[SearchResult]:
        """The answer, page first: for a large answer, first a result holding only its first
        `page` ids in order (`complete` False: nothing else is counted or ordered yet), then the
        whole answer; a small one comes whole at once (`page`: `first_page` when None, 0 for the
        whole answer only). `keep` is the record the cursor is on: when it is a hit beyond the
        first page (the list would keep the cursor on it), only the whole answer comes. A query that extends the previous one walks the previous hits instead of
        every file; a query answered lately (typed back with backspace) is answered from memory.
        Raises SearchCancelled when `cancel` says so."""
        started = time.perf_counter()
        if isinstance(query, str):
            query, hint = parse_query(query)
        else:
            hint = query.hint
        field = parse_sort(sort) or DEFAULT_SORT
        conn = self._store.connect()
        if cancel is not None:
            conn.set_progress_handler(lambda: 1 if cancel() else 0, CANCEL_CHECK_STEPS)
        try:
            rows = self.first_page if page is None else page
            for ids, complete in self._answer(conn, query, field, reverse, cancel, keep, rows):
                elapsed = (time.perf_counter() - started) * 1000
                yield SearchResult(ids, self.count, elapsed, hint, query, field, reverse, complete)
        except sqlite3.DatabaseError as exc:
            if cancel is not None and cancel():
                raise SearchCancelled from exc
            with self._lock:
                rid_of, fid_of = self._rid_of, self._fid_of
            hint = f"search failed ({exc}); the index is rebuilt on the next start"
            elapsed = (time.perf_counter() - started) * 1000
            yield SearchResult(IdList([], rid_of, fid_of), len(rid_of), elapsed, hint, query, field, reverse)
        finally:
            if cancel is not None:
                conn.set_progress_handler(None, 0)

    def _answer(self, conn: sqlite3.Connection, query: Query, field: SortField, reverse: bool,
                cancel: Cancel | None, keep: str | None, page: int) -> Iterator[tuple[IdList, bool]]:
        """(ids, complete) pairs: maybe a first page, then the whole answer."""

        def check() -> None:
            if cancel is not None and cancel():
                raise SearchCancelled

        epoch, previous, rid_of, fid_of, order = self._snapshot(field)
        day = self.today()
        key = (query.terms, field, reverse, epoch, day)
        with self._lock:
            recent = self._recent.get(key)
            if recent is not None:
                self._recent.move_to_end(key)
                self._last = (None, None)
        if recent is not None:
            yield IdList(recent, rid_of, fid_of), True
            return
        if query.is_empty:
            self._remember(key, IdList(order[::-1] if reverse else order, rid_of, fid_of), None,
                           Answer(query, field, epoch, day, None, order))
            yield self._last[0] or IdList([], rid_of, fid_of), True
            return
        base = previous.base_for(query, field, epoch, day) if previous is not None else None
        walk = base if base is not None else order
        tiered = field is SortField.PUBLISHED and query.has_words
        keep_fid = fid_of.get(keep) if keep is not None else None
        tier: set[int] | None = None
        sent = False
        if page and tiered and not reverse and pure_words(query) and len(order) >= self.first_page_from:
            # Every title/author hit is a hit: the first page comes from them alone.
            tier = title_author_hits(conn, query)
            check()
            if len(tier) >= self.tier_first_from:
                first = first_of_tier(walk, tier, self._top_fid, page)
                if len(first) == page and (keep_fid is None or keep_fid in first):
                    yield IdList(first, rid_of, fid_of), False
                    sent = True
                elif keep_fid in tier:
                    page = 0  # the cursor's record is a hit beyond the first page: the whole answer only
        matched = match(conn, query, self._filter_sets)
        check()
        if tiered and tier is None and matched:
            tier = title_author_hits(conn, query)
            check()
        ordering = Ordering(order, matched, tier if tiered else None, self._top_fid,
                            lambda: self._rank(field, order), base)
        if page and not sent and len(matched) >= self.first_page_from:
            first = ordering.first(page, reverse)
            if keep_fid is None or keep_fid in first or keep_fid not in matched:
                yield IdList(first, rid_of, fid_of), False
            check()
        ids = IdList(ordering.all(reverse), rid_of, fid_of)
        self._remember(key, ids, matched, Answer(query, field, epoch, day, matched, ordering.untiered()))
        yield ids, True

    def _remember(self, key: tuple[object, ...], ids: IdList, matched: set[int] | None, answer: Answer) -> None:
        """The finished answer: for facets (`_last`), narrowing (`_previous`) and typing back."""
        with self._lock:
            if answer.epoch != self._epoch:
                return  # the contents changed meanwhile: nothing of this is worth keeping
            self._last = (ids, matched)
            self._previous = answer
            self._recent[key] = ids.fids
            while len(self._recent) > RECENT_ANSWERS:
                self._recent.popitem(last=False)

    def _snapshot(self, sort: SortField) -> tuple[int, Answer | None, dict[int, str], dict[str, int], list[int]]:
        """(epoch, previous answer, rid_of, fid_of, this sort's order), all of one state even if
        a refresh swaps the state meanwhile: the order is loaded outside the lock, and loaded
        again when the state changed before it was taken."""
        for _attempt in range(_SNAPSHOT_ATTEMPTS):
            order = self._order(sort)
            with self._lock:
                if self._orders.get(sort) is order:
                    return self._epoch, self._previous, self._rid_of, self._fid_of, order
        with self._lock:  # the state keeps changing (a build publishing): this order, cut to its ids
            rid_of = self._rid_of
            return self._epoch, self._previous, rid_of, self._fid_of, [f for f in order if f in rid_of]

    def _order(self, sort: SortField) -> list[int]:
        """Every active file id in this sort's order (cached until the contents change; read
        without holding the lock)."""
        order = self._orders.get(sort)
        if order is not None:
            return order
        conn = self._store.connect()
        with reading(conn):
            epoch, rid_of, orders = self._catch_up(conn)
            if sort in orders:
                return orders[sort]
            order = [fid for (fid,) in conn.execute(
                f"SELECT fid FROM files WHERE active=1 ORDER BY {ORDER_SQL[sort]}") if fid in rid_of]
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

    def _filter_sets(self) -> FilterSets:
        """Loaded without holding the lock (0.3 s at 100k), so searches meanwhile do not wait."""
        sets = self._sets
        if sets is not None:
            return sets
        conn = self._store.connect()
        with reading(conn):
            epoch, _rid_of, _orders = self._catch_up(conn)
            loaded = FilterSets.load(conn, lambda: self.today())
        loaded.ref.judge = lambda fids, day: judge_rows(self._store.connect(), fids, day)
        with self._lock:
            if self._epoch == epoch and self._sets is None:
                self._sets = loaded
            return self._sets if self._epoch == epoch and self._sets is not None else loaded

    def facets(self, ids: Iterable[str] | None = None) -> dict[str, list[FacetValue]]:
        """Counts per type, year (or decade), licence, open access and REF verdict for these ids
        (all when None)."""
        return self._filter_sets().facets(self._hit_set(ids))

    def _hit_set(self, ids: Iterable[str] | None) -> set[int] | None:
        """The file ids of `ids` (None: every record). The list the last search returned reuses
        the set it was made from."""
        last_ids, last_fids = self._last
        if ids is None or (ids is last_ids and last_fids is None):
            return None
        if ids is last_ids and last_fids is not None:
            return last_fids
        if isinstance(ids, IdList):
            return set(ids.fids)
        fid_of = self._fid_of
        return {fid_of[rid] for rid in ids if rid in fid_of}

    def ref_report(self, ids: Sequence[str] | None = None, policy: Policy = Policy.REF2021) -> RefReport:
        """REF verdicts per year of publication for these ids (all when None), judged today, and
        the not-compliant ones in the order of `ids`. Counted from the stored verdicts, one pass
        over the ids (the whole library's counts are kept per day): no record is read."""
        sets = self._filter_sets()
        day = sets.ref_day()
        hits = self._hit_set(ids)
        keys = sets.report_keys(policy)
        counts = keys.counts(hits)
        _epoch, _previous, rid_of, fid_of, every = self._snapshot(DEFAULT_SORT)
        if ids is None:
            order = every
        elif isinstance(ids, IdList):
            order = ids.fids
        else:
            order = [fid_of[rid] for rid in ids if rid in fid_of]
        return make_report(policy, day.day, counts, IdList(keys.not_compliant(order), rid_of, fid_of))
