"""The loader on real files in tmp_path: every invalid-record kind of issue 2 becomes a LoadProblem
with its file and line, every good record beside it still loads, and nothing ever raises."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from repotui.core.loader import find_record_files, load_file, load_records
from repotui.core.problems import Severity
from tests.helpers.files import remove_deep

GOOD = "id: good\ntitle: A good record\nissued: 2021\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_error(tmp_path: Path, name: str, content: str | bytes):
    """Load `name` next to a good record; the good one loads and `name` gives one error."""
    write(tmp_path, "good.yaml", GOOD)
    bad = write(tmp_path, name, content)
    result = load_records(tmp_path)
    assert [r.id for r in result.records] == ["good"]
    errors = result.errors
    assert len(errors) == 1, errors
    assert errors[0].path == bad
    return errors[0]


# -- every invalid-record kind, with file and line ---------------------------------------------

@pytest.mark.parametrize(("content", "line", "reason"), [
    ("title: x\nauthor: [a, b\nissued: 2020\n", 3, "expected ',' or ']'"),
    ("title: x\n  author: y\n", 2, "mapping values are not allowed"),
    ("title: x\nauthor:\n\t- y\n", 3, "YAML syntax error"),
    ('title: "unclosed\n', 2, "YAML syntax error"),
])
def test_yaml_syntax_error_has_line(tmp_path: Path, content: str, line: int, reason: str) -> None:
    problem = only_error(tmp_path, "bad.yaml", content)
    assert problem.line == line
    assert reason in problem.message
    assert str(problem).startswith(f"{tmp_path / 'bad.yaml'}:{line}: ")


@pytest.mark.parametrize(("content", "kind"), [
    ("- title: a\n- title: b\n", "a list"),
    ("just text\n", "text"),
    ("42\n", "int"),
])
def test_not_a_mapping(tmp_path: Path, content: str, kind: str) -> None:
    problem = only_error(tmp_path, "bad.yaml", content)
    assert problem.message == f"a record must be a mapping of fields, not {kind}"
    assert problem.line == 1


@pytest.mark.parametrize("content", ["", "# only a comment\n", "---\n", "\n\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    problem = only_error(tmp_path, "bad.yaml", content)
    assert "empty" in problem.message


def test_missing_title(tmp_path: Path) -> None:
    problem = only_error(tmp_path, "bad.yaml", "issued: 2020\nauthor: Smith, J\n")
    assert problem.message == "title is missing"


@pytest.mark.parametrize(("content", "line", "message"), [
    ("issued: 2020\ntitle: null\n", 2, "title is empty (null)"),
    ("issued: 2020\ntitle: ''\n", 2, "title is empty"),
    ('issued: 2020\ntitle: " \\e \\t "\n', 2, "title is empty"),
])
def test_empty_or_null_title(tmp_path: Path, content: str, line: int, message: str) -> None:
    problem = only_error(tmp_path, "bad.yaml", content)
    assert (problem.line, problem.message) == (line, message)


@pytest.mark.parametrize(("content", "line", "message"), [
    ("issued: 2020\ntitle: [a, b]\n", 2, "title must be text, not a list"),
    ("issued: 2020\ntitle: {a: b}\n", 2, "title must be text, not a mapping"),
    ("issued: 2020\ntitle: true\n", 2, "title must be text, not true/false"),
    ("title: x\nvolume: [1]\n", 2, "volume must be text, not a list"),
    ("title: x\nauthor: 7\n", 2, "author must be a list of names"),
    ("title: x\nauthor:\n  - [a]\n", 2, "each author must be a name mapping or text"),
    ("title: x\nauthor:\n  - family: [a]\n", 3, "family must be text, not a list"),
    ("title: x\nfiles: a.pdf\n", 2, "files must be a list of {path or url, format, version}"),
    ("title: x\ndates: [2020]\n", 2, "dates must be a mapping (accepted: 2022-08-24, ...)"),
    ("title: x\npeer-reviewed: maybe\n", 2, "peer-reviewed must be true or false"),
    ("title: x\nlicence: [a]\n", 2, "licence must be a mapping (id, name, url) or text"),
    ("title: x\nkeyword: [[a]]\n", 2, "keyword must be text or a list of text"),
])
def test_wrong_types(tmp_path: Path, content: str, line: int, message: str) -> None:
    problem = only_error(tmp_path, "bad.yaml", content)
    assert (problem.line, problem.message) == (line, message)


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ("title: x\nissued: 99999-13-45\n", 2, "'99999-13-45' is not a date"),
    ("title: x\nissued: 2022-13-01\n", 2, "month 13 is out of range"),
    ("title: x\nissued: 2023-02-29\n", 2, "day 29 does not exist in 2023-02"),
    ("title: x\nissued: 0\n", 2, "year 0 is out of range"),
    ("title: x\ndates:\n  accepted: soon\n", 3, "accepted: 'soon' is not a date"),
    ("title: x\nissued: {date-parts: [[a]]}\n", 2, "date-parts must hold numbers"),
    ("title: x\nissued: {date-parts: 2020}\n", 2, "date-parts must be a list"),
])
def test_bad_dates(tmp_path: Path, content: str, line: int, fragment: str) -> None:
    problem = only_error(tmp_path, "bad.yaml", content)
    assert problem.line == line
    assert fragment in problem.message


def test_duplicate_id_first_in_path_order_wins(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "id: same\ntitle: First\n")
    second = write(tmp_path, "sub/b.yaml", "id: same\ntitle: Second\n")
    write(tmp_path, "stem-id.yaml", "title: id from the file stem\n")
    result = load_records(tmp_path)
    assert [(r.id, r.title) for r in result.records] == [("same", "First"), ("stem-id", "id from the file stem")]
    [problem] = result.problems
    assert problem.path == second
    assert problem.message == f"duplicate id 'same' (already used by {first})"


def test_duplicate_key(tmp_path: Path) -> None:
    problem = only_error(tmp_path, "bad.yaml", "title: a\nissued: 2020\ntitle: b\n")
    assert (problem.line, problem.message) == (3, "found duplicate key 'title'")


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    problem = only_error(tmp_path, "bad.yaml", "title: ok\nauthor: M\u00fcller\n".encode("latin-1"))
    assert (problem.line, problem.message) == (2, "the file is not valid UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_refused(tmp_path: Path, encoding: str) -> None:
    problem = only_error(tmp_path, "bad.yaml", "title: wide\n".encode(encoding))
    assert "not UTF-8" in problem.message or "UTF-16" in problem.message


def test_utf8_bom_loads(tmp_path: Path) -> None:
    write(tmp_path, "bom.yaml", "\ufefftitle: With BOM\n".encode())
    result = load_records(tmp_path)
    assert [r.title for r in result.records] == ["With BOM"]
    assert result.problems == []


def test_binary_junk(tmp_path: Path) -> None:
    junk = bytes((i * 37 + 11) % 256 for i in range(4096))
    problem = only_error(tmp_path, "bad.yaml", junk)
    assert problem.severity is Severity.ERROR


def test_raw_control_character_has_line(tmp_path: Path) -> None:
    problem = only_error(tmp_path, "bad.yaml", b"title: ok\nabstract: a\x1b[31m red\n")
    assert problem.line == 2
    assert "control characters are not allowed" in problem.message


@pytest.mark.parametrize(("content", "line"), [
    ('title: !!python/object/apply:os.system ["touch pwned"]\n', 1),
    ("title: x\nabstract: !!python/name:os.system\n", 2),
    ("title: x\nabstract: !!python/object/new:os.system [id]\n", 2),
    ("title: !custom x\n", 1),
])
def test_unsafe_tags_refused_never_run(tmp_path: Path, content: str, line: int) -> None:
    problem = only_error(tmp_path, "bad.yaml", content)
    assert problem.line == line
    assert problem.message.startswith("unsafe or unknown YAML tag refused")
    assert not (tmp_path / "pwned").exists()


def test_unknown_fields_are_kept(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", "title: x\nx-custom: kept\nx-list: [1, 2]\n")
    result = load_records(tmp_path)
    [record] = result.records
    assert result.problems == []
    assert dict(record.extra) == {"x-custom": "kept", "x-list": "1, 2"}


def test_warnings_keep_the_record(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", "title: x\nURL: javascript:alert(1)\n")
    result = load_records(tmp_path)
    [record] = result.records
    assert record.url is None
    [warning] = result.problems
    assert warning.severity is Severity.WARNING
    assert warning.line == 2
    assert result.errors == []


# -- files that are not files --------------------------------------------------------------------

def test_missing_records_folder(tmp_path: Path) -> None:
    result = load_records(tmp_path / "nope")
    assert result.records == []
    assert "does not exist" in result.problems[0].message


def test_vanished_file(tmp_path: Path) -> None:
    path = write(tmp_path, "gone.yaml", GOOD)
    listed = list(find_record_files(tmp_path))
    path.unlink()
    record, [problem] = load_file(listed[0])
    assert record is None
    assert problem.message == "the file disappeared while the folder was being read"


def test_dangling_symlink_and_loop(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD)
    os.symlink("nowhere.yaml", tmp_path / "dangling.yaml")
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    result = load_records(tmp_path)
    assert [r.id for r in result.records] == ["good"]
    messages = {p.path.name: p.message for p in result.problems}
    assert messages == {
        "dangling.yaml": "dangling symlink: the file it points to does not exist",
        "loop.yaml": "symlink loop: the link points back to itself",
    }


def test_folder_named_like_a_record_is_walked_not_read(tmp_path: Path) -> None:
    write(tmp_path, "x.yaml/inner.yaml", GOOD)
    result = load_records(tmp_path)
    assert [r.path for r in result.records] == [tmp_path / "x.yaml" / "inner.yaml"]
    assert result.problems == []
    record, [problem] = load_file(tmp_path / "x.yaml")
    assert record is None
    assert problem.message == "not a regular file but a folder"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # opening it for reading would block forever without O_NONBLOCK
    write(tmp_path, "good.yaml", GOOD)
    result = load_records(tmp_path)
    assert [r.id for r in result.records] == ["good"]
    [problem] = result.problems
    assert (problem.path.name, problem.message) == ("pipe.yaml", "not a regular file but a FIFO, socket or device")


def test_hidden_folders_and_other_suffixes_are_skipped(tmp_path: Path) -> None:
    write(tmp_path, ".git/x.yaml", "title: [\n")
    write(tmp_path, "notes.txt", "title: [\n")
    write(tmp_path, "r.yml", GOOD)
    result = load_records(tmp_path)
    assert [r.path.name for r in result.records] == ["r.yml"]
    assert result.problems == []


# -- size limit -------------------------------------------------------------------------------

def test_file_too_large_message(tmp_path: Path) -> None:
    path = write(tmp_path, "big.yaml", "title: big\nabstract: " + "x" * 2000 + "\n")
    size = path.stat().st_size
    record, [problem] = load_file(path, max_bytes=1000)
    assert record is None
    assert problem.message == f"file is {size:,} bytes, more than the limit of 1,000 (max_record_bytes)"
    record, problems = load_file(path, max_bytes=size)
    assert record is not None and problems == []


def test_records_folder_uses_the_limit(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "big.yaml", "title: big\nabstract: " + "x" * 5000 + "\n")
    result = load_records(tmp_path, max_bytes=1024)
    assert [r.id for r in result.records] == ["good"]
    assert [p.path.name for p in result.errors] == ["big.yaml"]
    assert "more than the limit of 1,024 (max_record_bytes)" in result.errors[0].message


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_file_that_grows_while_read(tmp_path: Path) -> None:
    # /proc files report size 0 to stat() and then yield data: the same as a file that grows
    # between the size check and the read.
    os.symlink("/proc/self/status", tmp_path / "grows.yaml")
    record, [problem] = load_file(tmp_path / "grows.yaml", max_bytes=64)
    assert record is None
    assert problem.message == "file grew past the limit of 64 bytes while being read (max_record_bytes)"


# -- folder trees -----------------------------------------------------------------------------

def test_deep_folder_tree_does_not_recurse(tmp_path: Path) -> None:
    folder = tmp_path
    for _ in range(1500):  # 3 KB of path: within PATH_MAX, past Python's recursion limit
        folder = folder / "a"
        folder.mkdir()  # one level at a time: mkdir(parents=True) itself recurses
    write(folder, "deep.yaml", "title: deep down\n")
    write(tmp_path, "top.yaml", "title: on top\n")
    try:
        result = load_records(tmp_path)
        assert [r.title for r in result.records] == ["on top", "deep down"]
        assert result.problems == []
    finally:
        remove_deep(tmp_path / "a")


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="needs dir_fd support")
def test_folder_past_path_max_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD)
    name = "d" * 250
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(20):  # 5,000 characters: more than PATH_MAX, so it cannot be listed by path
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    result = load_records(tmp_path)
    assert [r.id for r in result.records] == ["good"]
    [problem] = result.problems
    assert problem.message.startswith("cannot read the folder: ")
    assert str(problem.path).startswith(str(tmp_path / name))


def test_walk_order_is_files_first_then_sorted_folders(tmp_path: Path) -> None:
    for rel in ("b.yaml", "a.yml", "z/1.yaml", "c/2.yaml", "c/d/3.yaml", ".hidden/4.yaml", "c/.5.yaml"):
        write(tmp_path, rel, GOOD)
    os.symlink("c", tmp_path / "link-to-folder")
    walked = [p.relative_to(tmp_path).as_posix() for p in find_record_files(tmp_path)]
    assert walked == ["a.yml", "b.yaml", "c/2.yaml", "c/d/3.yaml", "z/1.yaml"]


def test_merge_keys_follow_yaml_and_own_keys_override(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", "x-base: &b {title: Base title, volume: '1'}\n<<: *b\ntitle: Own title\n")
    [record] = load_records(tmp_path).records
    assert (record.title, record.volume) == ("Own title", "1")


def test_duplicate_own_keys_next_to_a_merge_are_still_refused(tmp_path: Path) -> None:
    problem = only_error(tmp_path, "bad.yaml", "x-base: &b {volume: '1'}\n<<: *b\ntitle: a\ntitle: b\n")
    assert (problem.line, problem.message) == (4, "found duplicate key 'title'")


def test_problem_messages_escape_hostile_file_names(tmp_path: Path) -> None:
    write(tmp_path, "\x1b[31ma.yaml", "id: same\ntitle: First\n")
    write(tmp_path, "b.yaml", "id: same\ntitle: Second\n")
    [problem] = load_records(tmp_path).problems
    assert "\x1b" not in problem.message
    assert problem.message.endswith("\\x1b[31ma.yaml)")
