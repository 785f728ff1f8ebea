"""Two processes on one records folder at once (two `repotui index`, or the app and `repotui
index`): both finish, and the shared index agrees with the files (`check` and `list`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.faults.conftest import MANY, index_files, kill_quietly, run, start, user_env
from tests.helpers.tmux import tmux_app


def assert_index_agrees(records: Path, env: dict[str, str], count: int) -> None:
    checked = run(["check", str(records)], env)
    assert f"{count} valid record(s), 0 invalid file(s)" in checked.stdout
    listed = run(["list", "-r", str(records), "--format", "ids"], env)
    assert listed.returncode == 0, listed.stderr
    ids = listed.stdout.split()
    assert len(ids) == len(set(ids)) == count
    assert set(ids) == {p.stem for p in records.rglob("*.yaml")}


def test_two_index_commands_at_once(many_records: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path)
    first = start(["index", "-r", str(many_records)], env)
    second = start(["index", "-r", str(many_records)], env)
    try:
        outs = [proc.communicate(timeout=600) for proc in (first, second)]
    finally:
        kill_quietly(first)
        kill_quietly(second)
    for proc, (out, err) in zip((first, second), outs, strict=True):
        assert proc.returncode == 0, err
        assert f"{MANY:,} records" in out
        assert "Traceback" not in err
    assert len(index_files(tmp_path / "cache")) == 1
    assert_index_agrees(many_records, env, MANY)


@pytest.mark.e2e
def test_the_app_and_the_index_command_at_once(many_records: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(many_records, records)
    env = user_env(tmp_path)
    private = {k: v for k, v in env.items() if k.startswith(("REPOTUI_", "TMPDIR"))}
    with tmux_app(["-r", str(records)], size=(120, 40), env=private) as term:
        term.wait_for("Indexing records", timeout=60)
        other = run(["index", "-r", str(records)], env, timeout=600)
        assert other.returncode == 0, other.stderr
        assert f"{MANY:,} records" in other.stdout
        term.wait_until(lambda s: f"{MANY:,} of {MANY:,} records" in s, "the app's list complete", timeout=300)
        # A record added meanwhile: the command indexes it, the app shows it after `r`.
        (records / "0000" / "added-later.yaml").write_text("id: added-later\ntitle: Added while both ran\n",
                                                          encoding="utf-8")
        again = run(["index", "-r", str(records)], env)
        assert "1 added" in again.stdout
        term.send("r")
        term.wait_until(lambda s: f"{MANY + 1:,} of {MANY + 1:,} records" in s, "the added record in the app")
        assert "Traceback" not in term.history()
    assert_index_agrees(records, env, MANY + 1)
