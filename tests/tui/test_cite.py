"""Citation keys in the app: c, b, space, s; the detail pane's citation; the copy fallback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.tui.app import RepoApp
from repotui.tui.screens.copy_fallback import CopyFallback
from repotui.tui.screens.style_picker import StylePicker
from repotui.tui.widgets.record_list import RecordList
from tests.helpers.pilot import detail_text, first_command, run_loaded, toasts, until

HOUSE = "Beckerman, Carly E (2022) 'Is there a cyber security dilemma?', Journal of Cybersecurity, 8 (1). tyac012."

pytestmark = pytest.mark.usefixtures("no_display")  # copies go by OSC 52 and the fallback modal shows


async def close_fallback(pilot: Pilot) -> None:
    """Without a display every copy ends in the copy-by-hand modal: close it before the next key."""
    await until(pilot, lambda: isinstance(pilot.app.screen, CopyFallback))
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CopyFallback))


async def test_c_copies_the_house_citation_and_the_detail_pane_shows_it(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("j")  # the seed record
        await until(pilot, lambda: "Citation (house-style)" in detail_text(app))
        assert HOUSE in detail_text(app)
        await pilot.press("c")
        await until(pilot, lambda: app.clipboard == HOUSE)
        await until(pilot, lambda: any(t.startswith("Copied house-style citation via OSC 52") for t in toasts(app)))
        await until(pilot, lambda: isinstance(app.screen, CopyFallback))
        assert app.screen.query_one("#copy-text").text == HOUSE
        await pilot.press("escape")


async def test_b_copies_bibtex(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("j", "b")
        await until(pilot, lambda: app.clipboard.startswith("@article{"))
        assert "title = {Is there a cyber security dilemma?}" in app.clipboard or "dilemma" in app.clipboard
        assert "doi = {10.1093/cybsec/tyac012}" in app.clipboard


async def test_marks_copy_a_bibliography_in_style_order(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("space", "space")  # marks Romano (2023) and Beckerman (2022)
        record_list = app.query_one(RecordList)
        assert record_list.marked == {"polito-26840", "dro-37008"}
        assert "2 marked" in str(app.query_one("#status").content)
        app.browser.set_style("apa")
        await pilot.press("c")
        await until(pilot, lambda: "\n" in (app.clipboard or ""))
        lines = app.clipboard.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith("Beckerman, C. E. (2022).")  # APA orders by author: B before R
        assert lines[1].startswith("Romano, G. (2023).")
        await until(pilot, lambda: any("APA bibliography of 2 records" in t for t in toasts(app)))


async def test_style_picker_filters_and_the_choice_persists(records: Path, tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    app = RepoApp(records, Settings(), state=State(state_path))
    async with run_loaded(app) as pilot:
        await pilot.press("j", "s")
        await until(pilot, lambda: isinstance(app.screen, StylePicker))
        await pilot.press(*"ieee")
        picker = app.screen
        await until(pilot, lambda: picker.query_one("#style-options").option_count > 0
                    and picker.query_one("#style-options").get_option_at_index(0).id == "ieee")
        await pilot.press("enter")
        await until(pilot, lambda: app.browser.citing.style_name == "ieee")
        await until(pilot, lambda: "Citation (IEEE)" in detail_text(app))
        assert "IEEE citations" in str(app.browser.status_line.render())  # the status line follows at once
        await pilot.press("c")
        await until(pilot, lambda: (app.clipboard or "").startswith("[1] C. E. Beckerman,"))
    assert State(state_path).get("style") == "ieee"
    assert State(state_path).get("style_recent") == ["ieee"]
    again = RepoApp(records, Settings(), state=State(state_path))
    async with run_loaded(again) as pilot:
        assert again.browser.citing.style_name == "ieee"
        await pilot.press("s")  # the common styles first, then the recent one
        await until(pilot, lambda: isinstance(again.screen, StylePicker))
        options = again.screen.query_one("#style-options")
        await until(pilot, lambda: options.option_count > 8)
        shown = [options.get_option_at_index(i).id for i in range(8)]
        assert shown == ["house", "apa", "harvard-cite-them-right", "chicago-author-date",
                         "modern-language-association", "ieee", "nlm-citation-sequence",
                         "academy-of-management-perspectives"]


async def test_the_picker_lists_recent_styles_after_the_common_ones(records: Path, tmp_path: Path) -> None:
    state = State(tmp_path / "state.json")
    state.set("style_recent", ["nature", "ieee", "elsevier-harvard"])
    app = RepoApp(records, Settings(), state=state)
    async with run_loaded(app) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, StylePicker))
        options = app.screen.query_one("#style-options")
        await until(pilot, lambda: options.option_count > 9)
        shown = [options.get_option_at_index(i).id for i in range(9)]
        assert shown[:7] == ["house", "apa", "harvard-cite-them-right", "chicago-author-date",
                             "modern-language-association", "ieee", "nlm-citation-sequence"]
        assert shown[7:] == ["nature", "elsevier-harvard"]
        await pilot.press(*"nat", "enter")
        await until(pilot, lambda: app.browser.citing.style_name == "nature")
    assert state.get("style_recent")[:3] == ["nature", "ieee", "elsevier-harvard"]


async def test_record_with_no_author_or_date_still_cites(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "bare.yaml").write_text("title: Untitled working paper\n", encoding="utf-8")
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("c")
        await until(pilot, lambda: bool(app.clipboard))
        assert "Untitled working paper" in app.clipboard and "n.d." in app.clipboard


# -- in-text citations (C, N) -----------------------------------------------------------------


async def test_C_copies_the_in_text_citation_and_the_toast_quotes_it(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("j", "C")
        await until(pilot, lambda: app.clipboard == "(Beckerman, 2022)")
        await until(pilot, lambda: "Copied house-style in-text citation (Beckerman, 2022) via OSC 52 (plain text only)"
                    in toasts(app))


async def test_N_copies_the_narrative_form_where_the_style_has_one(records: Path) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("j", "N")
        await until(pilot, lambda: app.clipboard == "Beckerman (2022)")
        await until(pilot, lambda: any(t.startswith("Copied APA narrative citation Beckerman (2022) via")
                                       for t in toasts(app)))


async def test_numeric_style_copies_the_number_and_says_it_has_no_narrative_form(records: Path) -> None:
    app = RepoApp(records, Settings(style="ieee"))
    async with run_loaded(app) as pilot:
        await pilot.press("j", "C")
        await until(pilot, lambda: app.clipboard == "[1]")
        await close_fallback(pilot)
        app.copy_to_clipboard("")
        await pilot.press("N")
        await until(pilot, lambda: app.clipboard == "[1]")
        await until(pilot, lambda: any("IEEE in-text citation [1] (IEEE has no narrative form) via" in t
                                       for t in toasts(app)))


async def test_marked_records_make_one_cluster_in_the_style_order(records: Path) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("space", "space")  # Romano (2023), then Beckerman (2022)
        await pilot.press("C")
        await until(pilot, lambda: app.clipboard == "(Beckerman, 2022; Romano, 2023)")
        await until(pilot, lambda: any("APA in-text citation of 2 records (Beckerman, 2022; Romano, 2023)" in t
                                       for t in toasts(app)))
        await close_fallback(pilot)
        await pilot.press("N")
        await until(pilot, lambda: app.clipboard == "Beckerman (2022); Romano (2023)")


async def test_in_text_of_a_hostile_record_is_data_in_the_toast(records: Path) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("G")  # the oldest record (1999) is last
        await until(pilot, lambda: app.browser.current is not None and app.browser.current.id == "hostile-title")
        await pilot.press("C")
        await until(pilot, lambda: "[@click=app.quit]World Health Organization" in (app.clipboard or ""))
        assert "\x1b" not in app.clipboard
        await until(pilot, lambda: any("[@click=app.quit]World Health Organization" in t for t in toasts(app)))
        assert app.is_running  # the toast showed the author's name; it did not run the action


async def test_palette_and_help_list_the_new_commands(records: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("j", "question_mark")
        await until(pilot, lambda: app.screen.__class__.__name__ == "HelpScreen")
        help_text = str(app.screen.query_one("#help-body").content)
        for key, words in (("C", "Copy in-text citation"), ("N", "Narrative citation"), ("x", "Export bibliography")):
            assert re.search(rf"^  {key} +{words}$", help_text, re.MULTILINE), (key, words)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"narrative citation")
        await until(pilot, lambda: first_command(app).startswith("Copy narrative citation"))
        await pilot.press("enter")
        await until(pilot, lambda: app.clipboard == "Beckerman (2022)")
