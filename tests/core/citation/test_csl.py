"""Record → CSL-JSON: article numbers, names, control characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.core.citation.csl import record_to_csl, split_page_and_number
from repotui.core.loader import load_records
from repotui.core.model import Record


def _load(tmp_path: Path, text: str) -> Record:
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    result = load_records(tmp_path)
    assert result.records, result.problems
    return result.records[0]


@pytest.mark.parametrize(("page", "number", "want"), [
    ("Art. No. 130923", None, (None, "130923")),
    ("Article number e0123", None, (None, "e0123")),
    ("tyac012", None, (None, "tyac012")),
    ("e0173305", None, (None, "e0173305")),
    ("130923", None, (None, "130923")),
    ("1-24", None, ("1-24", None)),
    ("S12-S20", None, ("S12-S20", None)),
    ("12345", None, ("12345", None)),
    ("tyac012", "already", ("tyac012", "already")),
    (None, "7", (None, "7")),
])
def test_article_numbers_leave_page(page: str | None, number: str | None, want: tuple) -> None:
    assert split_page_and_number(page, number) == want


def test_seed_item(seed: Record) -> None:
    item = record_to_csl(seed)
    assert item["number"] == "tyac012" and "page" not in item
    assert item["author"] == [{"family": "Beckerman", "given": "Carly E"}]
    assert item["issued"] == {"date-parts": [[2022]]}
    assert "abstract" not in item and "house-citation" not in item and "licence" not in item
    assert "abstract" in record_to_csl(seed, full=True)


def test_page_with_article_number_moves(tmp_path: Path) -> None:
    record = _load(tmp_path, "id: a\ntitle: T\ntype: article-journal\npage: 'Art. No. 130923'\nvolume: 5\n")
    item = record_to_csl(record)
    assert item["number"] == "130923" and "page" not in item
    assert item["volume"] == "5"


def test_names_and_controls(tmp_path: Path) -> None:
    record = _load(tmp_path, (
        'id: b\ntitle: "Bad \\e[31mred\\x07 title\\uE001"\n'
        "author:\n- family: Doe\n  given: Jane\n  ORCID: https://orcid.org/0000-0002-1825-0097\n"
        "- literal: World Health Organization\n"
    ))
    item = record_to_csl(record)
    assert item["author"] == [{"family": "Doe", "given": "Jane"}, {"literal": "World Health Organization"}]
    assert "\x1b" not in item["title"] and "\x07" not in item["title"] and "\ue001" not in item["title"]
    assert item["id"] == "b" and item["type"] == "article"
