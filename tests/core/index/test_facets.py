"""Facet counts from the index's in-memory filter sets: per result set, and narrowing the list."""

from __future__ import annotations

from repotui.core.index import Library


def test_facets_count_the_result_set(lib: Library) -> None:
    facets = lib.facets(lib.search("oa:yes").ids)
    assert [(v.label, v.count, v.filter) for v in facets["type"]] == [
        ("Article", 2, "type:article"), ("Thesis", 1, "type:thesis")]
    assert [(v.label, v.count, v.filter) for v in lib.facets()["type"]][:2] == [
        ("Article", 4, "type:article"), ("Book", 1, "type:book")]
    # cyber.yaml says `cc_by` (no version): it stays unversioned, its own facet value
    assert [(v.label, v.count) for v in facets["licence"]] == [
        ("CC BY", 1), ("CC BY 4.0", 1), ("CC BY-NC-ND 4.0", 1)]
    assert [(v.label, v.count) for v in facets["open access"]] == [("open access", 3)]
    every = lib.facets()
    assert sum(v.count for v in every["year"]) == 8
    assert every["year"][-1].filter == "-year:..9999"


def test_selecting_a_facet_value_narrows_the_list(lib: Library) -> None:
    for facet, values in lib.facets().items():
        for value in values:
            ids = lib.search(value.filter).ids
            assert len(ids) == value.count, (facet, value)
            narrowed = lib.search(f"security {value.filter}").ids
            assert set(narrowed) <= set(ids) & set(lib.search("security").ids)


def test_facets_of_the_last_search_and_of_any_ids_agree(lib: Library) -> None:
    result = lib.search("security")
    assert lib.facets(result.ids) == lib.facets(list(result.ids))
    assert sum(v.count for v in lib.facets(result.ids)["type"]) == 3
