"""A full disk, for real: small tmpfs mounts (as root) under the cache (index, downloads) and
under the records folder (import, harvest). Every case: a clear message naming the folder and
what to do, nothing half-written, nothing the next run trips over."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from repotui.core.loader import load_records
from tests.faults.conftest import (
    MANY,
    Tmpfs,
    index_files,
    partial_files,
    run,
    start,
    user_env,
    wait_for_build,
)
from tests.helpers import http_server, oai_server
from tests.helpers.tmux import tmux_app
from tests.helpers.wait import wait_until

Mount = Callable[[str, str], Tmpfs]


def cache_on(tmpfs: Tmpfs, home: Path) -> dict[str, str]:
    return user_env(home, REPOTUI_CACHE_DIR=str(tmpfs.path))


def fallback_files(home: Path) -> list[Path]:
    """Index files in the per-user fallback place under this test's TMPDIR."""
    return sorted((home / "tmp").glob("repotui-*/*.sqlite"))


def test_index_does_not_fit_the_cache(many_records: Path, tmp_path: Path, tmpfs: Mount) -> None:
    cache = tmpfs("cache", "2m")
    env = cache_on(cache, tmp_path)
    first = run(["index", "-r", str(many_records)], env)
    assert first.returncode == 0, first.stderr
    assert f"cannot write the index in {cache.path / 'index'}: the disk is full" in first.stderr
    assert "REPOTUI_CACHE_DIR" in first.stderr  # what to do
    assert f"{MANY:,} records" in first.stdout
    assert index_files(cache.path) == [] and partial_files(cache.path) == []  # nothing half-written left
    [fallback] = fallback_files(tmp_path)
    assert str(fallback) in first.stdout
    again = run(["index", "-r", str(many_records)], env)
    assert again.returncode == 0, again.stderr
    assert "0 added" in again.stdout and "rebuilt" not in again.stdout  # reused, not built anew
    assert fallback_files(tmp_path) == [fallback]
    listed = run(["list", "-r", str(many_records), "--format", "ids"], env)
    assert len(listed.stdout.split()) == MANY


def test_the_cache_fills_up_during_the_build(many_records: Path, tmp_path: Path, tmpfs: Mount) -> None:
    """Room for the build when it starts, none soon after (another program filled the disk):
    what was built moves to the fallback place, the build finishes there, and once there is
    room again the index moves back to the cache."""
    cache = tmpfs("cache", "24m")
    env = cache_on(cache, tmp_path)
    proc = start(["index", "-r", str(many_records)], env)
    db = wait_until(lambda: next(iter(index_files(cache.path)), None), timeout=60, what="the index file")
    wait_for_build(db, 800, proc)
    cache.fill(leave=0)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "the disk is full" in err and str(cache.path) in err
    assert f"{MANY:,} records" in out
    assert index_files(cache.path) == [] and partial_files(cache.path) == []
    assert len(fallback_files(tmp_path)) == 1
    (cache.path / ".filler").unlink()  # room again
    back = run(["index", "-r", str(many_records)], env)
    assert back.returncode == 0, back.stderr
    assert "0 added" in back.stdout and "cannot write" not in back.stderr
    assert len(index_files(cache.path)) == 1 and fallback_files(tmp_path) == []  # moved back, nothing left


@pytest.mark.e2e
def test_the_app_with_a_full_cache(first_run_records: Path, tmp_path: Path, tmpfs: Mount) -> None:
    cache = tmpfs("cache", "1m")
    env = cache_on(cache, tmp_path)
    private = {k: v for k, v in env.items() if k.startswith(("REPOTUI_", "TMPDIR"))}
    with tmux_app(["-r", str(first_run_records)], size=(120, 40), env=private) as term:
        screen = term.wait_until(lambda s: "2,600 of 2,600 records" in s, "the list", timeout=180)
        assert "cannot write the index in" in term.history() or "cannot write the index in" in screen
        assert "could not be opened" not in screen and "Traceback" not in term.history()
    assert index_files(cache.path) == []


def test_download_into_a_full_cache(tmp_path: Path, tmpfs: Mount) -> None:
    cache = tmpfs("cache", "1m")
    env = cache_on(cache, tmp_path)
    records = tmp_path / "records"
    records.mkdir()
    with http_server.serve() as server:
        (records / "big.yaml").write_text(f"id: big-1\ntitle: A big remote PDF\nfiles:\n- url: {server.url('/big.pdf')}\n"
                                          "  format: application/pdf\n", encoding="utf-8")
        (cache.path / "files").mkdir()
        cache.fill(leave=16 * 1024)
        done = run(["fetch", "big-1", "-r", str(records)], env)
        assert done.returncode == 1
        assert f"cannot write to the cache folder {cache.path / 'files'}: the disk is full" in done.stdout
        assert partial_files(cache.path) == [] and list((cache.path / "files").iterdir()) == []
        (cache.path / ".filler").unlink()
        again = run(["fetch", "big-1", "-r", str(records)], env)
    assert again.returncode == 0 and "1 fetched" in again.stdout


def csl_json(path: Path, count: int) -> Path:
    items = [{"id": f"full-{i:05d}", "type": "article-journal", "title": f"Record {i} for a full disk",
              "abstract": "words " * 40} for i in range(count)]
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_import_into_a_full_records_folder(tmp_path: Path, tmpfs: Mount) -> None:
    records = tmpfs("records", "256k")
    env = user_env(tmp_path)
    source = csl_json(tmp_path / "export.json", 400)
    first = run(["import", str(source), "-r", str(records.path), "--flat"], env)
    assert first.returncode == 1
    assert f"cannot write records in {records.path}: the disk is full; stopped" in first.stderr
    assert "free some space there and run the same command again" in first.stderr
    assert first.stderr.count("the disk is full") == 1  # one message, not one per record
    assert partial_files(records.path) == []
    kept = load_records(records.path)
    assert kept.problems == [] and 0 < len(kept.records) < 400  # every file there is whole
    records.remount("size=4m")
    again = run(["import", str(source), "-r", str(records.path), "--flat"], env)
    assert again.returncode == 0, again.stderr
    assert len(load_records(records.path).records) == 400


EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "eprints_oai_dc_ListRecords_lshtm_2015.xml"


def test_harvest_into_a_full_records_folder(tmp_path: Path, tmpfs: Mount) -> None:
    records = tmpfs("records", "64k")
    env = user_env(tmp_path)
    exported = oai_server.records_from_export(EXPORT)
    with oai_server.serve(exported, page_size=10) as server:
        records.fill(leave=12 * 1024)
        first = run(["harvest", server.url, "-r", str(records.path)], env)
        assert first.returncode == 1
        assert f"cannot write records in {records.path}: the disk is full; stopped" in first.stderr
        assert partial_files(records.path) == []
        assert load_records(records.path).problems == []
        asked = len(server.requests)
        assert asked < -(-len(exported) // 10)  # it stopped asking for pages
        os.remove(records.path / ".filler")
        records.remount("size=8m")
        again = run(["harvest", server.url, "-r", str(records.path)], env)
    assert again.returncode == 0, again.stderr
    assert len(load_records(records.path).records) >= len([r for r in exported if b"<header status" not in r.xml])


def test_tmpfs_is_really_small(tmpfs: Mount) -> None:
    """The fixture gives what it says: a write past the size fails with ENOSPC."""
    small = tmpfs("small", "64k")
    with pytest.raises(OSError) as failed:
        (small.path / "x").write_bytes(b"\0" * 200_000)
    assert failed.value.errno == 28
    subprocess.run(["sync"], check=False)
