"""REF verdicts in the index (issue 12): what a record stores for the `ref:`, `ref2029:` and
`embargoed:` filters, the REF facets and the report, and keeping it true as the days pass.

Why stored: judging a record takes ~45 µs, but reading it back from the index first takes ~0.1
ms more, so judging 100,000 records per keystroke is out of the question. Each file's verdicts
are judged when it is parsed (on that day) and stored with the last day they hold
(`Assessment.valid_until`, NULL when they never change) and the day its last embargo lifts.
A verdict changes only when a deadline passes, so on a later day only the rows whose
`ref_until` has passed are judged again: in memory for the day asked (`RefSets.on`), and on
disk by `store_fresh` at the next refresh. meta `ref_day` is the latest day a stored verdict
was judged for; a day before it (a clock set back, `repotui ref --as-of` in the past) judges
every row again in memory, since a verdict is only known to hold from its day onwards.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path

from repotui.core.index.codec import read_zdict, record_from_json, unpack
from repotui.core.model import Record
from repotui.core.ref import Policy, Verdict, assess_all, embargo_lifts

#: The REF columns of ``files``, in the order `ref_columns` returns them (schema appends them).
REF_COLUMNS = ("ref2021", "ref2029", "ref_until", "emb_lifts")
#: SQL for the rows `store_fresh` looks at (a partial index keeps it quick).
REF_INDEX = "CREATE INDEX files_ref_until ON files(ref_until) WHERE ref_until IS NOT NULL;"

Judged = tuple[str, str, str | None]
"""A row's REF 2021 verdict, REF 2029 verdict and the last day both hold (ISO text or None)."""
Judge = Callable[[list[int], dt.date], dict[int, Judged]]
"""Judges the records of these file ids on a day (reads them from the index)."""


def ref_columns(record: Record, day: dt.date | None = None) -> tuple[str, str, str | None, str | None]:
    """The record's REF columns judged on `day` (today when None)."""
    results = assess_all(record, day or dt.date.today())
    until = [a.valid_until for a in results.values() if a.valid_until is not None]
    lifts = embargo_lifts(record)
    return (results[Policy.REF2021].verdict.value, results[Policy.REF2029].verdict.value,
            min(until).isoformat() if until else None, lifts.isoformat() if lifts else None)


def _batches(items: list[int], size: int = 500) -> Iterable[list[int]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def judge_rows(conn: sqlite3.Connection, fids: list[int], day: dt.date) -> dict[int, Judged]:
    """Judge these files' records again on `day`, from the record JSON the index holds."""
    out: dict[int, Judged] = {}
    zdict = read_zdict(conn)
    for chunk in _batches(fids):
        for fid, data in conn.execute(
                f"SELECT fid, data FROM recs WHERE fid IN ({','.join('?' * len(chunk))})", chunk):
            v2021, v2029, until, _lifts = ref_columns(record_from_json(unpack(data, zdict), Path()), day)
            out[fid] = (v2021, v2029, until)
    return out


def store_fresh(conn: sqlite3.Connection, day: dt.date | None = None) -> int:
    """Judge again, on `day` (the real today by default, as parsing uses), the stored verdicts
    that expired before it, and record `day` in meta `ref_day`. Returns how many rows changed.
    On a clock set back (day < ref_day) nothing is written: memory re-judges for that day."""
    day = day or dt.date.today()
    row = conn.execute("SELECT value FROM meta WHERE key='ref_day'").fetchone()
    if row is not None and day < dt.date.fromisoformat(row[0]):
        return 0
    stale = [fid for (fid,) in conn.execute(
        "SELECT fid FROM files WHERE ref_until IS NOT NULL AND ref_until < ?", (day.isoformat(),))]
    if not stale and row is not None and row[0] == day.isoformat():
        return 0  # nothing to write: the usual refresh on the same day
    judged = judge_rows(conn, stale, day) if stale else {}
    conn.execute("BEGIN")
    try:
        conn.executemany("UPDATE files SET ref2021=?, ref2029=?, ref_until=? WHERE fid=?",
                         [(*values, fid) for fid, values in judged.items()])
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('ref_day', ?)", (day.isoformat(),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(judged)


@dataclass
class RefDay:
    """The REF sets as they stand on one day."""

    day: dt.date
    verdicts: dict[Policy, dict[Verdict, set[int]]]
    embargoed: set[int]
    rejudged: int = 0
    """How many rows had to be judged again for this day (the rest were still current)."""

    def code_of(self, policy: Policy, top_fid: int) -> bytearray:
        """A byte per file id: the index of its verdict in `Verdict` + 1 (0: not an active file).
        Counting verdicts over 100k ids goes through this in C, not through set probes."""
        codes = bytearray(top_fid + 1)
        for i, verdict in enumerate(Verdict, start=1):
            deque(map(codes.__setitem__, self.verdicts[policy][verdict], repeat(i)), maxlen=0)
        return codes


@dataclass
class RefSets:
    """The stored REF columns of the active files, and the view of them on any day."""

    stored: dict[Policy, dict[Verdict, set[int]]]
    until: dict[int, str]
    """File id → the last day its stored verdicts hold, for rows that expire."""
    lifts: dict[int, str]
    """File id → the day its last embargo lifts, for rows with an embargo."""
    stored_day: dt.date | None
    """meta `ref_day`: no stored verdict was judged for a later day."""
    judge: Judge | None = None
    _days: dict[dt.date, RefDay] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def empty(cls, stored_day: dt.date | None = None) -> RefSets:
        return cls({p: {v: set() for v in Verdict} for p in Policy}, {}, {}, stored_day)

    def add(self, fid: int, v2021: str | None, v2029: str | None, until: str | None, lifts: str | None) -> None:
        """One active row (FilterSets.load calls this for each)."""
        for policy, value in ((Policy.REF2021, v2021), (Policy.REF2029, v2029)):
            self.stored[policy][_verdict(value)].add(fid)
        if until is not None:
            self.until[fid] = until
        if lifts is not None:
            self.lifts[fid] = lifts

    def on(self, day: dt.date) -> RefDay:
        """The verdict and embargo sets on `day`; rows whose verdict has expired by then (every
        row, for a day before the stored day) are judged again. Cached per day."""
        cached = self._days.get(day)
        if cached is not None:
            return cached
        with self._lock:  # two threads asking for a new day judge the rows once
            cached = self._days.get(day)
            if cached is None:
                cached = self._days[day] = self._make(day)
            return cached

    def _make(self, day: dt.date) -> RefDay:
        iso = day.isoformat()
        if self.stored_day is not None and day < self.stored_day:
            stale = [fid for sets in self.stored[Policy.REF2021].values() for fid in sets]
        else:
            stale = [fid for fid, until in self.until.items() if until < iso]
        verdicts = self.stored
        if stale and self.judge is not None:
            judged = self.judge(stale, day)
            verdicts = {p: {v: set(s) for v, s in by.items()} for p, by in self.stored.items()}
            for fid, (v2021, v2029, _until) in judged.items():
                for policy, value in ((Policy.REF2021, v2021), (Policy.REF2029, v2029)):
                    for members in verdicts[policy].values():
                        members.discard(fid)
                    verdicts[policy][_verdict(value)].add(fid)
        embargoed = {fid for fid, lifts in self.lifts.items() if iso < lifts}
        return RefDay(day, verdicts, embargoed, len(stale))


def _verdict(value: str | None) -> Verdict:
    """A stored verdict word (a row stored before it was judged reads as `cannot-tell`)."""
    try:
        return Verdict(value or "")
    except ValueError:
        return Verdict.CANNOT_TELL
