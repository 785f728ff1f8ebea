"""Every record in records/ and in every export, cited in the seven reference styles: no doubled
punctuation, no "[Preprint]" for a record with a volume, and the source's initials.

One batch per style through the Citer (a few seconds for ~250 records x 7 styles), with the real
pandoc worker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repotui.adapters.pandoc import PandocEngine
from repotui.core.citation import Citer
from repotui.core.loader import load_records
from repotui.core.model import Record
from repotui.core.validate import validate
from tests.adapters.importers.exports import ALL_EXPORTS, imported

RECORDS_DIR = Path(__file__).resolve().parents[3] / "records"
STYLES = ("house", "apa", "harvard-cite-them-right", "chicago-author-date", "modern-language-association", "ieee",
          "nlm-citation-sequence")
#: Words a full stop may follow before a comma or another stop: abbreviations, initials.
_ABBREVIATIONS = {"al", "ed", "eds", "edn", "pp", "vol", "vols", "no", "nos", "inc", "ltd", "co", "jr", "sr", "st",
                  "dr", "rev", "trans", "comp", "n.d", "etc", "univ", "dept", "assn", "corp", "suppl", "tech",
                  "rep", "diss", "ph.d", "mass", "conf", "proc", "ser"}


def _doubled(text: str) -> list[str]:
    """Doubled punctuation: "..", ",,", ";;", "?." and a word's full stop before a comma or
    stop ("pregnancy.’,"); initials and abbreviations ("R. M.,", "et al.,") are not doubled."""
    found = [m.group(0) for m in re.finditer(r"(?<!\.)\.\.(?!\.)|,,|;;|::|[?!][’'”\"]?\.(?!\.)", text)]
    for match in re.finditer(r"([^\W\d_]+)\.[’'”\"]?[,.;:](?!\d)", text):
        word = match.group(1)
        if len(word) > 1 and word.lower() not in _ABBREVIATIONS and not word.isupper():
            found.append(text[max(0, match.start() - 20): match.end() + 5])
    return found


@pytest.fixture(scope="module")
def records() -> list[Record]:
    loaded = load_records(RECORDS_DIR)
    assert loaded.problems == []
    out = list(loaded.records)
    for path in ALL_EXPORTS:
        for rid, rec in imported(path).items():
            out.append(validate(rec.mapping, {}, path, f"{path.stem}-{rid}"))
    assert len(out) > 200
    return out


def _initials_shown(record: Record, style: str, text: str) -> bool | None:
    """Whether the first author's initials print as the source gave them (None: nothing to check)."""
    if not record.authors:
        return None
    first = record.authors[0]
    if not first.family or not first.given or first.particle or first.dropping_particle:
        return None
    given = first.given.strip()
    if re.fullmatch(r"[A-Z]{2,4}", given):  # "RM", as EPrints writes initials
        letters = list(given)
    elif re.fullmatch(r"(?:[^\W\d_]\.\s?){2,}", given):  # "R. M.", "R.M."
        letters = re.findall(r"[^\W\d_]", given)
    else:
        return None  # not a run of initials
    family = first.family
    expected = {
        "apa": f"{family}, {' '.join(c + '.' for c in letters)}",
        "chicago-author-date": f"{family}, {' '.join(c + '.' for c in letters)}",
        "modern-language-association": f"{family}, {' '.join(c + '.' for c in letters)}",
        "harvard-cite-them-right": f"{family}, {''.join(c + '.' for c in letters)}",
        "ieee": f"{' '.join(c + '.' for c in letters)} {family}",
        "nlm-citation-sequence": f"{family} {''.join(letters)}",
        "house": f"{family}, {' '.join(c + '.' for c in letters)}",
    }[style]
    if style == "house" and record.house_citation:
        return None  # the repository's own citation, printed as it printed it
    return expected in text


@pytest.mark.parametrize("style", STYLES)
def test_every_record_cites_cleanly_in_the_reference_styles(engine: PandocEngine, records: list[Record],
                                                            style: str) -> None:
    citer = Citer(engine)
    citations = citer.render_many(records, style, "en-GB")
    assert len(citations) == len(records)
    problems = []
    for record, citation in zip(records, citations, strict=True):
        text = citation.text
        if not text.strip():
            problems.append(f"{record.id}: empty citation")
            continue
        if citation.engine != "repository":  # the repository's own text is not ours to judge
            doubled = _doubled(text)
            if doubled:
                problems.append(f"{record.id}: doubled punctuation {doubled}: {text}")
        if record.volume and "preprint" in text.lower() and "preprint" not in (record.genre or "").lower():
            problems.append(f"{record.id}: [Preprint] with a volume: {text}")
        if _initials_shown(record, style, text) is False:
            problems.append(f"{record.id}: initials of {record.authors[0].given!r} not printed: {text}")
    assert not problems, "\n".join(problems)


def test_the_checks_catch_what_they_look_for() -> None:
    assert _doubled("Chico, R. M. (2011) ‘…in pregnancy.’, Expert opinion") != []
    assert _doubled("Is there a dilemma?. Journal") != []
    assert _doubled("Chico, R. M., & Chandramohan, D. (2011). Title. Journal, 7, 1–2.") == []
    assert _doubled("Smith, J. et al., 2011. Title.") == []
