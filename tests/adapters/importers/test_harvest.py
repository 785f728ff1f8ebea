"""Harvesting from a real OAI-PMH server on 127.0.0.1 that serves the real LSHTM and Apollo exports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from repotui.adapters.importers import writer as w
from repotui.adapters.importers.oai_pmh import OaiError
from repotui.adapters.importers.writer import import_files
from repotui.adapters.oai_client import OaiClient, harvest
from repotui.adapters.state import State
from repotui.core.loader import load_records
from tests.helpers.oai_server import records_from_export, serve

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
LSHTM = EXPORTS / "eprints_oai_dc_ListRecords_lshtm_2015.xml"
APOLLO = EXPORTS / "dspace_oai_dc_ListRecords_cambridge_apollo_2015.xml"


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_pages_joined_by_a_resumption_token_with_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    with serve(records_from_export(LSHTM), page_size=60) as server:
        report = harvest(server.url, tmp_path / "records", state=State(tmp_path / "state.json"),
                         progress=lambda done, total: seen.append((done, total)))
        requests = list(server.requests)
    assert report.pages == 2
    assert seen == [(60, 98), (98, 98)]  # completeListSize is the total
    assert requests[0] == {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    assert requests[1]["resumptionToken"].startswith("60|")
    assert report.count(w.IMPORTED) == 97
    assert report.deleted == 1  # the export's deleted header, reported
    withdrawn = [o for o in report.outcomes if o.status == w.WITHDRAWN]
    assert [o.id for o in withdrawn] == ["lshtm-2331691"]
    loaded = load_records(tmp_path / "records")
    assert len(loaded.records) == 97 and loaded.errors == []
    assert {r.path.parent.name for r in loaded.records} == {"lshtm"}


def test_harvest_gives_the_same_records_as_importing_the_same_pages(tmp_path: Path) -> None:
    with serve(records_from_export(APOLLO), page_size=25) as server:
        harvest(server.url, tmp_path / "harvested", state=State(tmp_path / "state.json"))
        pages = server.page_bytes()
    assert len(pages) == 3
    files = []
    for n, page in enumerate(pages, 1):
        path = tmp_path / "pages" / f"page{n}.xml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(page)
        files.append(path)
    report = import_files(files, tmp_path / "imported")
    assert report.count(w.IMPORTED) == 68
    harvested, imported = tree(tmp_path / "harvested"), tree(tmp_path / "imported")
    assert len(harvested) == 68
    assert harvested == imported


def test_second_incremental_run_fetches_nothing_new_and_changes_nothing(tmp_path: Path) -> None:
    state = State(tmp_path / "state.json")
    records = tmp_path / "records"
    with serve(records_from_export(LSHTM)) as server:
        first = harvest(server.url, records, state=state)
        before = tree(records)
        second = harvest(server.url, records, state=State(tmp_path / "state.json"))
        asked = server.requests[-1]
    assert first.last_datestamp == "2015-10-20T19:22:00Z"
    assert asked["from"] == "2015-10-20T19:22:01Z"  # one second after the newest datestamp seen
    assert second.nothing_new and second.fetched == 0
    assert tree(records) == before


def test_state_lives_in_the_user_state_dir_per_endpoint_and_set(tmp_path: Path) -> None:
    with serve(records_from_export(LSHTM)) as server:
        harvest(server.url, tmp_path / "records", set_spec="74797065733D626F6F6B")  # types=book
        assert server.requests[0]["set"] == "74797065733D626F6F6B"
        url = server.url
    state_file = Path(os.environ["REPOTUI_STATE_DIR"]) / "state.json"
    assert State(state_file).get("harvest") == {f"{url}|74797065733D626F6F6B|oai_dc": "2015-10-20T18:48:42Z"}
    assert len(load_records(tmp_path / "records").records) == 6  # the six books


def test_deleted_upstream_marks_files_withdrawn_and_keeps_the_record(tmp_path: Path) -> None:
    records = tmp_path / "records"
    with serve(records_from_export(LSHTM)) as server:
        harvest(server.url, records, state=State(tmp_path / "state.json"))
        server.delete("oai:researchonline.lshtm.ac.uk:407", "2015-10-22T09:00:00Z")
        report = harvest(server.url, records, state=State(tmp_path / "state.json"))
    assert report.fetched == 1 and report.deleted == 1
    assert [(o.status, o.id) for o in report.outcomes] == [(w.WITHDRAWN, "lshtm-407")]
    path = records / "lshtm" / "lshtm-407.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["title"].startswith("Azithromycin plus chloroquine")
    assert data["files"] == [{"url": "http://researchonline.lshtm.ac.uk/407/1/emt7-1153.pdf",
                              "format": "application/pdf", "withdrawn": True}]
    assert data["repository"]["deleted"] is True
    record = next(r for r in load_records(records).records if r.id == "lshtm-407")
    assert record.files[0].withdrawn


def test_503_with_retry_after_is_honoured(tmp_path: Path) -> None:
    waits: list[tuple[float, int]] = []
    with serve(records_from_export(LSHTM)) as server:
        server.busy = 1
        report = harvest(server.url, tmp_path / "records", state=State(tmp_path / "state.json"),
                         max_wait=5, on_wait=lambda s, n: waits.append((s, n)))
        requests = list(server.requests)
    assert waits == [(1.0, 1)]
    assert len(requests) == 4  # the 503, the same request again, then two more pages
    assert requests[0] == requests[1] == {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    assert report.count(w.IMPORTED) == 97


def test_retry_after_is_capped(tmp_path: Path) -> None:
    slept: list[float] = []
    with serve(records_from_export(LSHTM)) as server:
        server.busy, server.retry_after = 2, "3600"
        with OaiClient(server.url, max_wait=1, sleep=slept.append) as client:
            pages = list(client.pages())
    assert slept == [1, 1]
    assert len(pages) == 3


@pytest.mark.parametrize(("code", "words"), [
    ("badArgument", "rejected the request's arguments"),
    ("badResumptionToken", "start the harvest again"),
    ("cannotDisseminateFormat", "--prefix oai_dc"),
])
def test_oai_errors_become_clear_messages(tmp_path: Path, code: str, words: str) -> None:
    with serve(records_from_export(LSHTM)) as server:
        server.error = code
        with pytest.raises(OaiError) as info:
            harvest(server.url, tmp_path / "records", state=State(tmp_path / "state.json"))
    assert info.value.code == code
    assert words in str(info.value)
    assert not (tmp_path / "state.json").exists()


def test_bad_resumption_token_midway_keeps_the_first_page(tmp_path: Path) -> None:
    with serve(records_from_export(LSHTM), page_size=50) as server:
        client = OaiClient(server.url)
        pages = client.pages()
        first = next(pages)
        server.error = "badResumptionToken"
        with pytest.raises(OaiError, match="badResumptionToken"):
            next(pages)
        client.close()
    assert len(first.result.records) == 50


def test_no_records_match_is_nothing_new(tmp_path: Path) -> None:
    with serve(records_from_export(LSHTM)) as server:
        report = harvest(server.url, tmp_path / "records", from_="2030-01-01", state=State(tmp_path / "s.json"))
    assert report.nothing_new
    assert not (tmp_path / "records").exists()


def test_cancel_stops_after_the_current_page_and_keeps_the_state(tmp_path: Path) -> None:
    import threading

    cancel = threading.Event()
    state = State(tmp_path / "state.json")
    with serve(records_from_export(LSHTM), page_size=30) as server:
        report = harvest(server.url, tmp_path / "records", state=state, cancel=cancel,
                         progress=lambda done, total: cancel.set())
        asked = len(server.requests)
    assert (report.pages, report.fetched, asked) == (1, 30, 1)
    assert len(list((tmp_path / "records").rglob("*.yaml"))) == 30
    assert State(tmp_path / "state.json").get("harvest") is None  # an incomplete run must not move the state
