"""A search result's ids: a lazy, read-only list the list pane reads a screenful of."""

from __future__ import annotations

import pytest

from repotui.core.index import Library


def test_result_ids_behave_as_a_read_only_list(lib: Library) -> None:
    ids = lib.search("security").ids
    assert len(ids) == 3
    assert ids[0] == "s-cyber" and ids[-1] == "s-escal"
    assert ids[1:] == ["s-book", "s-escal"]
    assert list(ids) == ["s-cyber", "s-book", "s-escal"]
    assert ids.index("s-book") == 1
    with pytest.raises(ValueError):
        ids.index("s-orsted")
    assert "s-book" in ids and "s-orsted" not in ids and 3 not in ids
    assert ids == lib.search("security").ids
    assert ids != lib.search("security", reverse=True).ids
