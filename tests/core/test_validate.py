"""validate(): dict → Record field by field. Any mapping whatsoever gives a Record or a RecordError,
never another exception, and no string of a Record carries a control character."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repotui.core.model import DateKind, PartialDate, Record
from repotui.core.problems import RecordError
from repotui.core.text import INVISIBLE_MARK
from repotui.core.validate import (
    CSL_DATE_FIELDS,
    CSL_NAME_FIELDS,
    CSL_STRING_FIELDS,
    MAX_EXTRA_FIELDS,
    MAX_FILES,
    MAX_NAMES,
    MAX_NODES,
    REPOSITORY_FIELDS,
    count_nodes,
    parse_date,
    validate,
)
from repotui.core.yamlsafe import load_with_lines

PATH = Path("records/r.yaml")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # everything but \t and \n
ALL_FIELDS = sorted({*CSL_STRING_FIELDS, *CSL_NAME_FIELDS, *CSL_DATE_FIELDS, *REPOSITORY_FIELDS,
                     "family", "given", "literal", "ORCID", "date-parts", "name", "url", "path",
                     "status", "version", "size", "withdrawn", "accepted", "online", "deposited"})


def load(text: str, warn: list[tuple[str, int | None]] | None = None) -> Record:
    data, lines, _keep = load_with_lines(text)
    return validate(data, lines, PATH, "r", warn=None if warn is None else lambda m, n: warn.append((m, n)))


def strings_of(value: Any) -> list[str]:
    """Every str inside a Record (dataclasses, tuples, dicts, enums), for the control check."""
    out: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Path):
            continue
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return out


def assert_clean(record: Record) -> None:
    for text in strings_of(record):
        assert "\x1b" not in text
        assert not CONTROLS.search(text), ascii(text)
        assert "\u202e" not in text and "\u200b" not in text


# -- examples ---------------------------------------------------------------------------------

def test_full_record() -> None:
    record = load("""\
id: r1
type: article-journal
title: "A title"
author:
  - {family: Smith, given: Jane, ORCID: 0000-0002-1825-0097}
  - "Doe, John"
  - World Health Organization
