"""Fidelity: for hand-checked records of every export, the import equals the expected record.

Each expected record is written out in full in `tests/fixtures/imports/<export file>/<id>.yaml`
(checked by hand against the export's own text: names, initials, title, journal, volume, issue,
pages or article number, licence as the source states it, dates, files, abstract and notes). A
field that differs, is missing or is extra fails with its name. When an importer changes on
purpose, rewrite the affected files and read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from repotui.core.serialize import dump_mapping
from tests.adapters.importers.exports import EXPECTED, REAL_EXPORTS, export_path, imported

CASES = sorted((d.name, f) for d in EXPECTED.iterdir() if d.is_dir() for f in sorted(d.glob("*.yaml")))


def _as_written(mapping: dict[str, Any]) -> dict[str, Any]:
    """The mapping as its YAML file reads back (the form the expected files are in)."""
    loaded = yaml.safe_load(dump_mapping(mapping))
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(("export", "expected_file"), CASES, ids=[f"{e}:{f.stem}" for e, f in CASES])
def test_import_equals_the_hand_checked_record(export: str, expected_file: Path) -> None:
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    records = imported(export_path(export))
    assert expected["id"] in records, f"{export} has no record {expected['id']}"
    actual = _as_written(records[expected["id"]].mapping)
    assert sorted(actual) == sorted(expected), "fields differ: missing " + repr(
        sorted(set(expected) - set(actual))) + ", extra " + repr(sorted(set(actual) - set(expected)))
    wrong = [key for key in expected if actual[key] != expected[key]]
    assert not wrong, "\n".join(f"{key}: got {actual[key]!r}, want {expected[key]!r}" for key in wrong)


@pytest.mark.parametrize("export", REAL_EXPORTS, ids=lambda p: p.name)
def test_each_real_export_has_ten_checked_records_or_all_of_them(export: Path) -> None:
    checked = list((EXPECTED / export.name).glob("*.yaml"))
    assert len(checked) >= min(10, len(imported(export)))


def test_every_importer_has_a_fidelity_test() -> None:
    from repotui.adapters.importers.detect import detect

    formats = {detect(export_path(name).read_bytes(), name).name  # type: ignore[union-attr]
               for name in {e for e, _ in CASES}}
    assert formats == {"oai-pmh", "eprints-xml", "eprints-json", "eprints-dc-text", "bibtex", "ris", "csl-json"}
