"""Config: TOML in, typed Settings out; bad keys become problems with a line, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.adapters.config import Settings, load_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "none.toml", environ={})
    assert settings == Settings()
    assert problems == []


def test_values_are_read_and_typed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('records = "~/papers"\nstyle = "apa"\nmax-download-mb = 50\nallow_outside_paths = true\n'
                    '[keys]\nquit = "x"\n', encoding="utf-8")
    settings, problems = load_settings(path, environ={})
    assert problems == []
    assert settings.records == Path("~/papers").expanduser()
    assert settings.style == "apa" and settings.max_download_mb == 50 and settings.allow_outside_paths
    assert settings.keys == {"quit": "x"}


def test_unknown_and_badly_typed_keys_are_problems_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('style = "apa"\ncolour = "red"\nmax_download_mb = "lots"\n', encoding="utf-8")
    settings, problems = load_settings(path, environ={})
    assert settings.style == "apa"
    assert settings.max_download_mb == 200
    messages = {p.line: p.message for p in problems}
    assert "unknown key 'colour'" in messages[2]
    assert "max_download_mb must be a positive whole number" in messages[3]


def test_invalid_toml_is_one_problem_with_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('style = "apa"\nstyle = = 1\n', encoding="utf-8")
    settings, problems = load_settings(path, environ={})
    assert settings == Settings()
    assert len(problems) == 1 and problems[0].line == 2 and "invalid TOML" in problems[0].message


def test_environment_overrides_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('style = "apa"\n', encoding="utf-8")
    settings, problems = load_settings(path, environ={"REPOTUI_STYLE": "ieee", "REPOTUI_MAX_DOWNLOAD_MB": "7"})
    assert problems == []
    assert settings.style == "ieee" and settings.max_download_mb == 7


def test_every_field_type_reads_from_the_environment(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "none.toml", environ={
        "REPOTUI_RECORDS": "~/papers", "REPOTUI_ALLOW_OUTSIDE_PATHS": "yes", "REPOTUI_MAX_FIELD_CHARS": "500",
        "REPOTUI_OPENER": "zathura", "REPOTUI_KEYS": "ignored: keys come from the file only"})
    assert problems == []
    assert settings == Settings(records=Path("~/papers").expanduser(), allow_outside_paths=True,
                                max_field_chars=500, opener="zathura")
    _, problems = load_settings(tmp_path / "none.toml", environ={"REPOTUI_ALLOW_OUTSIDE_PATHS": "maybe",
                                                                  "REPOTUI_MAX_RECORD_BYTES": "-1"})
    assert sorted(str(p) for p in problems) == ["$REPOTUI_ALLOW_OUTSIDE_PATHS: must be true or false",
                                                "$REPOTUI_MAX_RECORD_BYTES: must be a positive whole number"]


def test_a_settings_field_type_without_a_reader_fails_loudly() -> None:
    """Readers are picked from the type hints at import; a new field of an unknown type must not
    silently read as text."""
    from repotui.adapters.config import _reader

    for hint in (float, list[str], int | str):
        with pytest.raises(TypeError, match="has no reader"):
            _reader(hint)
    assert _reader(Path | None) is _reader(Path)


def test_split_and_terminal_opener_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('opener = "tdf"\nopener_terminal = true\nlist_width = 50\nlist-height = 40\n', encoding="utf-8")
    settings, problems = load_settings(path, environ={"REPOTUI_LIST_WIDTH": "65"})
    assert problems == []
    assert settings.opener == "tdf" and settings.opener_terminal
    assert settings.list_width == 65 and settings.list_height == 40  # the environment wins
    assert Settings().list_width == 60 and Settings().list_height == 45 and not Settings().opener_terminal
