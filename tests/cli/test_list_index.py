"""`repotui list` and `repotui index` end to end through main(), on a copy of the search fixtures."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from repotui.cli.index_cmd import index_db_path
from tests.helpers.cli import run
from tests.helpers.files import copy_records

SEARCH = Path(__file__).resolve().parent.parent / "fixtures" / "search_records"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return copy_records(SEARCH, tmp_path)


def test_list_ids_in_order(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list", "-r", str(records), "cyber", "--format", "ids")
    assert code == 0
    assert out.split() == ["s-cyber", "s-thesis", "s-escal"]


def test_list_query_words_and_filters_join(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A negated term starts with "-": after "--" (or inside one quoted argument) it is query text.
    code, out, _err = run(capsys, "list", "-r", str(records), "--format", "ids", "--", "security", "-has:doi")
    assert (code, out.split()) == (0, ["s-book", "s-escal"])
    code, out, _err = run(capsys, "list", "-r", str(records), "--format", "ids", "security -has:doi")
    assert (code, out.split()) == (0, ["s-book", "s-escal"])


def test_list_sort_reverse_limit(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(capsys, "list", "-r", str(records), "--format", "ids", "--sort", "title", "--limit", "3")
    assert out.split() == ["s-book", "s-thesis", "s-dup"]
    _code, out, _err = run(capsys, "list", "-r", str(records), "--format", "ids", "--sort", "title", "--reverse",
                           "--limit", "2")
    assert out.split() == ["s-orsted", "s-warn"]


def test_list_json_is_csl(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list", "-r", str(records), "--format", "json", "Ørsted")
    items = json.loads(out)
    assert code == 0
    assert [item["id"] for item in items] == ["s-orsted"]
    assert items[0]["author"] == [{"family": "Ørsted", "given": "Hans Christian"}]


def test_list_table_and_status_line(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "-r", str(records), "author:smi")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["year", "first", "author"]
    assert "Escalation in international affairs" in lines[1] and "s-escal" in lines[1]
    assert "A history of security" in lines[2]
    assert err.startswith("2 of 8 records · ")


def test_list_nothing_found_and_hint(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "-r", str(records), "zebra", "year:20x9")
    assert (code, out) == (1, "")
    assert "repotui: query: year: expects YYYY or YYYY..YYYY" in err


def test_list_usage_errors(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", "-r", str(records), "--sort", "colour")[0] == 2
    assert run(capsys, "list", "-r", str(records / "missing"))[0] == 2


def test_record_text_is_not_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "m.yaml").write_text('id: m1\ntitle: "[bold]x[/bold] [/oops] [link=http://e.vil]y"\n', encoding="utf-8")
    code, out, _err = run(capsys, "list", "-r", str(root))
    assert code == 0
    assert "[bold]x[/bold] [/oops] [link=http://e.vil]y" in out.replace("\n", "")


def test_index_reports_build_then_update(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "index", "-r", str(records))
    assert code == 0
    assert out.splitlines()[0].startswith(
        "index rebuilt (no index yet): 10 added, 0 updated, 0 removed, 0 unchanged in ")
    assert "8 records, 2 invalid file(s), 2 warning(s)" in out
    assert index_db_path(records).is_file()
    path = records / "book.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("A history", "A short history"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    (records / "nodate.yaml").unlink()
    _code, out, _err = run(capsys, "index", str(records))
    assert out.splitlines()[0].startswith("index updated: 0 added, 1 updated, 1 removed, 8 unchanged in ")
    _code, out, _err = run(capsys, "list", "-r", str(records), "short", "--format", "ids")
    assert out.split() == ["s-book"]


def test_index_rebuild(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "index", "-r", str(records))
    _code, out, _err = run(capsys, "index", "-r", str(records), "--rebuild")
    assert out.startswith("index rebuilt (asked to rebuild): 10 added")


def test_index_db_path_is_per_folder_under_the_cache(tmp_path: Path) -> None:
    a, b = index_db_path(tmp_path / "a"), index_db_path(tmp_path / "b")
    assert a != b
    assert a.parent == Path(os.environ["REPOTUI_CACHE_DIR"]) / "index"
    assert index_db_path(tmp_path / "a" / ".." / "a") == a
