"""General corrections to the CSL-JSON an engine gets, for every style (not keyed on a style name).

Each rule fixes a class of error that pandoc's citeproc makes with ordinary data and that the CSL
test-suite and the style guides show (see .notes/citations.md, "Going past the engine"):

- seasons ("season": 3, "Autumn 2000") are dropped by pandoc unless written as months 21-24;
- in styles that never demote particles (APA, MLA, the house style) a particle is part of the
  family name for display and sorting alike, yet pandoc compares names without it when it
  disambiguates ("dos Santos" and "Santos" get initials they do not need) and drops the space in
  "de' Frinkle": the particle is folded into the family name and parsing is switched off;
- an issue or volume range ("3-4", a double issue) takes an en dash like a page range.
"""

from __future__ import annotations

import re
from typing import Any

from repotui.core.citation.styles import StyleInfo

_DATE_VARS = ("accessed", "available-date", "container", "event-date", "issued", "original-date", "submitted")
_NAME_VARS = ("author", "editor", "translator", "container-author", "collection-editor", "composer",
              "director", "interviewer", "recipient", "reviewed-author", "illustrator", "original-author",
              "editorial-director")
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
#: A page range: optional letter prefix, digits, a dash, the same prefix or none, digits.
_PAGE_RANGE = re.compile(r"\b([A-Za-z]{0,2})(\d+)\s*[-–]\s*(?:\1)?(\d+)\b")
_NUMBER_RANGE = re.compile(r"^(\d+)\s*-\s*(\d+)$")


def apply_data_rules(style: StyleInfo, item: dict[str, Any], *, en_dash_ranges: bool = True) -> dict[str, Any]:
    """Return `item` with the general rules applied (the item is changed in place and returned)."""
    for var in _DATE_VARS:
        value = item.get(var)
        if isinstance(value, dict):
            item[var] = season_as_month(value)
    if style.demote_particle == "never":
        for var in _NAME_VARS:
            names = item.get(var)
            if isinstance(names, list):
                item[var] = [fold_particle(n) if isinstance(n, dict) else n for n in names]
    if en_dash_ranges:
        for var in ("issue", "volume"):
            value = item.get(var)
            if isinstance(value, str):
                item[var] = _NUMBER_RANGE.sub("\\1–\\2", value)
    return item


def season_as_month(date: dict[str, Any]) -> dict[str, Any]:
    """{"date-parts": [[2000]], "season": 3} → {"date-parts": [[2000, 23]]} (CSL's months 21-24)."""
    season = date.get("season")
    parts = date.get("date-parts")
    if season is None or not isinstance(parts, list) or len(parts) != 1 or not isinstance(parts[0], list) \
            or len(parts[0]) != 1:
        return date
    number = _SEASONS.get(str(season).strip().lower()) if not str(season).strip().isdigit() else int(str(season))
    if number not in (1, 2, 3, 4):
        return date
    fixed = {k: v for k, v in date.items() if k != "season"}
    fixed["date-parts"] = [[parts[0][0], 20 + number]]
    return fixed


def fold_particle(name: dict[str, Any]) -> dict[str, Any]:
    """A name as a never-demoting style prints and sorts it: "dos" + "Santos" → "dos Santos", one
    family name that is not parsed again. Names without a particle are left alone."""
    family = name.get("family")
    if not isinstance(family, str) or not family or name.get("literal"):
        return name
    particle = name.get("non-dropping-particle")
    if isinstance(particle, str) and particle:
        joiner = "" if particle.endswith(("'", "’", "-")) else " "
        folded = {k: v for k, v in name.items() if k != "non-dropping-particle"}
        folded["family"] = particle + joiner + family
        folded["parse-names"] = False
        return folded
    first = family.split()[0] if family.split() else ""
    if first[:1].islower() or first[:1] in ("'", "’"):  # "van der Berg", "'t Hooft", "d'Alembert"
        return {**name, "parse-names": False}
    return name


def expand_page_ranges(page: str) -> str:
    """"321-28" → "321-328", "101–8" → "101–108", "e101-15" → "e101-e115"; other text unchanged.

    Not a general rule: a style without a page-range format prints the range as the data gives
    it (CSL spec; the suite's page_NoOption). Used where the guide wants full ranges (IEEE)."""
    def expand(match: re.Match[str]) -> str:
        prefix, first, last = match.group(1), match.group(2), match.group(3)
        dash = "–" if "–" in match.group(0) else "-"
        if len(last) < len(first):
            full = first[:len(first) - len(last)] + last
            if int(full) > int(first):  # "199-02" is not 199-102: left as written
                last = full
        return f"{prefix}{first}{dash}{prefix}{last}"

    return _PAGE_RANGE.sub(expand, page)
