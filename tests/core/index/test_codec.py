"""The index's JSON form: every record and problem comes back field for field, whatever it holds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from repotui.core.index import record_from_json, record_to_json
from repotui.core.index.codec import from_key, problems_from_json, problems_to_json, sql_text, to_key
from repotui.core.loader import load_records
from repotui.core.model import Record
from tests.core.index.support import FIXTURES, SEARCH, build_hostile


def round_trip(record: Record) -> Record:
    return record_from_json(record_to_json(record), record.path)


@pytest.mark.parametrize("folder", [SEARCH, FIXTURES / "citation_records", FIXTURES / "tui_records",
                                    FIXTURES / "ref_records"])
def test_every_fixture_record_round_trips(folder: Path) -> None:
    records = load_records(folder).records
    assert records
    for record in records:
        back = round_trip(record)
        assert back == record
        assert back.csl == record.csl


def test_hostile_records_and_problems_round_trip(tmp_path: Path) -> None:
    build_hostile(tmp_path)
    loaded = load_records(tmp_path)
    for record in loaded.records:
        back = round_trip(record)
        assert (back, back.csl) == (record, record.csl)
    by_path: dict[Path, list] = {}
    for problem in loaded.problems:
        by_path.setdefault(problem.path, []).append(problem)
    for path, problems in by_path.items():
        text = problems_to_json(problems)
        assert text is not None
        assert problems_from_json(text, path) == problems
    assert problems_to_json([]) is None


def test_a_field_that_differs_from_its_csl_variable_is_kept() -> None:
    [record] = [r for r in load_records(SEARCH).records if r.id == "s-cyber"]
    changed = dataclasses.replace(record, volume="not the CSL volume", doi=None)
    back = round_trip(changed)
    assert (back.volume, back.doi) == ("not the CSL volume", None)
    assert back.csl == record.csl


def test_undecodable_names_are_kept_exactly_as_keys_and_readable_as_text() -> None:
    name = "caf\udce9.yaml"  # a Latin-1 byte in a UTF-8 file system, as os.fsdecode gives it
    assert from_key(to_key(name)) == name
    assert to_key("plain.yaml") == "plain.yaml"
    assert sql_text(name) == "caf\ufffd.yaml"
