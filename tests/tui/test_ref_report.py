"""The REF report (R) and the REF parts of the browser, driven with the pilot: the report covers
the results on screen, p switches the policy (remembered), enter goes to the record in the
browser, and `o` on an embargoed remote file says so without a request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from repotui.adapters.config import Settings
from repotui.adapters.state import State
from repotui.tui.app import RepoApp
from repotui.tui.screens.browser import BrowserScreen
from repotui.tui.screens.ref_report import RefReportScreen
from tests.helpers.files import copy_records
from tests.helpers.http_server import serve
from tests.helpers.opener import fake_opener
from tests.helpers.pilot import detail_text, run_loaded, search, settle_workers, until

REF_RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "ref_records"
DAY = dt.date(2026, 11, 28)


async def open_report(pilot, app: RepoApp) -> RefReportScreen:  # type: ignore[no-untyped-def]
    """Judge on DAY, press R and wait for the counts (the records are loaded: `run_loaded`)."""
    assert app.library is not None
    app.library.today = lambda: DAY
    await pilot.press("R")
    await until(pilot, lambda: isinstance(app.screen, RefReportScreen) and app.screen.report is not None)
    screen = app.screen
    assert isinstance(screen, RefReportScreen)
    await until(pilot, lambda: screen.report is not None and screen.chart._lines)
    return screen


def chart_text(screen: RefReportScreen) -> list[str]:
    """The chart's lines as drawn (plain text)."""
    return [strip.text for strip in screen.chart._lines]


async def test_r_reports_the_list_and_enter_goes_to_the_record(tmp_path: Path) -> None:
    app = RepoApp(copy_records(REF_RECORDS, tmp_path), Settings())
    async with run_loaded(app) as pilot:
        screen = await open_report(pilot, app)
        lines = chart_text(screen)
        assert lines[0].split() == ["█", "compliant", "▓", "will", "become", "▒", "cannot", "tell", "░", "not",
                                    "compliant", "·", "out", "of", "scope"]
        row_2022 = next(line for line in lines if line.strip().startswith("2022"))
        assert "█" in row_2022 and "░" in row_2022 and "50%" in row_2022
        assert lines[-1].strip().startswith("all ") and "14" in lines[-1]
        assert str(screen.heading.content).startswith("● REF 2021  ○ REF 2029")
        assert "14 records · judged on 28 November 2026" in str(screen.heading.content)
        assert str(screen.summary.content).startswith("11 in scope: 5 compliant (46%)")
        assert list(screen.failing.ids) == ["r-late-2022", "r-withdrawn-2021", "r-late-2019"]
        assert str(screen.reason.content).startswith("r-late-2022: deposited 2022-08-20, 7 months")
        await pilot.press("j")
        assert str(screen.reason.content) == "r-withdrawn-2021: the record is withdrawn (withdrawn: true)"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        browser = app.browser
        assert browser.current is not None and browser.current.id == "r-withdrawn-2021"
        assert browser.record_list.has_focus
        text = detail_text(app)
        assert "Withdrawn from the repository" in text
        assert "not compliant: the record is withdrawn (withdrawn: true)" in text


async def test_the_report_covers_the_search_and_p_switches_the_policy(tmp_path: Path) -> None:
    state = State(tmp_path / "state.json")
    app = RepoApp(copy_records(REF_RECORDS, tmp_path), Settings(), state=state)
    async with run_loaded(app) as pilot:
        await search(pilot, "year:2019..2022", lambda ids: len(ids) == 9)
        screen = await open_report(pilot, app)
        assert "9 records matching “year:2019..2022”" in str(screen.heading.content)
        assert [row.label for row in screen.report.years] == ["2022", "2021", "2020", "2019"]
        await pilot.press("p")
        await until(pilot, lambda: screen.report is not None and screen.report.policy.value == "2029")
        assert str(screen.heading.content).startswith("○ REF 2021  ● REF 2029")
        assert list(screen.failing.ids) == ["r-late-2022", "r-withdrawn-2021"]  # 2019-2020: out of scope for 2029
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, BrowserScreen))
        screen = await open_report(pilot, app)
        assert screen.policy.value == "2029"  # remembered
    assert state.get("ref_policy") == "2029"


async def test_an_empty_report_says_so(tmp_path: Path) -> None:
    app = RepoApp(copy_records(REF_RECORDS, tmp_path), Settings())
    async with run_loaded(app) as pilot:
        await search(pilot, "zzzznothing", lambda ids: len(ids) == 0)
        screen = await open_report(pilot, app)
        assert str(screen.summary.content) == "no records"
        assert str(screen.failing_title.content) == "Not compliant: 0 records"
        await pilot.press("enter")  # nothing to go to: the report stays
        await pilot.pause()
        assert app.screen is screen


async def test_ref_filters_and_detail_rows_in_the_browser(tmp_path: Path) -> None:
    app = RepoApp(copy_records(REF_RECORDS, tmp_path), Settings())
    async with run_loaded(app) as pilot:
        await search(pilot, "ref:not-compliant", lambda ids: list(ids) == ["r-late-2022", "r-withdrawn-2021", "r-late-2019"])
        text = detail_text(app)
        assert "REF 2021" in text and "not compliant: deposited 2022-08-20" in text
        await pilot.press("slash", "escape", "slash", *"ref:nonsense", "enter")
        await until(pilot, lambda: "ref: expects compliant" in str(app.browser.search_hint.content))


async def test_o_on_an_embargoed_remote_file_says_so_and_requests_nothing(tmp_path: Path) -> None:
    opener = fake_opener(tmp_path)
    with serve() as server:
        records = tmp_path / "records"
        records.mkdir()
        (records / "closed.yaml").write_text(
            "id: closed\ntitle: Closed until 2099\ntype: article-journal\n"
            f"files:\n- url: {server.url('/login.pdf')}\n  version: AAM\n  embargo: 2099-01-15\n", encoding="utf-8")
        app = RepoApp(records, Settings(opener=opener.command))
        async with run_loaded(app) as pilot:
            assert "embargoed until 15 January 2099" in detail_text(app)
            await pilot.press("o")
            await until(pilot, lambda: any("embargoed until 15 January 2099" in n.message
                                           for n in app._notifications))
            await settle_workers(app)
            assert not opener.ran
            assert server.hits.get("/login.pdf") is None
