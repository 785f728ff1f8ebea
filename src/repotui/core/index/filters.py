"""Filter columns held in memory as sets of file ids, and the facet counts made from them.

Why: set algebra in C is far quicker per keystroke than scanning a table of 100k rows for
every filter; loading the sets once costs about 0.3 s at 100k records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from repotui.core.facets import FacetValue, build_facets
from repotui.core.query import Term, type_slug


def _union(groups: Iterable[set[int]]) -> set[int]:
    out: set[int] = set()
    for group in groups:
        out |= group
    return out


@dataclass
class FilterSets:
    """The active files by type, year, licence and flag."""

    every: set[int]
    types: dict[str, set[int]]
    years: dict[int | None, set[int]]
    licences: dict[str, set[int]]
    oa: set[int]
    pdf: set[int]
    abstract: set[int]
    doi: set[int]

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> FilterSets:
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

    def select(self, term: Term) -> set[int]:
        """The files a filter term (type, year, licence, oa, has) selects, ignoring its negation."""
        if term.field == "type":
            return _union(s for t, s in self.types.items() if term.value in (t.lower(), type_slug(t)))
        if term.field == "year":
            low = term.low if term.low is not None else -1
            high = term.high if term.high is not None else 99999
            return _union(s for y, s in self.years.items() if y is not None and low <= y <= high)
        if term.field == "licence":
            if term.phrase:  # quoted (a facet's selection): this licence exactly, not CC-BY-NC under "cc-by"
                return _union(s for lic, s in self.licences.items() if lic.lower() == term.value)
            return _union(s for lic, s in self.licences.items() if lic.lower().startswith(term.value))
        if term.field == "oa":
            return self.oa if term.flag else self.every - self.oa
        if term.field == "has":
            if term.value == "licence":
                return self.every - self.licences.get("", set())
            return {"pdf": self.pdf, "abstract": self.abstract, "doi": self.doi}[term.value]
        return set()

    def facets(self, fids: set[int] | None) -> dict[str, list[FacetValue]]:
        """Counts per type, year, licence and open access among these files (all when None)."""
        def count(group: set[int]) -> int:
            return len(group) if fids is None else len(group & fids)

        oa_count = count(self.oa)
        total = len(self.every) if fids is None else len(fids & self.every)
        return build_facets({t: count(s) for t, s in self.types.items()},
                            {y: count(s) for y, s in self.years.items()},
                            {lic: count(s) for lic, s in self.licences.items()},
                            {True: oa_count, False: total - oa_count})
