"""Export bibliography… (`x` and the palette): the prompt, the format following the extension,
never replacing a file without a yes, errors shown where the path can be fixed, the files read
back (docx and odt with pandoc), and record text and paths never read as markup."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from repotui.adapters.config import Settings
from repotui.adapters.pandoc import find_pandoc
from repotui.adapters.state import State
from repotui.tui.app import RepoApp
from repotui.tui.screens.export_bibliography import (
    ConfirmReplace,
    ExportBibliography,
    PathSuggester,
    resolve_path,
    with_format,
)
from tests.helpers.pilot import first_command, run_loaded, toasts, until

pytestmark = pytest.mark.usefixtures("no_display")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder repotui was started in: relative paths and the first suggestion land here."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def read_back(path: Path, fmt: str) -> str:
    """What pandoc reads in the file, as Markdown (italics show as *...*)."""
    pandoc = find_pandoc()
    assert pandoc, "pandoc is part of the test environment (pypandoc-binary)"
    out = subprocess.run([pandoc, "-f", fmt, "-t", "markdown", "--wrap=none", str(path)], capture_output=True,
                         timeout=60, check=True)
    return out.stdout.decode("utf-8")


async def open_export(pilot: Pilot) -> ExportBibliography:
    await pilot.press("x")
    await until(pilot, lambda: isinstance(pilot.app.screen, ExportBibliography))
    modal = pilot.app.screen
    assert isinstance(modal, ExportBibliography)
    await until(pilot, lambda: modal.focused is modal.path_input)
    return modal


async def type_path(pilot: Pilot, modal: ExportBibliography, text: str) -> None:
    """Type over the suggestion (it is selected when the prompt opens)."""
    await pilot.press(*text)
    await until(pilot, lambda: modal.path_input.value == text)


def error_text(modal: ExportBibliography) -> str:
    return str(modal.error.content) if modal.error.has_class("-visible") else ""


async def test_x_writes_a_word_file_that_pandoc_reads_back(records: Path, workdir: Path) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("j")
        modal = await open_export(pilot)
        assert modal.path_input.value == str(workdir / "references.docx")
        assert modal.format_select.value == "docx"
        assert "APA reference for “Is there a cyber security dilemma?”" in str(
            modal.query_one("#export-subject", Static).content)
        await pilot.press("enter")
        target = workdir / "references.docx"
        await until(pilot, lambda: f"Wrote the APA bibliography of 1 record to {target} (Word)" in toasts(app))
        assert not isinstance(app.screen, ExportBibliography)
    text = read_back(target, "docx")
    assert "Beckerman, C. E. (2022). Is there a cyber security dilemma? *Journal of Cybersecurity*" in text
    assert State().get("export_path") == str(target)  # the next export suggests the same file


async def test_marked_records_in_the_style_order_and_a_new_folder(records: Path, workdir: Path) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("space", "space")  # Romano (2023), Beckerman (2022)
        modal = await open_export(pilot)
        assert "APA bibliography of 2 records" in str(modal.query_one("#export-subject", Static).content)
        await type_path(pilot, modal, "out/refs.html")
        await until(pilot, lambda: modal.format_select.value == "html")  # follows the extension
        await pilot.press("enter")
        target = workdir / "out" / "refs.html"
        await until(pilot, lambda: target.exists() and not isinstance(app.screen, ExportBibliography))
    page = target.read_text(encoding="utf-8")
    assert page.count('<div class="csl-entry">') == 2
    assert page.index("Beckerman") < page.index("Romano")
    assert "<i>Journal of Cybersecurity</i>" in page


async def test_choosing_a_format_changes_the_extension(records: Path, workdir: Path) -> None:
    app = RepoApp(records, Settings(style="apa"))
    async with run_loaded(app) as pilot:
        await pilot.press("j")
        modal = await open_export(pilot)
        await type_path(pilot, modal, "refs.md")
        await until(pilot, lambda: modal.format_select.value == "md")
        modal.format_select.value = "odt"
        await until(pilot, lambda: modal.path_input.value == "refs.odt")
        await pilot.click("#export-ok")
        await until(pilot, lambda: (workdir / "refs.odt").exists() and not isinstance(app.screen, ExportBibliography))
    assert "*Journal of Cybersecurity*" in read_back(workdir / "refs.odt", "odt")
    assert not (workdir / "refs.md").exists()


async def test_an_existing_file_is_replaced_only_after_yes(records: Path, workdir: Path) -> None:
    target = workdir / "refs.html"
    target.write_text("my own notes", encoding="utf-8")
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("j")
        modal = await open_export(pilot)
        await type_path(pilot, modal, "refs.html")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmReplace))
        question = str(app.screen.query_one("#replace-question", Static).content)
        assert question == f"{target} already exists. Replace it?"
        await pilot.press("enter")  # the focused button is "Keep it"
        await until(pilot, lambda: app.screen is modal and "was kept as it is" in error_text(modal))
        assert target.read_text(encoding="utf-8") == "my own notes"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmReplace))
        await pilot.press("escape")  # escape keeps it too
        await until(pilot, lambda: app.screen is modal)
        assert target.read_text(encoding="utf-8") == "my own notes"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmReplace))
        await pilot.press("y")
        await until(pilot, lambda: f"Replaced {target} with the house-style bibliography of 1 record (Web page)"
                    in toasts(app))
    assert "Is there a cyber security dilemma?" in target.read_text(encoding="utf-8")
    assert [p.name for p in workdir.iterdir()] == ["refs.html"]  # no temporary file left behind


async def test_problems_are_shown_in_the_prompt_and_nothing_is_written(records: Path, workdir: Path) -> None:
    (workdir / "a-file").write_text("x", encoding="utf-8")
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("j")
        modal = await open_export(pilot)
        modal.path_input.value = ""
        await pilot.press("enter")
        await until(pilot, lambda: "Type the name of the file" in error_text(modal))
        modal.path_input.value = str(workdir)
        await pilot.press("enter")
        await until(pilot, lambda: f"{workdir} is a folder" in error_text(modal))
        modal.path_input.value = "a-file/refs.html"
        await pilot.press("enter")
        await until(pilot, lambda: error_text(modal).startswith(f"Cannot write {workdir / 'a-file' / 'refs.html'}"))
        assert app.screen is modal and modal.focused is modal.path_input  # fix the path and try again
        modal.path_input.value = "fixed.html"
        await pilot.press("enter")
        await until(pilot, lambda: (workdir / "fixed.html").exists())
    assert sorted(p.name for p in workdir.iterdir()) == ["a-file", "fixed.html"]


async def test_escape_cancels_and_writes_nothing(records: Path, workdir: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await open_export(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.browser)
    assert list(workdir.iterdir()) == []
    assert State().get("export_path") is None


async def test_palette_opens_the_export(records: Path, workdir: Path) -> None:
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("ctrl+p", *"export bib")
        await until(pilot, lambda: first_command(app).startswith("Export bibliography…"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExportBibliography))


async def test_nothing_to_export_says_so(tmp_path: Path, workdir: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = RepoApp(empty, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: "No record to export: the list is empty." in toasts(app))
        assert app.screen is app.browser


async def test_record_text_and_paths_are_never_markup(records: Path, workdir: Path) -> None:
    name = "[/x] [@click=app.quit]q[/] [b]refs.html"
    app = RepoApp(records, Settings())
    async with run_loaded(app) as pilot:
        await pilot.press("G")  # the hostile record: markup and escapes in its title and author
        await until(pilot, lambda: app.browser.current is not None and app.browser.current.id == "hostile-title")
        modal = await open_export(pilot)
        subject = str(modal.query_one("#export-subject", Static).content)
        assert "[bold]x[/] [link=https://evil.example]click[/link]" in subject
        assert "\x1b" not in subject
        await type_path(pilot, modal, name)
        assert modal.query_one("#export-path", Input).value == name
        await pilot.press("enter")
        target = workdir / name
        await until(pilot, lambda: any(f"to {target} (Web page)" in t for t in toasts(app)))
        modal = await open_export(pilot)  # the same file again: the question quotes the path as text
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmReplace))
        assert str(app.screen.query_one("#replace-question", Static).content).startswith(str(target))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is modal)
        assert app.is_running
    page = target.read_text(encoding="utf-8")
    assert "[bold]x[/] [link=https://evil.example]click[/link]" in page and "\x1b" not in page
    assert "[@click=app.quit]World Health Organization" in page


def test_with_format_and_resolve_path(tmp_path: Path) -> None:
    assert with_format("refs.md", "docx") == "refs.docx"
    assert with_format("refs", "odt") == "refs.odt"
    assert with_format("refs.txt", "html") == "refs.txt"  # an extension of the user's own is kept
    assert with_format("out/", "md") == "out/"
    assert with_format("a.b/refs.HTML", "html") == "a.b/refs.HTML"
    assert resolve_path("refs.md", tmp_path) == tmp_path / "refs.md"
    assert resolve_path("~/refs.md", tmp_path) == Path.home() / "refs.md"
    assert resolve_path(" /abs/refs.md ", tmp_path) == Path("/abs/refs.md")


async def test_path_suggester_completes_from_the_folder(tmp_path: Path) -> None:
    (tmp_path / "references-2024.docx").write_text("", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / ".hidden").write_text("", encoding="utf-8")
    suggest = PathSuggester(tmp_path)
    assert await suggest.get_suggestion("refe") == "references-2024.docx"
    assert await suggest.get_suggestion("rep") == "reports/"
    assert await suggest.get_suggestion(f"{tmp_path}/refe") == f"{tmp_path}/references-2024.docx"
    assert await suggest.get_suggestion(".hid") is None
    assert await suggest.get_suggestion("nothing-like-it") is None
    assert await suggest.get_suggestion("missing-folder/x") is None
