"""`repotui ref` end to end through main(): the sample collection (the seed is compliant), each
format, the query, `--as-of`, and clear usage errors (exit 2)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from repotui.cli.main import main
from repotui.cli.ref_cmd import CSV_COLUMNS
from tests.helpers.cli import run
from tests.helpers.files import copy_records

REPO = Path(__file__).resolve().parent.parent.parent

WAITING = """\
id: wait-1
type: article-journal
title: "=HYPERLINK(\\"http://x\\") [/bold] waiting for its embargo"
container-title: Journal
dates: {accepted: 2026-03-01, online: 2026-05-15, deposited: 2026-04-01}
full-text: {status: restricted, version: AAM}
files:
  - {path: wait-1.pdf, version: AAM, embargo: 2027-05-15}
ref: {panel: C, exception: [technical]}
"""
LATE = """\
id: late-1
type: article-journal
title: Deposited late
container-title: Journal
dates: {accepted: 2019-01-10, online: 2019-02-01, deposited: 2019-06-01, open-access: 2019-06-01}
full-text: {version: AAM}
"""


@pytest.fixture
def records(tmp_path: Path) -> Path:
    root = copy_records(REPO / "records", tmp_path)
    (root / "extra").mkdir()
    (root / "extra" / "wait-1.yaml").write_text(WAITING, encoding="utf-8")
    (root / "extra" / "late-1.yaml").write_text(LATE, encoding="utf-8")
    return root


def test_json_for_the_whole_collection_has_the_seed_compliant(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ref", "-r", str(records), "--format", "json", "--as-of", "2026-11-28")
    items = {item["id"]: item for item in json.loads(out)}
    assert code == 0 and len(items) == 36
    seed = items["dro-37008"]
    assert (seed["policy"], seed["verdict"], seed["scope"]) == ("2021", "compliant", "in")
    assert seed["checks"]["deposit"]["result"] == "passed"
    assert set(seed["checks"]) == {"deposit", "discovery", "access-embargo", "access-timing"}
    assert seed["reasons"][0] == seed["reason"] and seed["title"] == "Is there a cyber security dilemma?"
    assert items["late-1"]["verdict"] == "not-compliant"
    assert items["wait-1"]["verdict"] == "compliant"  # the technical exception
    assert {item["verdict"] for item in items.values()} <= {
        "compliant", "not-compliant", "out-of-scope", "will-become-compliant", "cannot-tell"}
    assert err.strip().endswith("36 records, REF 2021 as of 2026-11-28: 2 compliant, 1 not compliant, "
                                "31 out of scope, 2 cannot tell")


def test_a_query_selects_records_and_2029_judges_by_period(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "ref", "-r", str(records), "cyber", "security", "dilemma", "--policy", "2029",
                          "--format", "json")
    [seed] = json.loads(out)
    assert code == 0 and (seed["id"], seed["policy"], seed["verdict"], seed["scope"]) == (
        "dro-37008", "2029", "compliant", "21-25")


def test_as_of_moves_a_verdict_that_waits_on_a_date(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (records / "extra" / "wait-1.yaml").write_text(WAITING.replace(", exception: [technical]", ""), encoding="utf-8")
    for day, expected, changes in (("2026-11-28", "will-become-compliant", "2027-06-16"),
                                   ("2027-06-16", "not-compliant", None)):
        _code, out, _err = run(capsys, "ref", "-r", str(records), "waiting", "--format", "json", "--as-of", day)
        [item] = json.loads(out)
        assert (item["verdict"], item["changes_on"]) == (expected, changes)


def test_ref_filters_in_the_query_judge_on_the_as_of_day(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (records / "extra" / "wait-1.yaml").write_text(WAITING.replace(", exception: [technical]", ""), encoding="utf-8")
    for day, query, expected in (("2026-11-28", "ref:will-become", {"wait-1"}),
                                 ("2027-06-16", "ref:will-become", set()),
                                 ("2027-06-16", "embargoed:yes", set()),
                                 ("2026-11-28", "embargoed:yes", {"wait-1"})):
        _code, out, _err = run(capsys, "ref", "-r", str(records), query, "--format", "json", "--as-of", day)
        assert {item["id"] for item in json.loads(out)} == expected, (day, query)
    _code, out, _err = run(capsys, "ref", "-r", str(records), "ref:not-compliant", "--format", "json",
                           "--as-of", "2027-06-16")
    assert {item["id"] for item in json.loads(out)} == {"wait-1", "late-1"}
    assert {item["verdict"] for item in json.loads(out)} == {"not-compliant"}


def test_answers_come_from_the_index_not_the_files(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The index keeps the REF fields, so no file is read again: a file changed behind the index's
    back (same size and modification time) still answers as indexed."""
    run(capsys, "ref", "-r", str(records), "--format", "json")  # builds the index
    path = records / "extra" / "late-1.yaml"
    stat = path.stat()
    changed = LATE.replace("deposited: 2019-06-01", "deposited: 2019-01-11")
    assert len(changed) == len(LATE)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    _code, out, _err = run(capsys, "ref", "-r", str(records), "deposited", "late", "--format", "json")
    [item] = json.loads(out)
    assert item["verdict"] == "not-compliant" and "2019-06-01" in item["reason"]


