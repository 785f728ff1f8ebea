"""Writing imported records: validation first, never overwrite, duplicates by id or DOI, --update merges."""

from __future__ import annotations

from pathlib import Path

import yaml

from repotui.adapters.importers import writer as w
from repotui.adapters.importers.base import ImportedRecord
from repotui.adapters.importers.writer import RecordWriter, import_files
from repotui.core.loader import load_records

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
EP3_4 = EXPORTS / "eprints_ep3xml_caltechauthors_test_eprint4.xml"


def rec(mapping: dict, folder: str | None = "x") -> ImportedRecord:
    return ImportedRecord(mapping, "test-source", 7, folder)


def test_import_writes_valid_records_in_a_folder_per_repository(tmp_path: Path) -> None:
    report = import_files([EP3_4, EXPORTS / "eprints_json_export_polito_webthesis_26840.json"], tmp_path)
    assert report.ok and report.count(w.IMPORTED) == 2
    assert (tmp_path / "caltech" / "caltech-1129.yaml").is_file()
    assert (tmp_path / "polito" / "polito-26840.yaml").is_file()
    loaded = load_records(tmp_path)
    assert loaded.problems == []
    caltech = next(r for r in loaded.records if r.id == "caltech-1129")
    assert caltech.number == "23" and caltech.page is None
    assert caltech.licence and caltech.licence.short == "CC BY"  # `cc_by`: unversioned


def test_same_id_is_a_duplicate_and_the_file_is_untouched(tmp_path: Path) -> None:
    import_files([EP3_4], tmp_path)
    path = tmp_path / "caltech" / "caltech-1129.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "note: my own note\n", encoding="utf-8")
    before = path.read_bytes()
    report = import_files([EP3_4], tmp_path)
    assert [o.status for o in report.outcomes] == [w.DUPLICATE]
    assert "caltech-1129" in report.outcomes[0].reason
    assert path.read_bytes() == before


def test_same_doi_under_another_id_is_a_duplicate(tmp_path: Path) -> None:
    writer = RecordWriter(tmp_path)
    first = writer.write(rec({"id": "a", "title": "T", "DOI": "10.1000/ABC"}))
    second = RecordWriter(tmp_path).write(rec({"id": "b", "title": "T2", "DOI": "https://doi.org/10.1000/abc"}))
    assert first.status == w.IMPORTED
    assert second.status == w.DUPLICATE and "10.1000/abc" in second.reason
    assert not (tmp_path / "x" / "b.yaml").exists()


def test_update_merges_and_keeps_fields_the_source_lacks(tmp_path: Path) -> None:
    import_files([EP3_4], tmp_path)
    path = tmp_path / "caltech" / "caltech-1129.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["note"] = "kept: the source has no such note"
    data["repository"]["name"] = "renamed locally"
    data["title"] = "an old title"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = import_files([EP3_4], tmp_path, update=True)
    assert [o.status for o in report.outcomes] == [w.UPDATED]
    merged = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert merged["title"].startswith("Human neuronal stargazin-like proteins")
    assert merged["repository"]["name"] == "CaltechAUTHORS"
    assert merged["repository"]["url"] == "https://authors.library.caltech.edu/1129/"
    assert merged["note"].startswith("© 2003 Moss et al")  # the source's note wins where it has one
    again = import_files([EP3_4], tmp_path, update=True)
    assert [o.status for o in again.outcomes] == [w.UNCHANGED]


def test_update_keeps_a_field_only_the_local_file_has(tmp_path: Path) -> None:
    RecordWriter(tmp_path).write(rec({"id": "a", "title": "T", "publisher-statement": "local only"}))
    out = RecordWriter(tmp_path, update=True).write(rec({"id": "a", "title": "T new", "volume": "4"}))
    assert out.status == w.UPDATED
    data = yaml.safe_load((tmp_path / "x" / "a.yaml").read_text(encoding="utf-8"))
    assert data == {"id": "a", "title": "T new", "volume": "4", "publisher-statement": "local only"}


def test_invalid_mapping_is_reported_not_written(tmp_path: Path) -> None:
    writer = RecordWriter(tmp_path)
    bad = writer.write(rec({"id": "bad", "title": "T", "issued": "2022-13-01"}))
    no_title = writer.write(rec({"id": "untitled"}))
    good = writer.write(rec({"id": "good", "title": "fine"}))
    assert (bad.status, no_title.status, good.status) == (w.INVALID, w.INVALID, w.IMPORTED)
    assert "month 13" in bad.reason and bad.location() == "test-source:7"
    assert no_title.reason == "title is missing"
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["good.yaml"]


def test_dry_run_writes_nothing_but_reports_everything(tmp_path: Path) -> None:
    report = import_files([EXPORTS / "eprints_dc_text_export_caltechauthors.txt"], tmp_path / "r", dry_run=True)
    assert report.count(w.IMPORTED) == 3
    assert not (tmp_path / "r").exists()


def test_hostile_ids_become_safe_file_names(tmp_path: Path) -> None:
    out = RecordWriter(tmp_path).write(rec({"id": "../../etc/passwd\x1b[31m", "title": "T"}, folder="../up"))
    assert out.status == w.IMPORTED and out.path is not None
    assert out.path == tmp_path / "up" / "etc-passwd-31m.yaml"
    assert list(tmp_path.rglob("*.part")) == []


def test_validator_warnings_are_reported_with_the_record(tmp_path: Path) -> None:
    report = w.ImportReport()
    result = w.ImportResult(records=[rec({"id": "f", "title": "T", "files": [{"url": "ftp://x/y.pdf"}]})])
    w.write_result(result, RecordWriter(tmp_path), report)
    assert report.outcomes[0].status == w.IMPORTED
    assert report.warnings == [
        "test-source:7: f: warning: url 'ftp://x/y.pdf' is not an http(s) URL; ignored",
        "test-source:7: f: warning: a files entry has neither a usable path nor an http(s) url; ignored"]
