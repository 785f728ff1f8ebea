"""Facet counts for a result set: item type, year (or decade), licence, open access, and the REF
2021 and REF 2029 verdicts.

Each value carries the query text that selects it (`type:article-journal`, `year:2010..2019`),
so a facet panel only appends that text to the search box.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from repotui.core.model import TYPE_NAMES, Licence
from repotui.core.query import quote_value, type_slug
from repotui.core.ref import VERDICT_ORDER, Policy, Verdict

#: More distinct years than this and the year facet switches to decades.
MAX_YEARS = 12


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One row of a facet: what to show, how many results have it, and the filter selecting it."""

    label: str
    count: int
    filter: str


def _licence_label(value: str) -> str:
    return Licence(id=value).short if value else "no licence"


def build_facets(types: Mapping[str, int], years: Mapping[int | None, int], licences: Mapping[str, int],
                 oa: Mapping[bool, int]) -> dict[str, list[FacetValue]]:
    """Facet values from counts per type, year, licence id (as stored) and open-access flag."""
    by_slug: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for rtype, n in types.items():  # "article" and "article-journal" are both "Article"
        slug = type_slug(rtype) or rtype
        by_slug[slug] += n
        labels.setdefault(slug, TYPE_NAMES.get(rtype, rtype))
    return {
        "type": [FacetValue(labels[slug], n, f"type:{quote_value(slug)}")
                 for slug, n in sorted(by_slug.items(), key=lambda kv: (-kv[1], kv[0])) if n],
        "year": _year_values(Counter({y: n for y, n in years.items() if n})),
        "licence": [FacetValue(_licence_label(lic), n,
                               f'licence:"{lic.lower()}"' if lic else "-has:licence")
                    for lic, n in sorted(licences.items(), key=lambda kv: (-kv[1], kv[0])) if n],
        "open access": [FacetValue("open access" if flag else "not open access", n,
                                   "oa:yes" if flag else "oa:no")
                        for flag, n in sorted(oa.items(), key=lambda kv: -kv[1]) if n],
    }


def _year_values(years: Counter[int | None]) -> list[FacetValue]:
    known = {y: n for y, n in years.items() if y is not None}
    out: list[FacetValue]
    if len(known) > MAX_YEARS:
        decades: Counter[int] = Counter()
        for year, n in known.items():
            decades[year // 10 * 10] += n
        out = [FacetValue(f"{d}s", n, f"year:{d}..{d + 9}") for d, n in sorted(decades.items(), reverse=True)]
    else:
        out = [FacetValue(str(y), n, f"year:{y}") for y, n in sorted(known.items(), reverse=True)]
    if years.get(None):
        out.append(FacetValue("no date", years[None], "-year:..9999"))
    return out


_FILTER_WORD = {Verdict.WILL_BECOME: "will-become"}


def ref_facets(policy: Policy, counts: Mapping[Verdict, int]) -> list[FacetValue]:
    """One policy's verdicts with their counts, in the report's order (not by count: a reader
    finds "not compliant" in the same place every time); each selects with `ref:` (2021) or
    `ref2029:`."""
    name = "ref" if policy is Policy.REF2021 else "ref2029"
    return [FacetValue(v.label, counts[v], f"{name}:{_FILTER_WORD.get(v, v.value)}")
            for v in VERDICT_ORDER if counts.get(v)]


__all__ = ["FacetValue", "build_facets", "ref_facets"]
