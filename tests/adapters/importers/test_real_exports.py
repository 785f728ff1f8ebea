"""The importers on real (and constructed) exports: each defect of issue 16, and the REF fields of
issue 12, shown on the record that has it. Every field of these records is also pinned by
test_fidelity.py; these tests say which behaviour each record is there for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from repotui.adapters.importers.detect import detect, read_source
from repotui.core.ref import Policy, assess
from repotui.core.validate import validate
from tests.adapters.importers.exports import EXPORTS, export_path, imported

LSHTM = "eprints_oai_dc_ListRecords_lshtm_2015.xml"
APOLLO = "dspace_oai_dc_ListRecords_cambridge_apollo_2015.xml"
DC_TEXT = "eprints_dc_text_export_caltechauthors.txt"
POLITO = "eprints_json_export_polito_webthesis_26840.json"
EPRINTS_DC = "eprints_oai_dc_constructed.xml"
DSPACE_REPORT = "dspace_oai_dc_GetRecord_report_constructed.xml"
OPENAIRE = "dspace_oai_dc_openaire_constructed.xml"
EP3_REF = "eprints_ep3xml_ref_constructed.xml"
JSON_REF = "eprints_json_ref_constructed.json"


def m(export: str, rid: str) -> dict[str, Any]:
    return imported(export_path(export))[rid].mapping


@pytest.mark.parametrize(("name", "fmt", "count"), [
    (LSHTM, "oai-pmh", 97), (APOLLO, "oai-pmh", 68), ("eprints_ep3xml_caltechauthors_test_eprint1.xml", "eprints-xml", 1),
    ("eprints_ep3xml_caltechauthors_test_eprint2.xml", "eprints-xml", 1),
    ("eprints_ep3xml_caltechauthors_test_eprint4.xml", "eprints-xml", 1), (DC_TEXT, "eprints-dc-text", 3),
    (POLITO, "eprints-json", 1),
])
def test_every_record_of_every_real_export_is_read(name: str, fmt: str, count: int) -> None:
    path = EXPORTS / name
    imp = detect(path.read_bytes(), path.name)
    assert imp is not None and imp.name == fmt
    assert len(imported(path)) == count


def test_lshtm_deleted_header_is_a_deleted_record() -> None:
    deleted = [r for r in read_source(EXPORTS / LSHTM).records if r.deleted]
    assert [r.id for r in deleted] == ["lshtm-2331691"]
    assert deleted[0].mapping["repository"]["oai"] == "oai:researchonline.lshtm.ac.uk:2331691"
    assert deleted[0].datestamp == "2015-10-20T19:12:14Z"


def test_initials_written_together_are_separate_initials() -> None:
    assert m(LSHTM, "lshtm-407")["author"] == [{"family": "Chico", "given": "R. M."},
                                              {"family": "Chandramohan", "given": "D."}]
    assert m(APOLLO, "apollo-1810-251273")["author"][2] == {"family": "Janssen", "given": "Anne F. J."}


def test_titles_lose_their_closing_full_stop_but_keep_question_marks() -> None:
    assert m(LSHTM, "lshtm-407")["title"].endswith("infections in pregnancy")
    assert m(LSHTM, "lshtm-3097")["title"] == "Citizens' juries: more questions than answers?"


def test_licences_say_what_the_source_says() -> None:
    assert m(LSHTM, "lshtm-407")["licence"] == {  # `cc_by_nc_nd`, from 2011: no version invented
        "id": "CC-BY-NC-ND", "name": "Creative Commons Attribution-NonCommercial-NoDerivatives",
        "url": "https://creativecommons.org/licenses/by-nc-nd/"}
    assert m(APOLLO, "apollo-1810-251291")["licence"] == {  # a ported licence keeps its jurisdiction
        "id": "CC-BY-NC-SA-2.0-UK",
        "name": "Creative Commons Attribution-NonCommercial-ShareAlike 2.0 UK: England & Wales",
        "url": "https://creativecommons.org/licenses/by-nc-sa/2.0/uk/"}
    assert m(JSON_REF, "example-5120")["licence"]["id"] == "CC-BY-NC-ND-4.0"  # EPrints' newer `cc_by_nc_nd_4`


def test_a_journal_reference_is_parsed_not_taken_as_the_house_citation() -> None:
    nature = m(APOLLO, "apollo-1810-248397")
    assert "house-citation" not in nature
    assert (nature["container-title"], nature["volume"]) == ("Nature Communications", "6")
    plos = m(APOLLO, "apollo-1810-248629")
    assert (plos["volume"], plos["issue"], plos["number"]) == ("10", "7", "e0131202")
    sst = m(APOLLO, "apollo-1810-248769")
    assert (sst["volume"], sst["issue"], sst["number"]) == ("28", "9", "090501")
    assert (m(APOLLO, "apollo-1810-248518")["number"]) == "11645"  # 5(11645) and DOI srep11645
    # a styled reference that names the title is the repository's citation, and says it is a chapter
    greek = m(APOLLO, "apollo-1810-248122")
    assert greek["house-citation"].startswith("Scarborough, Matthew J. C. 2014.")
    assert (greek["type"], greek["page"], greek["publisher-place"]) == ("paper-conference", "1535-48", "Rhodes")


def test_the_abstract_is_not_the_funding_statement_and_notes_are_kept() -> None:
    record = m(APOLLO, "apollo-1810-248330")
    assert record["abstract"].startswith("The effectiveness of fiscal policy")
    assert record["note"].startswith("This is the final version of the article.")
    assert "We acknowledge our respective funders" in record["note"]
    assert "abstract" not in m(APOLLO, "apollo-1810-248769")  # a provenance note and a funding statement only
    longer_funding = m(OPENAIRE, "example-10023-4600")
    assert longer_funding["abstract"].startswith("Soil respiration was measured")


def test_item_types_are_csl_types_and_unknown_ones_keep_their_label() -> None:
    assert m(EPRINTS_DC, "example-1208")["type"] == "event" and m(EPRINTS_DC, "example-1208")["genre"] == "Exhibition"
    assert m(LSHTM, "lshtm-2331705")["type"] == "report"
    assert m(EP3_REF, "example-3303")["type"] == "speech" and m(EP3_REF, "example-3303")["genre"] == "Poster"
    assert m(DSPACE_REPORT, "example-10023-4521")["genre"] == "Technical report"


def test_book_sections_and_conference_papers_from_eprints_oai_dc() -> None:
    vlsi = m(EPRINTS_DC, "example-1201")
    assert (vlsi["type"], vlsi["container-title"], vlsi["page"], vlsi["ISBN"]) == (
        "chapter", "VLSI '83", "3-8", "0444867511")
    assert (vlsi["publisher"], vlsi["publisher-place"]) == ("North-Holland", "Amsterdam")
    assert vlsi["editor"] == [{"family": "Anceau", "given": "F."}, {"family": "Aas", "given": "E. J."}]
    assert "contributor" not in vlsi
    event = m(EPRINTS_DC, "example-1203")
    assert (event["event-title"], event["event-place"]) == ("11th International Conference on Greek Linguistics",
                                                            "Rhodes, Greece")
    assert event["event-date"] == {"date-parts": [[2013, 9, 26], [2013, 9, 29]]}
    proceedings = m(EPRINTS_DC, "example-1204")
    assert proceedings["container-title"] == "Proceedings of the 2021 ACM Symposium on Document Engineering"


def test_entities_and_markup_become_text_or_csl_rich_text() -> None:
    assert m(LSHTM, "lshtm-3658")["abstract"].endswith("drug resistance is an urgent threat.")
    assert "γ<sub>2</sub>" in m("eprints_ep3xml_caltechauthors_test_eprint4.xml", "caltech-1129")["title"]
    assert m("eprints_ep3xml_caltechauthors_test_eprint2.xml", "caltech-109661")["title"].startswith(
        "UV/Fe<sup>II</sup>NTA")
    drosophila = m(EPRINTS_DC, "example-1207")
    assert drosophila["title"] == "A <i>Drosophila</i> model of synaptic decline & repair"
    assert drosophila["abstract"] == "Synapses decline with age.\n\nWe describe a fly model in which they recover."


def test_an_eprints_thesis_contributor_is_a_supervisor_not_an_editor() -> None:
    thesis = m(EPRINTS_DC, "example-1205")
    assert thesis["contributor"] == [{"family": "Green", "given": "A. B."}] and "editor" not in thesis


def test_thesis_genre_in_words_and_the_documents_language() -> None:
    thesis = m(POLITO, "polito-26840")
    assert (thesis["genre"], thesis["language"]) == ("Laurea thesis", "it")
    assert m(JSON_REF, "example-5121")["genre"] == "Master's thesis"


def test_name_particles() -> None:
    authors = m(APOLLO, "apollo-1810-248505")["author"]
    assert {"family": "Lagemaat", "given": "Louie N.", "dropping-particle": "van de"} in authors
    assert {"family": "Beek", "given": "Ruud", "non-dropping-particle": "van"} in m(APOLLO, "apollo-1810-248820")["author"]


def test_dspace_report_with_its_authors_as_contributors() -> None:
    report = m(DSPACE_REPORT, "example-10023-4521")
    assert report["type"] == "report" and report["number"] == "CS/TR/2023/07"
    assert report["author"] == [{"family": "Fernández", "given": "María José"}, {"family": "Kowalski", "given": "T."}]
    assert "contributor" not in report
    assert report["repository"]["url"] == "http://hdl.handle.net/10023/4521" and "URL" not in report


def test_a_plain_pdf_identifier_with_a_pdf_format_is_a_file() -> None:
    report = m(EPRINTS_DC, "example-1206")
    assert report["files"] == [{"url": "https://www.example.gov.uk/publications/flood-risk-review.pdf",
                                "format": "application/pdf"}]
    assert "URL" not in report
    assert m(OPENAIRE, "example-10023-4601")["files"][0]["url"].endswith("esurf-4-401-2016.pdf")


def _record(export: str, rid: str) -> Any:
    return validate(m(export, rid), {}, Path("x.yaml"), rid)


def test_ep3_hoa_fields_become_ref_fields_and_a_verdict() -> None:
    data = m(EP3_REF, "example-3301")
    assert data["dates"] == {"deposited": "2022-01-20", "accepted": "2021-12-01", "online": "2022-01-17",
                             "open-access": "2023-03-16", "embargo-end": "2023-01-17"}  # online + 12 months
    assert data["ref"] == {"panel": "CD", "exception": ["access"], "gold": False}
    assert data["files"][0]["embargo"] == "2023-03-15"  # the staff-only AAM's `date_embargo`
    assert m(EP3_REF, "example-3302")["ref"] == {"exception": ["deposit"]}
    verdict = assess(_record(EP3_REF, "example-3301"), Policy.REF2021, dt.date(2024, 1, 1))
    assert verdict.verdict.value == "compliant", verdict.reason


def test_eprints_json_hoa_and_ref2029_fields() -> None:
    data = m(JSON_REF, "example-5120")
    assert data["dates"]["embargo-end"] == "2026-07-20"  # hoa_date_pub 2026-01-20 + 6 months
    assert data["ref"] == {"panel": "AB", "exception": ["technical"], "gold": False, "publisher-agreement": True}
    assert data["files"][0]["embargo"] == "2026-07-20"
    verdict = assess(_record(JSON_REF, "example-5120"), Policy.REF2029, dt.date(2026, 3, 1))
    assert verdict.verdict.value == "compliant", verdict.reason  # a technical exception


def test_openaire_embargo_end_and_access_rights_in_oai_dc() -> None:
    for export, rid, end in ((EPRINTS_DC, "example-1207", "2024-08-01"), (OPENAIRE, "example-10023-4600", "2024-11-14")):
        data = m(export, rid)
        assert data["dates"]["embargo-end"] == end
        assert data["full-text"]["status"] == "restricted"
        assert data["full-text"]["version"] == "AAM"
        assert "open-access" not in data["dates"]  # `available` under an embargo is not open access
