"""What a search returns: record ids in order, cheap to hand to the list pane.

A large answer comes in two results (`Library.search_pages`): its first page (`complete` False),
then all of it. The list pane reads either as a `Sequence[str]`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from repotui.core.query import Query
from repotui.core.sorting import DEFAULT_SORT, SortField


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

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
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

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so unhashable like one; object's __hash__ is a method

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
    complete: bool = True
    """False: `ids` is the answer's first page only (the rest is being ordered and counted)."""

    def status_text(self) -> str:
        """`312 of 100,000 records · 4 ms`, the status line under the list (`60+ of 100,000
        records · counting…` while only the first page is known)."""
        if not self.complete:
            return f"{len(self.ids):,}+ of {self.total:,} records · counting…"
        return f"{len(self.ids):,} of {self.total:,} records · {self.elapsed_ms:.0f} ms"
