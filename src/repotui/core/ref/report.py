"""A REF report over many records: how many of each verdict per year of publication, and which
records are not compliant. The report screen draws it; the index counts it (`Library.ref_report`)
and `tally` counts it from records (the tests' reference, and small lists).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from repotui.core.ref.result import Policy, Verdict

#: The order a report (and the REF facets) lists verdicts in: the good news, what is pending,
#: what needs work, and what the policy does not cover. Fixed, so a reader finds "not compliant"
#: in the same place every time.
VERDICT_ORDER = (Verdict.COMPLIANT, Verdict.WILL_BECOME, Verdict.CANNOT_TELL, Verdict.NOT_COMPLIANT,
                 Verdict.OUT_OF_SCOPE)


def percentages(counts: Mapping[Verdict, int]) -> dict[Verdict, int]:
    """Whole percentages that add up to exactly 100 (largest remainder; ties go to the verdict
    listed first), so a row never reads 99% or 101%."""
    total = sum(counts.values())
    if total == 0:
        return {v: 0 for v in VERDICT_ORDER}
    exact = {v: counts.get(v, 0) * 100 / total for v in VERDICT_ORDER}
    whole = {v: int(x) for v, x in exact.items()}
    left = 100 - sum(whole.values())
    for v in sorted(VERDICT_ORDER, key=lambda v: (-(exact[v] - whole[v]), VERDICT_ORDER.index(v)))[:left]:
        whole[v] += 1
    return whole


def percent_text(count: int, percent: int) -> str:
    """`45%`; `<1%` for records that round to nothing (a count is never shown as 0%)."""
    return "<1%" if count and not percent else f"{percent}%"


@dataclass(frozen=True, slots=True)
class YearCounts:
    """One bar of the chart: a year of publication (None: no date) and its count per verdict."""

    year: int | None
    counts: Mapping[Verdict, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def label(self) -> str:
        return "no date" if self.year is None else str(self.year)

    def count(self, verdict: Verdict) -> int:
        return self.counts.get(verdict, 0)

    def percentages(self) -> dict[Verdict, int]:
        return percentages(self.counts)


@dataclass(frozen=True, slots=True)
class RefReport:
    """Verdicts per year for a list of records, judged on `as_of` against `policy`."""

    policy: Policy
    as_of: dt.date
    years: tuple[YearCounts, ...]
    """Newest year first; records with no publication year last."""
    not_compliant: Sequence[str]
    """Ids of the not-compliant records, in the order of the list the report was made for."""

    @property
    def total(self) -> YearCounts:
        """Every year together (`year` None, labelled "all")."""
        counts: Counter[Verdict] = Counter()
        for row in self.years:
            counts.update(row.counts)
        return YearCounts(None, {v: counts.get(v, 0) for v in VERDICT_ORDER})

    @property
    def records(self) -> int:
        return sum(row.total for row in self.years)

    def summary(self) -> str:
        """`1,022 in scope: 521 compliant (51%), 5 will become compliant (0%), …`: the headline."""
        total = self.total
        in_scope = total.total - total.count(Verdict.OUT_OF_SCOPE)
        if in_scope == 0:
            return "no record is in scope" if total.total else "no records"
        scoped: dict[Verdict, int] = {v: total.count(v) for v in VERDICT_ORDER if v is not Verdict.OUT_OF_SCOPE}
        shares = percentages(scoped)
        parts = [f"{n:,} {v.label} ({percent_text(n, shares[v])})" for v, n in scoped.items() if n]
        return f"{in_scope:,} in scope: " + ", ".join(parts)


def make_report(policy: Policy, as_of: dt.date, counts: Mapping[tuple[int | None, Verdict], int],
                not_compliant: Sequence[str]) -> RefReport:
    """A report from counts per (year, verdict)."""
    by_year: dict[int | None, dict[Verdict, int]] = {}
    for (year, verdict), n in counts.items():
        if n:
            row = by_year.setdefault(year, dict.fromkeys(VERDICT_ORDER, 0))
            row[verdict] += n
    order = sorted((y for y in by_year if y is not None), reverse=True)
    rows = [YearCounts(y, by_year[y]) for y in order]
    if None in by_year:
        rows.append(YearCounts(None, by_year[None]))
    return RefReport(policy, as_of, tuple(rows), not_compliant)


def tally(policy: Policy, as_of: dt.date, judged: Iterable[tuple[str, int | None, Verdict]]) -> RefReport:
    """A report from (id, year, verdict) triples, in list order."""
    counts: Counter[tuple[int | None, Verdict]] = Counter()
    failing: list[str] = []
    for rid, year, verdict in judged:
        counts[(year, verdict)] += 1
        if verdict is Verdict.NOT_COMPLIANT:
            failing.append(rid)
    return make_report(policy, as_of, counts, failing)
