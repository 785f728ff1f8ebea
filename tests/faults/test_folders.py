"""Records folders as users have them: read-only (a real read-only file system), on a path with
spaces and non-ASCII letters, behind a symlink; and records that change on disk while the app
shows them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.conftest import Tmpfs, index_files, run, user_env
from tests.helpers.tmux import tmux_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEARCH = FIXTURES / "search_records"
Mount = Callable[[str, str], Tmpfs]


def private(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(("REPOTUI_", "TMPDIR"))}


@pytest.fixture
def read_only_records(tmpfs: Mount) -> Path:
    """The search fixtures on a tmpfs remounted read-only (even root cannot write there)."""
    mount = tmpfs("ro", "4m")
    shutil.copytree(SEARCH, mount.path / "records")
    mount.remount("ro")
    with pytest.raises(OSError):
        (mount.path / "records" / "probe").write_text("x", encoding="utf-8")
    return mount.path / "records"


def test_read_only_folder_browse_search_cite(read_only_records: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path)
    checked = run(["check", str(read_only_records)], env)
    assert "8 valid record(s)" in checked.stdout  # broken.yaml and the duplicate are reported, as ever
    listed = run(["list", "-r", str(read_only_records), "cyber", "--format", "ids"], env)
    assert listed.returncode == 0 and listed.stdout.split() == ["s-cyber", "s-thesis", "s-escal"]
    cited = run(["cite", "s-cyber", "-r", str(read_only_records)], env)
    assert cited.returncode == 0 and "Is there a cyber security dilemma?" in cited.stdout
    assert index_files(tmp_path / "cache")  # the index lives in the cache, not in the records folder


def test_read_only_folder_import_and_harvest_say_why(read_only_records: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path)
    source = tmp_path / "new.json"
    source.write_text(json.dumps([{"id": "new-1", "type": "book", "title": "A new record"}]), encoding="utf-8")
    imported = run(["import", str(source), "-r", str(read_only_records)], env)
    assert imported.returncode == 1
    assert f"cannot write records in {read_only_records}: it is on a read-only file system; stopped" in imported.stderr
    assert "import into a writable folder" in imported.stderr

    from tests.helpers import oai_server

    export = FIXTURES / "exports" / "eprints_oai_dc_ListRecords_lshtm_2015.xml"
    with oai_server.serve(oai_server.records_from_export(export), page_size=5) as server:
        harvested = run(["harvest", server.url, "-r", str(read_only_records)], env)
        asked = len(server.requests)
    assert harvested.returncode == 1
    assert "it is on a read-only file system; stopped" in harvested.stderr
    assert asked == 1  # it stopped at the first page


@pytest.mark.e2e
def test_read_only_folder_in_the_app(read_only_records: Path, tmp_path: Path) -> None:
    with tmux_app(["-r", str(read_only_records)], size=(120, 40), env=private(user_env(tmp_path))) as term:
        term.wait_for("8 of 8 records")
        screen = term.search("orsted", shows="Ørsted")
        term.send("c")
        screen = term.wait_until(lambda s: "Copied" in s or "Copy this by hand" in s, "a citation to copy")
        assert "Ørsted" in screen
        assert "Traceback" not in term.history()


@pytest.mark.e2e
def test_spaces_non_ascii_and_a_symlinked_root(tmp_path: Path) -> None:
    real = tmp_path / "My Records — Ørsted & Dvořák" / "sub folder"
    shutil.copytree(SEARCH, real)
    link = tmp_path / "link to records"
    link.symlink_to(real, target_is_directory=True)
    env = user_env(tmp_path)
    built = run(["index", "-r", str(link)], env)
    assert built.returncode == 0, built.stderr
    assert "8 records" in built.stdout
    again = run(["index", "-r", str(real)], env)  # the same folder by its real path: the same index
    assert "0 added" in again.stdout and "rebuilt" not in again.stdout
    assert len(index_files(tmp_path / "cache")) == 1
    listed = run(["list", "-r", str(link), "author:ørs", "--format", "ids"], env)
    assert listed.stdout.split() == ["s-orsted"]
    checked = run(["check", str(link)], env)
    assert "8 valid record(s)" in checked.stdout
    with tmux_app(["-r", str(link)], size=(120, 40), env=private(env)) as term:
        term.wait_for("8 of 8 records")
        term.search("orsted", shows="Ørsted")
        term.send("tab")
        term.send("G")
        screen = term.wait_until(lambda s: "Record file" in s, "the record file row")
        assert "Traceback" not in term.history()
        assert "link to records" in screen or "sub folder" in screen


@pytest.mark.e2e
def test_a_record_edited_replaced_or_deleted_while_shown(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(SEARCH, records)
    with tmux_app(["-r", str(records)], size=(120, 40), env=private(user_env(tmp_path))) as term:
        term.wait_for("8 of 8 records")
        term.search("beckerman", shows="Is there a cyber security dilemma?")  # the author: still found after edits
        # Edited in place: the next refresh shows the new title.
        cyber = records / "cyber.yaml"
        cyber.write_text(cyber.read_text(encoding="utf-8").replace(
            "title: Is there a cyber security dilemma?", "title: Is there a cyber security paradox?"), encoding="utf-8")
        term.send("r")
        term.wait_until(lambda s: "paradox" in s and "dilemma?" not in s, "the edited title")
        # Replaced by another file under the same name (an editor's save): shown as the new one.
        replacement = tmp_path / "cyber.new"
        replacement.write_text(cyber.read_text(encoding="utf-8").replace("paradox", "puzzle"), encoding="utf-8")
        replacement.replace(cyber)
        term.send("r")
        term.wait_until(lambda s: "puzzle" in s and "paradox" not in s, "the replaced record")
        # Deleted: gone from the list, and the detail pane no longer presents it.
        cyber.unlink()
        term.send("r")
        screen = term.wait_until(lambda s: "puzzle" not in s, "the deleted record gone from both panes")
        assert "Traceback" not in term.history()
        assert "0 of 7 records" in screen and "No record selected." in screen
