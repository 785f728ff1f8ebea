"""`repotui import` and `repotui harvest` end to end: real files, a real OAI-PMH server, `repotui check` after."""

from __future__ import annotations

from pathlib import Path

import pytest

from repotui.cli.main import main
from tests.helpers import oai_server

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
ALL_EXPORTS = sorted(p for p in EXPORTS.iterdir() if p.suffix in {".xml", ".json", ".txt"})


def test_import_every_export_then_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "records"
    assert len(ALL_EXPORTS) == 7
    assert main(["import", *map(str, ALL_EXPORTS), "-r", str(records)]) == 0
    out = capsys.readouterr().out
    assert "imported" in out and "172" in out
    assert "lshtm-2331691: deleted in the repository; no local record" in out
    assert main(["check", str(records)]) == 0
    assert "172 valid record(s), 0 invalid file(s), 0 warning(s)" in capsys.readouterr().out


def test_import_twice_reports_duplicates_and_dry_run_writes_nothing(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    source = EXPORTS / "eprints_dc_text_export_caltechauthors.txt"
    records = tmp_path / "records"
    assert main(["import", str(source), "-r", str(records), "--dry-run"]) == 0
    assert "would import" in capsys.readouterr().out and not records.exists()
    assert main(["import", str(source), "-r", str(records)]) == 0
    capsys.readouterr()
    assert main(["import", str(source), "-r", str(records)]) == 0
    out = capsys.readouterr().out
    assert "caltech-4: duplicate: id 'caltech-4' already in" in out
    assert "duplicates (not written)" in out
    assert main(["import", str(source), "-r", str(records), "--update"]) == 0
    assert "unchanged" in capsys.readouterr().out


def test_bad_bibtex_entry_is_reported_the_rest_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{good, title={Good one}, year=2020}\n@article{bad, title={oops, year=2020\n"
                   "@book{other, title={Other}, year=1999}\n", encoding="utf-8")
    records = tmp_path / "records"
    assert main(["import", str(bib), "-r", str(records)]) == 1
    captured = capsys.readouterr()
    assert f"{bib}:2: bad entry (from line 2): unbalanced braces; skipped" in captured.err
    assert sorted(p.name for p in records.iterdir()) == ["good.yaml", "other.yaml"]
    assert list(records.rglob("*.part")) == []


def test_harvest_cli_then_nothing_new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "records"
    with oai_server.serve(oai_server.records_from_export(EXPORTS / "dspace_oai_dc_ListRecords_cambridge_apollo_2015.xml"),
                          page_size=30) as server:
        assert main(["harvest", server.url, "-r", str(records)]) == 0
        out = capsys.readouterr().out
        assert "68 record(s) in 3 page(s), 0 deleted upstream" in out
        assert main(["harvest", server.url, "-r", str(records)]) == 0
        assert (f"nothing new at {server.url} since the last harvest "
                "(newest datestamp 2015-10-05T17:40:40Z)") in capsys.readouterr().out
        server.error = "badArgument"
        assert main(["harvest", server.url, "-r", str(records), "--full"]) == 1
        err = capsys.readouterr().err
    assert "badArgument: the repository rejected the request's arguments" in err
    assert main(["check", str(records)]) == 0


def test_harvest_rejects_a_bad_date_and_a_non_http_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["harvest", "http://127.0.0.1:9/oai", "--from", "yesterday"])
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main(["harvest", "file:///etc/passwd", "-r", str(tmp_path)]) == 1
    assert "is not an http(s) URL" in capsys.readouterr().err
