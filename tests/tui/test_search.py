"""Search, sort, facets and reload through the real index, driven with the pilot."""

from __future__ import annotations

from pathlib import Path

from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.tui.app import RepoApp
from repotui.tui.widgets.facet_panel import FacetPanel
from repotui.tui.widgets.record_list import RecordList
from repotui.tui.widgets.search_bar import SearchBar
from tests.helpers.pilot import detail_text, run_loaded, settle_workers


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the debounce timer and the search worker."""
    for _ in range(5):
        await pilot.pause(0.15)
        await settle_workers(pilot.app)
    await pilot.pause()


def shown(app: RepoApp) -> list[str]:
    return list(app.query_one(RecordList).ids)


async def test_typing_filters_the_list_and_enter_goes_to_results(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBar)
        await pilot.press(*"orsted")  # accent-insensitive: finds Ørsted
        await settle(pilot)
        assert shown(app) == ["lshtm-chapter"]
        status = str(app.query_one("#status").content)
        assert status.startswith("1 of 4 records · ") and " ms" in status
        await pilot.press("enter")
        assert isinstance(app.focused, RecordList)
        assert "Malaria in pregnancy" in detail_text(app)


async def test_field_filters_and_escape_clears(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("slash", *"year:2015..2023 -type:thesis")
        await settle(pilot)
        assert shown(app) == ["dro-37008", "lshtm-chapter"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.query_one(SearchBar).value == ""
        assert shown(app) == ["polito-26840", "dro-37008", "lshtm-chapter", "hostile-title"]
        assert isinstance(app.focused, RecordList)


async def test_malformed_query_shows_a_hint_not_an_error(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("slash", *"year:20x9")
        await settle(pilot)
        hint = app.query_one("#search-hint")
        assert hint.display and "year" in str(hint.content)
        assert app.is_running


async def test_sort_key_reorders_and_persists(records: Path, tmp_path: Path) -> None:
    state = State(tmp_path / "state.json")
    app = RepoApp(records, Settings(), state=state)
    async with run_loaded(app) as pilot:
        await pilot.press("t", "t")  # published → deposited → title
        await settle(pilot)
        assert app.browser.searching.sort.value == "title"
        # Analisi…, [bold]x… (punctuation ignored: "bold x"), Is there…, Malaria…
        assert shown(app) == ["polito-26840", "hostile-title", "dro-37008", "lshtm-chapter"]
        await pilot.press("T")
        await settle(pilot)
        assert shown(app) == ["lshtm-chapter", "dro-37008", "hostile-title", "polito-26840"]
    assert State(tmp_path / "state.json").get("sort") == "title"
    app2 = RepoApp(records, Settings(), state=State(tmp_path / "state.json"))
    async with run_loaded(app2) as pilot:
        assert app2.browser.searching.sort.value == "title" and app2.browser.searching.reverse


async def test_facet_selection_narrows_the_list(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("f")
        await settle(pilot)
        panel = app.query_one(FacetPanel)
        assert panel.display and app.focused is panel
        labels = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        thesis = next(i for i, label in enumerate(labels) if label.strip().endswith("Thesis"))
        panel.highlighted = thesis
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(SearchBar).value == "type:thesis"
        assert shown(app) == ["polito-26840"]


async def test_edited_record_shows_new_title_after_reload(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        path = records / "thesis.yaml"
        text = path.read_text(encoding="utf-8").replace(
            "Analisi e riprogettazione di una piattaforma di e-voting", "A renamed thesis")
        path.write_text(text + "\n# edited\n", encoding="utf-8")
        (records / "new.yaml").write_text("title: A brand new record\nissued: 2030\n", encoding="utf-8")
        await pilot.press("r")
        await settle(pilot)
        assert shown(app)[0] == "new"
        # The cursor stays on the record it was on, which now shows its new title.
        assert app.query_one(RecordList).highlighted.id == "polito-26840"
        assert "A renamed thesis" in detail_text(app)
