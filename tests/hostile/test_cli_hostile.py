"""`repotui check` and `repotui show` on the hostile folder: exit codes, every bad file listed, and
not one control character in what they print."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repotui.cli.main import main
from repotui.core.loader import LoadResult
from tests.helpers import make_hostile
from tests.helpers.hostile import CONTROL, INVISIBLE


def run_repotui(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The real entry point in a child process; bytes, so nothing is decoded away."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "repotui", *args], capture_output=True, env=env,
                          timeout=120, check=False)


def assert_printable(data: bytes) -> str:
    text = data.decode("utf-8")  # strict: a lone surrogate or a raw byte fails here
    assert not CONTROL.search(text), ascii(CONTROL.search(text))
    assert not INVISIBLE.search(text)
    return text


@pytest.fixture(scope="module")
def show_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good static records (without the multi-megabyte ones, so `show` stays cheap)."""
    dest = tmp_path_factory.mktemp("show") / "records"
    dest.mkdir()
    for path in make_hostile.STATIC.glob("good_*.yaml"):
        shutil.copy(path, dest / path.name)
    make_hostile._many_authors(dest / "good_many_authors.yaml")
    return dest


def test_check_exits_1_and_lists_every_bad_file(hostile_dir: Path, hostile_result: LoadResult) -> None:
    done = run_repotui("check", str(hostile_dir))
    assert done.returncode == 1
    out = assert_printable(done.stdout)
    assert_printable(done.stderr)
    assert "Traceback" not in out and not done.stderr
    lines = out.splitlines()
    for problem in hostile_result.errors:
        assert str(problem) in lines
    bad = {p.name for p in hostile_dir.rglob("bad_*")}
    listed = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in lines[:-1]}
    assert bad <= listed
    assert lines[-1].startswith(f"{len(hostile_result.records)} valid record(s), "
                                f"{len(hostile_result.errors)} invalid file(s)")


def test_check_with_a_small_limit_from_the_environment(show_dir: Path) -> None:
    done = run_repotui("check", str(show_dir), env_extra={"REPOTUI_MAX_RECORD_BYTES": "4096"})
    assert done.returncode == 1
    out = assert_printable(done.stdout)
    assert "good_many_authors.yaml: file is" in out
    assert "more than the limit of 4,096 (max_record_bytes)" in out


def test_check_is_clean_on_good_records_only(show_dir: Path) -> None:
    done = run_repotui("check", str(show_dir))
    assert done.returncode == 0, done.stdout
    assert_printable(done.stdout)


GOOD_IDS = ["hostile-bidi", "hostile-bom", "hostile-crlf", "hostile-dup", "hostile-escapes",
            "hostile-long-word", "hostile-markup", "hostile-numbers", "hostile-schemes", "hostile-shell",
            "hostile-strings", "hostile-traversal", "hostile-unicode", "hostile-unknown", "hostile-warnings",
            "hostile-many-authors", "hostile-huge-numbers"]


@pytest.mark.parametrize("fmt", ["text", "yaml", "json"])
@pytest.mark.parametrize("rid", GOOD_IDS)
def test_show_prints_no_control_characters(rid: str, fmt: str, show_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", rid, "-r", str(show_dir), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert not CONTROL.search(out), ascii(CONTROL.search(out))
    assert not INVISIBLE.search(out)
    out.encode("utf-8")
    if fmt == "json":
        assert json.loads(out)["id"] == rid


def test_show_markup_is_literal(show_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "hostile-markup", "-r", str(show_dir)]) == 0
    out = capsys.readouterr().out
    assert "[bold]x[/]" in out and "[@click=app.quit]quit[/]" in out


def test_show_escapes_as_real_bytes(show_dir: Path) -> None:
    done = run_repotui("show", "hostile-escapes", "-r", str(show_dir))
    assert done.returncode == 0
    out = assert_printable(done.stdout)
    assert "Red [31mtitle [0m with CSI" in out
    assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout and b"\xc2\x9b" not in done.stdout


def test_show_huge_abstract(hostile_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r").mkdir()
    shutil.copy(hostile_dir / "good_huge_abstract.yaml", tmp_path / "r" / "huge.yaml")
    assert main(["show", "hostile-huge-abstract", "-r", str(tmp_path / "r"), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert len(json.loads(out)["abstract"]) > 3_000_000


# -- hostile file names --------------------------------------------------------------------------

@pytest.fixture
def named_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "\x1b]0;pwned\x07good.yaml").write_text("title: named by an attacker\n", encoding="utf-8")
    (folder / "\x1b[31mbad.yaml").write_text("title: [\n", encoding="utf-8")
    return folder


def test_file_name_escapes_never_reach_the_id(named_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "]0;pwned good", "-r", str(named_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "]0;pwned good"


def test_check_escapes_hostile_file_names(named_dir: Path) -> None:
    done = run_repotui("check", str(named_dir))
    assert done.returncode == 1
    assert b"\x1b" not in done.stdout


def test_show_escapes_hostile_file_names(named_dir: Path) -> None:
    done = run_repotui("show", "]0;pwned good", "-r", str(named_dir))
    assert done.returncode == 0
    assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that stores raw bytes in names")
def test_undecodable_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "bytes"
    folder.mkdir()
    (Path(os.fsdecode(bytes(folder) + b"/\xffgood.yaml"))).write_text("title: fine\n", encoding="utf-8")
    done = run_repotui("show", "\ufffdgood", "-r", str(folder), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(assert_printable(done.stdout))["id"] == "\ufffdgood"
