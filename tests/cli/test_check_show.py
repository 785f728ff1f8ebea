"""`repotui check` and `repotui show`, in process and through the installed entry point."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repotui.cli.main import main

REPO = Path(__file__).resolve().parents[2]
TUI_RECORDS = REPO / "tests" / "fixtures" / "tui_records"


def test_check_reports_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(TUI_RECORDS)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{TUI_RECORDS}/broken/no-title.yaml: title is missing" in out
    assert any(line.startswith(f"{TUI_RECORDS}/broken/syntax.yaml:3: YAML syntax error") for line in out)
    assert out[-1].startswith("4 valid record(s), 2 invalid file(s)")


def test_check_shipped_records_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-r", str(REPO / "records")]) == 0
    assert "0 invalid file(s)" in capsys.readouterr().out


def test_records_from_environment(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REPOTUI_RECORDS", str(TUI_RECORDS))
    assert main(["check"]) == 1
    assert "4 valid record(s)" in capsys.readouterr().out


def test_records_from_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'records = "{TUI_RECORDS}"\n', encoding="utf-8")
    monkeypatch.setenv("REPOTUI_CONFIG", str(config))
    assert main(["check"]) == 1
    assert "4 valid record(s)" in capsys.readouterr().out


def test_show_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "dro-37008", "-r", str(TUI_RECORDS), "--format", "json"]) == 0
    csl = json.loads(capsys.readouterr().out)
    assert csl["type"] == "article-journal" and csl["number"] == "tyac012"
    assert csl["author"] == [{"family": "Beckerman", "given": "Carly E"}]
    assert csl["issued"] == {"date-parts": [[2022]]}
    assert "licence" not in csl  # repository extras stay out of CSL-JSON
    assert main(["show", "dro-37008", "-r", str(TUI_RECORDS)]) == 0
    text = capsys.readouterr().out
    assert "Accepted: 24 August 2022" in text and "Made open access: 20 September 2022" in text
    assert main(["show", "dro-37008", "-r", str(TUI_RECORDS), "--format", "yaml"]) == 0
    assert "open-access: '2022-09-20'" in capsys.readouterr().out


def test_show_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "nope", "-r", str(TUI_RECORDS)]) == 2
    assert "no record with id 'nope'" in capsys.readouterr().err


def test_installed_entry_point_help_names_config_file() -> None:
    beside = Path(sys.executable).parent / "repotui"
    exe = str(beside) if beside.exists() else shutil.which("repotui")
    if exe is None:
        pytest.skip("repotui is not installed on PATH")
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True).stdout
    assert "config file:" in out and "config.toml" in out
