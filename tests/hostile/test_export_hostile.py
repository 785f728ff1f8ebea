"""`repotui cite -o FILE`: a file that is there is never replaced without --force (nor a folder, a
dangling link or a link's target), odd names are names, and record text in the HTML is escaped.
Also `repotui ref --format csv|table` on the REF records with hostile text and absurd dates."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from repotui.cli.main import main
from tests.helpers.hostile import CONTROL
from tests.helpers.make_hostile import build_ref_surfaces

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tui_records"


def cite(*args: str) -> list[str]:
    return ["cite", "hostile-title", "-r", str(FIXTURES), *args]


def test_a_folder_is_never_taken_for_a_file_that_force_could_replace(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "refs.html"
    (folder / "inside").mkdir(parents=True)
    for extra in ([], ["--force"]):
        assert main(cite("-o", str(folder), *extra)) == 2
        err = capsys.readouterr().err
        assert "is a folder" in err and "--force" not in err, err
    assert [p.name for p in folder.iterdir()] == ["inside"]


def test_links_and_odd_names(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere" / "x.html")
    assert main(cite("-o", str(dangling))) == 2
    assert "already exists" in capsys.readouterr().err
    assert os.readlink(dangling) == str(tmp_path / "nowhere" / "x.html") and not (tmp_path / "nowhere").exists()

    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(notes)
    assert main(cite("-o", str(link))) == 2
    assert main(cite("-o", str(link), "--force")) == 0  # the link is replaced, never what it points to
    assert notes.read_text(encoding="utf-8") == "mine" and not link.is_symlink()

    for name in ("-rf.html", "with space $(touch pwned).md", "--force.html"):
        assert main(cite(f"--output={name}")) == 0, capsys.readouterr().err
        assert (tmp_path / name).is_file()
    assert not (tmp_path / "pwned").exists()
    assert not list(tmp_path.glob(".*.part"))


def test_record_text_in_the_html_is_escaped(tmp_path: Path) -> None:
    target = tmp_path / "refs.html"
    assert main(cite("-o", str(target))) == 0
    page = target.read_text(encoding="utf-8")
    entry = next(line for line in page.splitlines() if "csl-entry" in line)
    assert "[bold]x[/] [link=https://evil.example]click[/link]" in entry
    assert "<a " not in page and "\x1b" not in page and not CONTROL.search(page.replace("\n", ""))


@pytest.fixture
def ref_records(tmp_path: Path) -> Path:
    folder = tmp_path / "ref"
    build_ref_surfaces(folder)
    return folder


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPOTUI_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("REPOTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REPOTUI_STATE_DIR", str(tmp_path / "state"))


def test_ref_csv_cells_are_data_in_a_spreadsheet(ref_records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (ref_records / "formula.yaml").write_text(
        "id: '=1+1'\ntitle: '@SUM(A1)'\ntype: article-journal\ncontainer-title: J\nauthor: [{family: '-2+3'}]\n"
        "ref: {panel: A, exception: technical}\ndates: {accepted: '2022-01-01'}\n", encoding="utf-8")
    assert main(["ref", "-r", str(ref_records), "--format", "csv", "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 1 + 6
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert "\x1b" not in cell and not CONTROL.search(cell), ascii(cell)
    by_id = {row[0]: row for row in rows[1:]}
    assert "'=1+1" in by_id and by_id["'=1+1"][1] == "'@SUM(A1)"
    assert by_id["ref-year-9999"][3:6] == ["9999-12-01", "9999-12-31", "9999-12-31"]
    assert by_id["ref-leap-day"][3] == "2024-02-29" and by_id["ref-leap-day"][10] == "compliant"
    assert by_id["ref-year-one"][10] == "out-of-scope"


def test_ref_table_prints_record_text_as_it_is(ref_records: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    assert main(["ref", "-r", str(ref_records), "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "ref-markup [b]bold[/b] [/] [@click=app.quit]quit[/]" in out
    assert "\x1b" not in out and not CONTROL.search(out.replace("\n", ""))


async def test_the_export_prompt_asks_before_replacing_a_dangling_link(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A link to nothing is a file name that is taken: it said "appeared meanwhile" before."""
    from repotui.adapters.config import Settings
    from repotui.adapters.state import State
    from repotui.tui.app import RepoApp
    from repotui.tui.screens.export_bibliography import ConfirmReplace, ExportBibliography
    from tests.helpers.pilot import SIZE, until, wait_loaded
    from tests.helpers.screen import screen_text

    monkeypatch.chdir(tmp_path)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    link = tmp_path / "refs.html"
    link.symlink_to(tmp_path / "gone.html")
    app = RepoApp(FIXTURES, Settings(), state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExportBibliography))
        modal = app.screen
        assert isinstance(modal, ExportBibliography)
        await until(pilot, lambda: modal.focused is modal.path_input)
        await pilot.press(*"refs.html", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmReplace) and "Replace it?" in screen_text(app))
        assert "refs.html" in screen_text(app) and "already" in screen_text(app)  # the question wraps
        await pilot.press("n")
        await until(pilot, lambda: "was kept as it is" in str(modal.error.content))
        assert "kept" in screen_text(app)  # the long path wraps the sentence on screen
    assert link.is_symlink() and not (tmp_path / "gone.html").exists()