def test_csv_has_the_report_columns(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "ref", "-r", str(records), "--format", "csv", "--as-of", "2026-11-28")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == CSV_COLUMNS == (
        "id", "title", "type", "accepted", "first online", "deposited", "first open access", "embargo end",
        "panel", "exception", "verdict", "reasons")
    by_id = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    seed = by_id["dro-37008"]
    assert (seed["accepted"], seed["first online"], seed["deposited"], seed["first open access"]) == (
        "2022-08-24", "2022-09-19", "2022-09-20", "2022-09-20")
    assert seed["verdict"] == "compliant" and seed["reasons"].startswith("deposited 2022-09-20")
    wait = by_id["wait-1"]
    assert (wait["embargo end"], wait["panel"], wait["exception"]) == ("2027-05-15", "C", "technical")
    assert wait["title"].startswith("'=HYPERLINK")  # never a formula in a spreadsheet


def test_table_prints_record_text_literally(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "ref", "-r", str(records), "waiting")
    assert code == 0 and "[/bold]" in out and "compliant" in out and "wait-1" in out


def test_nothing_matched_is_not_an_error(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ref", "-r", str(records), "zzzznothing", "--format", "json")
    assert (code, json.loads(out)) == (0, []) and "0 records" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["--as-of", "2026-13-01"], "argument --as-of: '2026-13-01' is not a date (use YYYY-MM-DD)"),
    (["--as-of", "20261128"], "argument --as-of: '20261128' is not a date (use YYYY-MM-DD)"),
    (["--as-of", "yesterday"], "is not a date"),
    (["--policy", "2024"], "argument --policy: '2024' is not a REF policy (use 2021 or 2029)"),
    (["--format", "xml"], "invalid choice: 'xml'"),
])
def test_bad_arguments_exit_2_with_a_clear_error(records: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                                 message: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["ref", "-r", str(records), *argv])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_a_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "ref", "-r", str(tmp_path / "nope"))
    assert code == 2 and "no records folder" in err


def test_a_record_broken_after_indexing_is_reported_not_fatal(records: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "ref", "-r", str(records), "--format", "json")  # builds the index
    (records / "extra" / "late-1.yaml").write_text(LATE + "ref: {panel: Z}\n", encoding="utf-8")
    code, out, err = run(capsys, "ref", "-r", str(records), "--format", "json")
    ids = {item["id"] for item in json.loads(out)}
    assert code == 0 and "late-1" not in ids and "dro-37008" in ids
    assert "1 file could not be read and is not judged (`repotui check` lists why)" in err


def test_the_installed_command(records: Path) -> None:
    exe = Path(sys.executable).parent / "repotui"
    if not exe.exists():
        pytest.skip("repotui is not installed in this environment")
    done = subprocess.run([str(exe), "ref", "-r", str(records), "cyber", "dilemma", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["verdict"] == "compliant"