issued: 2022-09-19
container-title: Journal
DOI: https://doi.org/10.1/ABC
licence: CC-BY-4.0
dates: {accepted: 2022-08-24, deposited: 2022-10}
peer-reviewed: true
full-text: {status: public, version: accepted version}
files: [{path: r1.pdf, size: 1000}]
keyword: "a; b"
""")
    assert record.id == "r1" and record.title == "A title"
    assert [p.display() for p in record.authors] == ["Jane Smith", "John Doe", "World Health Organization"]
    assert record.issued == PartialDate(2022, 9, 19)
    assert record.doi == "10.1/ABC"
    assert record.date(DateKind.ACCEPTED) == PartialDate(2022, 8, 24)
    assert record.status.version == "AAM"
    assert record.keywords == ("a", "b")
    assert record.csl["author"][0] == {"family": "Smith", "given": "Jane"}


def test_numbers_for_strings_are_text() -> None:
    record = load("title: 12345\nvolume: 8\nissue: 1.5\npage: 0x1F\nnumber: 1.0e+400\n")
    assert (record.title, record.volume, record.issue, record.page, record.number) == (
        "12345", "8", "1.5", "31", "inf")


def test_strings_for_lists_are_accepted() -> None:
    record = load("title: t\nauthor: Smith, Jane\neditor: {family: Doe}\nkeyword: a, b; c\n")
    assert record.authors[0].family == "Smith" and record.editors[0].family == "Doe"
    assert record.keywords == ("a", "b", "c")


def test_hostile_text_is_cleaned_everywhere() -> None:
    record = load(r'''
title: "T\e]0;pwned\a \e[31mred\e[0m \u202egnp.exe"
author: [{family: "F\x9b31m", given: "G\u200b"}]
abstract: "para\e[2J\n\nnext\x85line"
publisher-statement: "\e]52;c;Zm9v\a"
keyword: ["\e[5mk"]
dates: {accepted: 2020}
x-unknown: {"\e[31mkey": ["\e]0;t\a"]}
"\e]0;key\a": value
''')
    assert_clean(record)
    assert INVISIBLE_MARK in record.title
    assert "]0;pwned" in record.title  # the printable rest stays visible


def test_unsafe_urls_are_dropped_with_a_warning() -> None:
    warnings: list[tuple[str, int | None]] = []
    record = load("title: t\nURL: 'javascript:alert(1)'\nrepository: {url: 'file:///etc/passwd'}\n"
                  "files: [{url: 'ftp://x/y.pdf'}, {path: ../../etc/passwd}]\n", warnings)
    assert record.url is None and record.repository.url is None
    assert [f.path for f in record.files] == ["../../etc/passwd"]  # kept; opening checks it (issue 4)
    assert sorted(line for _msg, line in warnings) == [2, 3, 4, 4]


def test_unknown_fields_are_kept_bounded() -> None:
    record = load("title: t\nx-big: [" + ", ".join(["word"] * 500) + "]\nx-deep: {a: {b: {c: [1, [2, [3]]]}}}\n")
    extra = dict(record.extra)
    assert extra["x-big"].endswith("…") and len(extra["x-big"]) <= 500
    assert extra["x-deep"] == "a: b: c: 1, 2, 3"


def test_row_caps_keep_the_record_and_warn() -> None:
    """Each name, file and unknown field is a row of the detail pane: capped, with a warning."""
    data: dict[Any, Any] = {"title": "t", "author": [f"Name{i}" for i in range(MAX_NAMES + 5)],
                            "files": [{"path": f"f{i}.pdf"} for i in range(MAX_FILES + 3)]}
    data.update({f"x-{i}": i for i in range(MAX_EXTRA_FIELDS + 7)})
    warnings: list[tuple[str, int | None]] = []
    record = validate(data, {}, PATH, "r", warn=lambda m, n: warnings.append((m, n)))
    assert len(record.authors) == MAX_NAMES and len(record.csl["author"]) == MAX_NAMES
    assert len(record.files) == MAX_FILES
    assert len(record.extra) == MAX_EXTRA_FIELDS + 1
    assert record.extra[-1] == ("…", "7 more unknown fields not shown")
    assert sorted(m for m, _ in warnings) == [
        f"{MAX_EXTRA_FIELDS + 7:,} unknown fields; only the first {MAX_EXTRA_FIELDS:,} are shown",
        f"author has {MAX_NAMES + 5:,} names; only the first {MAX_NAMES:,} are kept",
        f"files has {MAX_FILES + 3:,} entries; only the first {MAX_FILES:,} are kept",
    ]


def test_absurd_file_size_is_dropped() -> None:
    warnings: list[tuple[str, int | None]] = []
    record = load("title: t\nfiles:\n  - path: a.pdf\n    size: " + ":".join(["59"] * 100) + "\n", warnings)
    assert record.files[0].size is None
    assert warnings == [("size must be a whole number of bytes; ignored", 4)]


def test_alias_chains_in_unknown_fields_are_summarised_not_recursed() -> None:
    chain = "".join(f"  - &a{i} [*a{i - 1}]\n" for i in range(1, 600))
    record = load("title: t\n_defs:\n  - &a0 [x]\n" + chain + "x-deep: *a599\nx-shallow: [[1, [2]]]\n")
    extra = dict(record.extra)
    assert extra["x-deep"] == "…"
    assert extra["x-shallow"] == "1, 2"


def test_a_big_mapping_without_merge_keys_is_fine() -> None:
    text = "title: t\n" + "".join(f"k{i}: {i}\n" for i in range(12_000))
    record = load(text)
    assert len(record.extra) == MAX_EXTRA_FIELDS + 1


@pytest.mark.parametrize(("value", "expected"), [
    ("2022", PartialDate(2022)), ("2022-08", PartialDate(2022, 8)), (2022, PartialDate(2022)),
    (dt.date(2022, 8, 24), PartialDate(2022, 8, 24)), ({"date-parts": [[2022, 9]]}, PartialDate(2022, 9)),
    ("99999-13-45", None), ("2022-13", None), ("2022-02-30", None), (True, None), ([2022], None),
    ({"date-parts": "2022"}, None), ({"date-parts": [[]]}, None), (10**30, None), (-5, None),
    ({"date-parts": [[2022, 1, 10**30]]}, None),  # overflowed a C long: OverflowError, not a reason
])
def test_parse_date(value: Any, expected: PartialDate | None) -> None:
    parsed = parse_date(value)
    if expected is None:
        assert isinstance(parsed, str)
    else:
        assert parsed == expected


def test_alias_bomb_is_counted_not_expanded() -> None:
    text = 'title: lol\na: &a ["x","x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True))
    data, lines, _keep = load_with_lines(text)
    assert count_nodes(data) > MAX_NODES
    with pytest.raises(RecordError, match="expands to more than"):
        validate(data, lines, PATH, "r")


# -- properties -------------------------------------------------------------------------------

#: 60**3000 has 5,334 digits: str() of it raises ValueError (Python's 4,300-digit limit), and
#: YAML's base-60 integers (59:59:59:...) produce such numbers from one line.
HUGE = st.builds(lambda: 60**3000)  # built, not st.just: hypothesis would repr() it
scalars = (st.none() | st.booleans() | st.integers() | HUGE | st.floats() | st.text(max_size=40)
           | st.dates() | st.datetimes() | st.binary(max_size=8)
           | st.sampled_from(["2022", "2022-13", "99999-13-45", "public", "VoR", "CC-BY-4.0",
                              "https://x.org/a", "javascript:x", "[bold]x[/]", "\x1b]0;t\x07", "\u202e"]))
keys = (st.sampled_from(ALL_FIELDS) | st.text(max_size=10) | st.integers() | HUGE | st.none()
        | st.booleans())
values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5)
                   | st.lists(inner, max_size=3).map(tuple) | st.frozensets(st.integers() | HUGE, max_size=3)),
    max_leaves=25,
)
records = st.dictionaries(keys, values, max_size=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.text(max_size=20))
def test_any_mapping_gives_a_record_or_a_record_error(data: dict[Any, Any], title: str) -> None:
    for candidate in (data, {**data, "title": title}):
        try:
            record = validate(candidate, {}, PATH, "fallback-id")
        except RecordError as exc:
            assert isinstance(exc.message, str) and exc.message
            assert "\n" not in exc.message
            continue
        assert isinstance(record, Record) and record.title and record.id
        assert_clean(record)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "container-title", "publisher", "abstract", "note"]),
                       st.text(min_size=1, max_size=60), min_size=1))
def test_printable_text_survives_validation(data: dict[str, str]) -> None:
    data.setdefault("title", "t")
    try:
        record = validate(data, {}, PATH, "r")
    except RecordError:
        assert not any(ch.isprintable() and not ch.isspace() for ch in data["title"])
        return
    for key, raw in data.items():
        shown = record.title if key == "title" else record.csl.get(key, "")
        wanted = [ch for ch in raw if ch.isprintable() and not ch.isspace()]
        got = iter(shown)
        # NFC may compose characters; compare on the composed form when it changed anything.
        if unicodedata.normalize("NFC", raw) != raw:
            wanted = [ch for ch in unicodedata.normalize("NFC", raw) if ch.isprintable() and not ch.isspace()]
        wanted = [ch for ch in wanted if ch != "\ufeff"]
        for ch in wanted:
            assert any(c == ch for c in got), (key, raw, shown)
