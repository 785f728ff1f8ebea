"""Hostile state and config files: wrong types, huge numbers, bytes that are not UTF-8, JSON nested
past the interpreter's limit, a folder or a FIFO where the file should be. The app starts, says what
it ignored (a toast on screen; `config:` lines from the CLI) and never shows a control character."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from repotui.adapters.config import Settings, load_settings
from repotui.adapters.state import State
from repotui.tui.app import RepoApp
from repotui.tui.screens.export_bibliography import ExportBibliography
from repotui.tui.screens.style_picker import StylePicker
from tests.helpers.hostile import CONTROL
from tests.helpers.pilot import SIZE, until, wait_loaded
from tests.helpers.screen import screen_text

#: Every remembered choice the app reads, each of a type it does not expect.
WRONG_TYPES = {
    "sort": 5, "reverse": "yes", "style": ["apa"], "style_recent": "apa", "style_usage": {"apa": "many"},
    "list_width": "40", "list_height": [1], "ref_policy": {"x": 1},
    "export_path": "/tmp/a\x1b[31mb\x00.docx",
}


#: No native clipboard: copies go by OSC 52 and the screen is what is checked.
pytestmark = pytest.mark.usefixtures("no_display")


def write_state(folder: Path, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "state.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- the state file ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "said"), [
    ("[" * 100_000 + "]" * 100_000, "is not valid JSON"),
    (b"{\"style\": \"apa\xff\xfe\"}", "is not valid JSON"),
    ("{\"style\": ", "is not valid JSON"),
    ("[\"apa\"]", "is not a JSON object"),
    ("{\"list_width\": " + "9" * 5000 + "}", "is not valid JSON"),
], ids=["nested-100k", "not-utf8", "cut-short", "a-list", "5000-digits"])
def test_an_unreadable_state_file_is_said_and_kept_aside(tmp_path: Path, content: str | bytes, said: str) -> None:
    path = write_state(tmp_path, content)
    state = State(path)
    assert state.data == {}
    assert len(state.problems) == 1 and said in state.problems[0], state.problems
    before = path.read_bytes()
    state.set("style", "apa")
    assert json.loads(path.read_text(encoding="utf-8")) == {"style": "apa"}
    assert (tmp_path / "state.json.bad").read_bytes() == before  # the user's bytes are not lost


def test_a_folder_or_fifo_where_the_state_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "state.json").mkdir()
    state = State(tmp_path / "dir" / "state.json")
    assert state.problems and "is a folder" in state.problems[0]
    state.set("style", "apa")  # nothing to write into; never raises
    assert (tmp_path / "dir" / "state.json").is_dir()
    fifo = tmp_path / "fifo" / "state.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    state = State(fifo)  # would block forever if it were opened
    assert state.problems and "not a regular file" in state.problems[0]


def test_values_of_the_wrong_type_are_dropped_and_named(tmp_path: Path) -> None:
    state = State(write_state(tmp_path / "wrong", json.dumps({**WRONG_TYPES, "someone_elses": [1, 2]})))
    assert state.data == {"someone_elses": [1, 2]}  # keys of other versions are kept as they are
    assert len(state.problems) == len(WRONG_TYPES)
    for key, problem in zip(WRONG_TYPES, state.problems, strict=True):
        assert f": {key} = " in problem and problem.endswith("; ignored"), problem
        assert not CONTROL.search(problem) and "\x1b" not in problem, problem
    good = {"sort": "title", "reverse": True, "list_width": 40, "style_recent": ["apa"], "harvest": {"k": "v"},
            "style_usage": {"apa": 3}, "export_path": "/tmp/refs.docx"}
    state = State(write_state(tmp_path / "good", json.dumps(good)))
    assert (state.data, state.problems) == (good, [])


def test_a_missing_state_file_is_no_problem(tmp_path: Path) -> None:
    assert State(tmp_path / "nowhere" / "state.json").problems == []


async def test_the_app_starts_on_a_hostile_state_file_and_says_what_it_ignored(records: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch,
                                                                               ) -> None:
    monkeypatch.chdir(tmp_path)
    path = write_state(tmp_path / "state", json.dumps(WRONG_TYPES))
    app = RepoApp(records, Settings(), state=State(path))
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # toasts are off in tests unless asked
        await wait_loaded(pilot)
        await until(pilot, lambda: "Remembered choices" in screen_text(app))
        shown = screen_text(app)
        assert "ignored" in shown and "whole number" in shown  # (the long path itself may fold anywhere)
        assert "\x1b" not in shown and "\x00" not in shown
        await pilot.press("s")  # the picker reads style_recent / style_usage
        await until(pilot, lambda: isinstance(app.screen, StylePicker))
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, StylePicker))
        await pilot.press("x")  # the export prompt starts from export_path
        await until(pilot, lambda: isinstance(app.screen, ExportBibliography))
        value = app.screen.query_one("#export-path", Input).value
        assert value == str(tmp_path / "references.docx")
        assert not CONTROL.search(screen_text(app))


# -- the config file and REPOTUI_* variables ----------------------------------------------------------

@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "0", "1e3", "-4", ""],
                         ids=["superscript", "arabic-indic", "5000-digits", "zero", "float", "negative", "empty"])
def test_an_environment_number_that_is_not_one_is_a_problem(value: str) -> None:
    settings, problems = load_settings(Path("/nonexistent/config.toml"), {"REPOTUI_MAX_DOWNLOAD_MB": value})
    assert settings.max_download_mb == Settings().max_download_mb
    assert [p.path.name for p in problems] == ["$REPOTUI_MAX_DOWNLOAD_MB"]
    assert "positive whole number" in problems[0].message


def test_an_environment_number_is_read(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "none.toml", {"REPOTUI_MAX_DOWNLOAD_MB": "12",
                                                                "REPOTUI_LIST_WIDTH": " 40 "})
    assert (settings.max_download_mb, settings.list_width, problems) == (12, 40, [])


def test_a_folder_or_fifo_where_the_config_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    settings, problems = load_settings(tmp_path / "config.toml", {})
    assert settings == Settings()
    assert len(problems) == 1 and "is a folder" in problems[0].message
    os.mkfifo(tmp_path / "fifo.toml")
    settings, problems = load_settings(tmp_path / "fifo.toml", {})
    assert settings == Settings() and "not a regular file" in problems[0].message


def test_huge_numbers_in_the_config_file_are_taken_or_refused_never_fatal(tmp_path: Path, records: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("max_download_mb = 9223372036854775807\nmax_field_chars = 9223372036854775807\n"
                      "max_record_bytes = 9223372036854775807\nlist_width = 9223372036854775807\n"
                      "list_height = -9223372036854775808\n", encoding="utf-8")
    settings, problems = load_settings(config, {})
    assert settings.max_download_mb == 9223372036854775807
    assert [p.line for p in problems] == [5]
    env = {**os.environ, "REPOTUI_CONFIG": str(config), "REPOTUI_CACHE_DIR": str(tmp_path / "cache"),
           "REPOTUI_STATE_DIR": str(tmp_path / "state"), "REPOTUI_LIST_WIDTH": "²"}
    done = subprocess.run([sys.executable, "-m", "repotui", "list", "-r", str(records), "--format", "ids"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "config: $REPOTUI_LIST_WIDTH: must be a positive whole number" in done.stderr
    assert done.stdout.strip()


# -- files in the cache folder --------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["nested", "fifo"])
def test_a_damaged_style_index_is_rebuilt_never_waited_on(tmp_path: Path, kind: str) -> None:
    """`<cache>/styles-index.json` nested 100,000 deep raised RecursionError in the picker's loader
    (the picker said "loading the other styles…" for ever); a FIFO there blocked the loader's thread,
    so `q` never ended the app. Both are rebuilt like any damaged index, in a child process with a
    time limit (a regression fails this test instead of hanging the run)."""
    index = tmp_path / "styles-index.json"
    if kind == "fifo":
        os.mkfifo(index)
    else:
        index.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code = ("import sys; from pathlib import Path; from repotui.adapters.style_index import load_style_catalog; "
            "from repotui.core.citation import styles; "
            "print(load_style_catalog(Path(sys.argv[1])), len(styles.list_styles('')) > 10_000)")
    done = subprocess.run([sys.executable, "-c", code, str(index)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert (done.returncode, done.stdout.split()) == (0, ["False", "True"]), done.stderr[-2000:]
    assert json.loads(index.read_text(encoding="utf-8"))["styles"][0][0] == "house"


# -- the [keys] table -------------------------------------------------------------------------------

def test_key_entries_that_are_not_keys_are_problems_and_keep_the_default(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nquit = ","\nsearch = "  "\nhelp = "f1, x y"\ncopy-citation = "\\u001b]0;t\\u0007"\n'
                      'sort = "ctrl+t, f5"\n', encoding="utf-8")
    settings, problems = load_settings(config, {})
    assert settings.keys == {"sort": "ctrl+t,f5"}
    said = {p.message.split(" = ")[0]: p for p in problems}
    assert set(said) == {"keys.quit", "keys.search", "keys.help", "keys.copy-citation"}, problems
    assert all("is not a key" in p.message and p.line is not None for p in problems)
    assert all("\x1b" not in str(p) for p in problems)


async def test_the_app_says_which_key_ids_name_no_key(records: Path, tmp_path: Path) -> None:
    """`[keys] no-such-id = "x"` did nothing, silently; a bad key list took the quit key away."""
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nno-such-id = "x"\nquit = ","\ncopy-bibtex = "y"\n', encoding="utf-8")
    settings, problems = load_settings(config, {})
    app = RepoApp(records, settings, config_problems=problems, state=State(tmp_path / "state.json"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_loaded(pilot)
        await until(pilot, lambda: "no-such-id" in screen_text(app) and "keys.quit" in screen_text(app))
        shown = screen_text(app)
        assert "copy-bibtex" not in shown  # a real id, remapped without a word
        assert "q Quit" in shown  # the default stays when the new keys are not keys



def test_every_module_with_bindings_is_asked_for_its_ids() -> None:
    from repotui.tui import keymap

    root = Path(keymap.__file__).parent
    declaring = {"repotui.tui." + ".".join(p.relative_to(root).with_suffix("").parts)
                 for p in root.rglob("*.py") if "BINDINGS" in p.read_text(encoding="utf-8") and p.stem != "keymap"}
    assert declaring == set(keymap.MODULES)
    assert {"quit", "copy-citation", "close-help", "ref-report"} <= keymap.binding_ids()
