"""The REF fields of a record (`withdrawn`, `ref`, a file's `embargo`, `dates.embargo-end`):
read, normalised, reported with their line when wrong, kept out of CSL, written back the same."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from repotui.adapters.pandoc import find_pandoc
from repotui.core.loader import load_records
from repotui.core.model import DateKind, PartialDate, RefInfo
from repotui.core.problems import RecordError
from repotui.core.serialize import dump_mapping, record_to_mapping
from repotui.core.validate import validate
from repotui.core.yamlsafe import load_with_lines

PATH = Path("records/r.yaml")

FULL = """\
id: r1
type: article-journal
title: Embargoed and excepted
author: [{family: Smith, given: Jane}]
issued: 2022-09-19
container-title: Journal
dates:
  accepted: 2022-08-24
  online: 2022-09-19
  embargo-end: 2023-09-19
files:
  - path: r1.pdf
    version: AAM
    embargo: 2023-03-19
  - url: https://example.org/r1.pdf
    version: VoR
withdrawn: true
ref:
  panel: c
  exception: [Access Licence, technical]
  gold: false
  publisher-agreement: true
"""


def load(text: str, warn: list[tuple[str, int | None]] | None = None) -> Any:
    data, lines, _keep = load_with_lines(text)
    return validate(data, lines, PATH, "r", warn=None if warn is None else lambda m, n: warn.append((m, n)))


def error(text: str) -> RecordError:
    with pytest.raises(RecordError) as caught:
        load(text)
    return caught.value


def test_all_ref_fields_are_read_and_normalised() -> None:
    record = load(FULL)
    assert record.withdrawn is True
    assert record.ref == RefInfo(panel="C", exceptions=("access-licence", "technical"), gold=False,
                                 publisher_agreement=True)
    assert record.files[0].embargo == PartialDate(2023, 3, 19)
    assert record.files[1].embargo is None
    assert record.date(DateKind.EMBARGO_END) == PartialDate(2023, 9, 19)
    assert record.extra == ()  # known fields, not "unknown fields" rows


def test_defaults_when_absent() -> None:
    record = load("title: t\n")
    assert record.withdrawn is False and record.ref == RefInfo()


@pytest.mark.parametrize(("given", "panel"), [
    ("A", "A"), ("b", "B"), ("Panel C", "C"), ("Main Panel D", "D"), ("AB", "AB"), ("c/d", "CD"),
])
def test_panel_spellings(given: str, panel: str) -> None:
    assert load(f"title: t\nref: {{panel: {given}}}\n").ref.panel == panel


@pytest.mark.parametrize(("given", "expected"), [
    ("deposit", ("deposit",)), ("[access, access]", ("access",)), ("access_licence", ("access-licence",)),
    ("other", ("further",)), ("[further, deposit]", ("further", "deposit")), ("[]", ()),
])
def test_exception_spellings(given: str, expected: tuple[str, ...]) -> None:
    assert load(f"title: t\nref: {{exception: {given}}}\n").ref.exceptions == expected


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: t\nwithdrawn: yes please\n", 2, "withdrawn must be true or false, not 'yes please'"),
    ("title: t\nwithdrawn: 1\n", 2, "withdrawn must be true or false, not 1"),
    ("title: t\nref: A\n", 2, "ref must be a mapping (panel, exception, gold), not str"),
    ("title: t\nref:\n  panel: E\n", 3, "ref.panel 'E' is not a REF panel (A, B, C or D; AB or CD)"),
    ("title: t\nref:\n  panel: [A]\n", 3, "panel must be text, not a list"),
    ("title: t\nref:\n  exception: tecnical\n", 3,
     "ref.exception 'tecnical' is not one of deposit, access, access-licence, technical, further"),
    ("title: t\nref:\n  exception: [deposit, {a: 1}]\n", 3,
     "ref.exception must be text or a list of text, not a mapping"),
    ("title: t\nref:\n  gold: 'TRUE'\n", 3, "gold must be true or false, not 'TRUE'"),
    ("title: t\nref:\n  publisher-agreement: [x]\n", 3, "publisher-agreement must be true or false, not a list"),
    ("title: t\nfiles:\n  - path: a.pdf\n    embargo: soon\n", 4,
     "files: embargo: 'soon' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("title: t\nfiles:\n  - path: a.pdf\n    embargo: 2027-02-30\n", 4,
     "files: embargo: day 30 does not exist in 2027-02"),
    ("title: t\ndates:\n  embargo-end: 2027-13\n", 3, "embargo-end: month 13 is out of range"),
])
def test_bad_values_are_errors_with_their_line(text: str, line: int, message: str) -> None:
    problem = error(text)
    assert (str(problem), problem.line) == (message, line)


def test_hostile_values_are_reported_not_crashes() -> None:
    huge = ":".join(["59"] * 3000)  # a YAML 1.1 base-60 integer of ~5,300 digits: str() refuses it
    assert "digits" in str(error(f"title: t\nwithdrawn: {huge}\n"))
    # Inside a set (hypothesis found `withdrawn: frozenset([60**3000])` crashing the message).
    assert str(error(f"title: t\nwithdrawn: [{huge}]\n")) == "withdrawn must be true or false, not a list"
    assert str(error(f"title: t\nwithdrawn: !!set {{? {huge}}}\n")).startswith("withdrawn must be true or false")
    assert error(f"title: t\nref: {{panel: {huge}}}\n").line == 2
    assert "out of range" in str(error(f"title: t\nfiles: [{{path: a, embargo: {huge}}}]\n"))
    long = "x" * 1_000_000
    problem = error(f"title: t\nref: {{exception: {long}}}\n")
    assert len(str(problem)) < 200
    day = error("title: t\nfiles: [{path: a, embargo: {date-parts: [[2022, 1, 99999999999999999999999]]}}]\n")
    assert "does not exist" in str(day)


def test_unknown_ref_keys_warn_and_the_record_loads() -> None:
    warnings: list[tuple[str, int | None]] = []
    record = load("title: t\nref:\n  panel: A\n  pannel: B\n", warnings)
    assert record.ref.panel == "A"
    assert warnings == [("unknown ref field 'pannel' ignored (use panel, exception, gold, publisher-agreement)", 4)]


def test_repository_fields_stay_out_of_csl() -> None:
    csl = load(FULL).csl
    assert not {"withdrawn", "ref", "files", "dates", "embargo"} & set(csl)
    assert set(csl) == {"id", "type", "title", "author", "issued", "container-title"}


def test_written_back_and_read_again_unchanged(tmp_path: Path) -> None:
    record = load(FULL)
    text = dump_mapping(record_to_mapping(record))
    assert "embargo: '2023-03-19'" in text and "withdrawn: true" in text
    again = load(text)
    assert (again.withdrawn, again.ref, again.files, again.dates) == (
        record.withdrawn, record.ref, record.files, record.dates)


def test_a_broken_ref_field_skips_only_that_record(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(FULL, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("title: t\nref:\n  panel: Z\n", encoding="utf-8")
    result = load_records(tmp_path)
    assert [r.id for r in result.records] == ["r1"]
    assert [(p.path.name, p.line) for p in result.problems] == [("bad.yaml", 3)]


@pytest.mark.skipif(find_pandoc() is None, reason="pandoc not installed")
def test_pandoc_still_reads_a_record_file_with_ref_fields(tmp_path: Path) -> None:
    """A record file stays a CSL item pandoc can cite: our extra fields do not get in its way."""
    item = "\n".join(("  " if i else "- ") + line for i, line in enumerate(FULL.splitlines()))
    (tmp_path / "doc.md").write_text(f"---\nreferences:\n{item}\n---\n@r1\n", encoding="utf-8")
    pandoc = find_pandoc()
    assert pandoc is not None
    out = subprocess.run([pandoc, "--citeproc", "-t", "plain", str(tmp_path / "doc.md")],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert "Smith" in out and "Embargoed and Excepted" in out
