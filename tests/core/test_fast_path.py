"""The loader's fast path (plain YAML, validated without line numbers) gives exactly what the
line-tracking path gives: the same record, and the same problems with the same lines, on every
fixture folder, the hostile folder, and generated YAML that mixes plain records with every
construct the fast path hands back (aliases, merge keys, tags, duplicates, bad values)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repotui.core.loader import find_record_files, load_file
from repotui.core.validate import count_nodes
from repotui.core.yamlsafe import NotPlain, load_plain, load_with_lines
from tests.helpers import make_hostile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FOLDERS = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and any(find_record_files(p)))


def both_ways(path: Path) -> tuple[object, object]:
    fast = load_file(path)
    tracked = load_file(path, track_lines=True)
    return fast, tracked


def assert_same(path: Path) -> None:
    (record, problems), (expected, expected_problems) = both_ways(path)
    assert [(str(p), p.line, p.severity) for p in problems] == \
        [(str(p), p.line, p.severity) for p in expected_problems], path
    assert record == expected, path
    if record is not None and expected is not None:
        assert record.csl == expected.csl and record.path == expected.path


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_fixture_folders(folder: Path) -> None:
    files = list(find_record_files(folder))
    assert files
    for path in files:
        assert_same(path)


def test_the_hostile_folder(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    make_hostile.build(root)
    files = list(find_record_files(root))
    assert len(files) > 70
    for path in files:
        assert_same(path)


def test_the_fast_path_is_taken_for_plain_records() -> None:
    """The comparison above would pass trivially if the fast path never ran."""
    text = (FIXTURES / "search_records" / "cyber.yaml").read_text(encoding="utf-8")
    data, nodes = load_plain(text)
    assert data == load_with_lines(text)[0]
    assert nodes == count_nodes(data)
    for refused in ("a: 1\na: 2\n", "base: &b {x: 1}\nother:\n  <<: *b\n", "x: !!set {a, b}\n", "a: [\n",
                    "? [a]\n: 1\n", "t: !!python/name:os.system\n"):
        with pytest.raises(NotPlain):
            load_plain(refused)


# -- generated YAML ------------------------------------------------------------------------------

SCALARS = st.sampled_from([
    "Plain title", "'quoted: text'", '"esc\\u00e9 \\t tab"', "2021-03-04", "2021-13-45", "2021",
    "12:30:45", "0x1F", "0o17", "1_000", "3.5e3", ".nan", "-.inf", "yes", "No", "on", "~", "null", "",
    "!!binary aGVsbG8=", "!!str 42", "!!int '7'", "|\n  block\n  text", ">\n  folded\n  text",
    "https://example.org/x", "ftp://example.org/y", "Ørsted", "\"\\x1b[31mred\"", "'a\u200bb'",
])
FIELDS = st.sampled_from([
    "title", "id", "type", "DOI", "URL", "abstract", "container-title", "volume", "issue", "page",
    "publisher", "issued", "accepted", "keyword", "keywords", "licence", "license", "note", "genre",
    "publisher-statement", "house-citation", "unknown-field", "ISSN", "event",
])


@st.composite
def record_texts(draw: st.DrawFn) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append(f"title: {draw(SCALARS)}")
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.integers(0, 9))
        name = draw(FIELDS)
        if kind <= 4:
            lines.append(f"{name}: {draw(SCALARS)}")
        elif kind == 5:
            lines.append("author:\n  - family: Smith\n    given: Ann\n  - literal: " + draw(SCALARS).split("\n")[0])
        elif kind == 6:
            lines.append(f"{name}: [{draw(SCALARS).split(chr(10))[0]}, x]")
        elif kind == 7:
            lines.append(f"base: &b {{x: 1}}\n{name}:\n  <<: *b\n  y: 2")
        elif kind == 8:
            lines.append(f"anchor: &a {draw(SCALARS).split(chr(10))[0]}\n{name}: *a")
        else:
            lines.append(f"{name}:\n  date-parts: [[{draw(st.integers(-5, 3000))}, {draw(st.integers(0, 14))}]]")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=record_texts())
def test_generated_records(tmp_path: Path, text: str) -> None:
    path = tmp_path / "gen.yaml"
    path.write_text(text, encoding="utf-8")
    assert_same(path)
    try:
        data, nodes = load_plain(text)
    except NotPlain:
        return
    assert nodes == count_nodes(data)  # the count validation skips its walk for


@pytest.mark.parametrize("text", [
    "a: &x [1, 2, {b: c}]\nd: *x\ne: *x\n",  # an alias counts its value each time
    "a: &x\n  b: [1, 2]\n  c: &y [3]\nd: *x\ne: [*y, *y, *x]\n",
    "a: &l0 [x, x]\nb: &l1 [*l0, *l0]\nc: &l2 [*l1, *l1]\nd: [*l2, *l2, *l2]\n",
])
def test_alias_counts_match_the_validator(text: str) -> None:
    data, nodes = load_plain(text)
    assert nodes == count_nodes(data)
