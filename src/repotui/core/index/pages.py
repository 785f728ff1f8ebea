"""A search answered page first (issue 15): the first screenful of hits in the sort's order
before the rest is ordered and counted, narrowing when a query extends the one before, and
cancelling a search nobody waits for any more.

Ordering 98,000 hits of a one-letter prefix at 100k records takes tens of milliseconds (a pass
over the sorted list of every file, twice when the title and author hits go first); the first 60
take a fraction of a millisecond once the hits are in a byte mask. For a query of free words in
the default order, the title/author hits come first and every one of them is a hit, so the first
page can be read off them alone, before the (larger) set of every hit is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, islice

from repotui.core.index.fts import WORD_FIELDS
from repotui.core.index.search import mask
from repotui.core.query import Query, Term
from repotui.core.sorting import SortField

#: Rows in the first page: more than a tall terminal shows.
FIRST_PAGE = 60
#: The first page is handed over on its own only when the answer has at least this many hits
#: (below, ordering them all takes a few milliseconds: one answer is better than two frames).
FIRST_PAGE_FROM = 20_000
#: A free-word query's title/author hits alone give the first page when there are this many.
TIER_FIRST_FROM = 5_000
#: Above one hit in this many candidates, ordering walks the sorted list (in C) instead of
#: sorting the hits by rank.
FULL_PASS_RATIO = 16
#: Finished answers kept for typing back (backspace) and repeating a search.
RECENT_ANSWERS = 16
#: SQLite calls the cancel check every this many virtual-machine steps.
CANCEL_CHECK_STEPS = 5_000


class SearchCancelled(Exception):
    """The search was cancelled (a newer query replaced it) before it finished."""


Cancel = Callable[[], bool]


def implies(new: Term, old: Term) -> bool:
    """Every file `new` matches is matched by `old`: the same term, or a word term typed further
    (`c` → `cy`, `cyber` → `cyber ` (the prefix closed), `cyber` → `cyber secu`)."""
    if new == old:
        return True
    if (new.field != old.field or new.field not in WORD_FIELDS or new.negated or old.negated
            or new.phrase or old.phrase or not old.prefix or not old.words):
        return False
    head = len(old.words) - 1
    return (len(new.words) > head and new.words[:head] == old.words[:head]
            and new.words[head].startswith(old.words[head]))


def narrows(new: Query, old: Query) -> bool:
    """Every file matching `new` matches `old`: each of old's terms is implied by one of new's."""
    return all(any(implies(term, wanted) for term in new.terms) for wanted in old.terms)


def pure_words(query: Query) -> bool:
    """Free words only: then every title/author hit is a hit."""
    return bool(query.terms) and all(t.field == "text" and not t.negated for t in query.terms)


@dataclass(frozen=True)
class Answer:
    """What a finished search leaves behind for the next one."""

    query: Query
    sort: SortField
    epoch: int
    day: dt.date
    matched: set[int] | None
    """The hits (None: every file)."""
    ordered: list[int]
    """The hits in the sort's order, before the title/author hits are put first and before a
    reversal: a query that narrows this one walks this list instead of every file."""

    def base_for(self, query: Query, sort: SortField, epoch: int, day: dt.date) -> list[int] | None:
        """This answer's hits as the candidates of `query`, when it narrows this one."""
        if (sort is self.sort and epoch == self.epoch and day == self.day and self.matched is not None
                and narrows(query, self.query)):
            return self.ordered
        return None


class Ordering:
    """Hits put in the sort's order, title/author hits first when `tier` is given; the first
    page without ordering the rest.

    `order` is every file in the sort's order; `base` (a subsequence of it: the previous answer's
    hits when narrowing) is walked instead when given. `rank` gives positions in `order`, for
    ordering a few hits by sorting instead of walking.
    """

    def __init__(self, order: list[int], matched: set[int], tier: set[int] | None, top_fid: int,
                 rank: Callable[[], dict[int, int]], base: list[int] | None = None) -> None:
        self.order = order
        self.walk = base if base is not None else order
        self.matched = matched
        self.tier = tier
        self.top_fid = top_fid
        self.rank = rank
        self._masks: tuple[bytes, bytes, bytes] | None = None

    def _dense(self) -> bool:
        return len(self.matched) * FULL_PASS_RATIO > len(self.walk)

    def _hit_masks(self) -> tuple[bytes, bytes, bytes]:
        """Byte masks over file ids: every hit, the title/author hits, the other hits (the last
        two are the first when there are no tiers)."""
        if self._masks is None:
            tier = self.tier
            top_fid = max(self.top_fid, max(self.matched, default=0), max(tier, default=0) if tier else 0)
            hits = bytes(mask(self.matched, top_fid))
            if tier is None:
                self._masks = (hits, hits, hits)
            else:
                size = len(hits)
                whole = int.from_bytes(hits, "little")
                top = int.from_bytes(mask(tier, top_fid), "little")
                self._masks = (hits, (whole & top).to_bytes(size, "little"), (whole & ~top).to_bytes(size, "little"))
        return self._masks

    def first(self, count: int, reverse: bool = False) -> list[int]:
        """The first `count` hits of `all(reverse)`, without ordering the rest."""
        if not self.matched:
            return []
        if not self._dense():
            return self.all(reverse)[:count]
        _hits, top, rest = self._hit_masks()
        tiers = [top] if self.tier is None else [top, rest]
        out: list[int] = []
        for tier in reversed(tiers) if reverse else tiers:
            walk, keys = (reversed(self.walk), reversed(self.walk)) if reverse else (self.walk, self.walk)
            out += islice(compress(walk, map(tier.__getitem__, keys)), count - len(out))
            if len(out) >= count:
                break
        return out

    def all(self, reverse: bool = False) -> list[int]:
        """Every hit in order."""
        fids = self.untiered()
        if self.tier is not None and fids:
            _hits, top, rest = self._hit_masks()
            fids = list(compress(fids, map(top.__getitem__, fids))) + list(compress(fids, map(rest.__getitem__, fids)))
        return fids[::-1] if reverse else fids

    def untiered(self) -> list[int]:
        """Every hit in the sort's order (the title/author hits not put first)."""
        if not self.matched:
            return []
        if self._dense():
            hits = self._hit_masks()[0]
            return list(compress(self.walk, map(hits.__getitem__, self.walk)))
        ranks = self.rank()
        order = self.order
        return [order[r] for r in sorted(r for r in map(ranks.get, self.matched) if r is not None)]


def first_of_tier(walk: list[int], tier: set[int], top_fid: int, count: int) -> list[int]:
    """The first `count` files of `tier` in the order of `walk`."""
    hits = mask(tier, top_fid)
    return list(islice(compress(walk, map(hits.__getitem__, walk)), count))
