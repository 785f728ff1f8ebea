"""The importers on the repositories' real exports: specific records, every mapped field checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from repotui.adapters.importers.detect import detect, read_source
from repotui.core.validate import validate

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"
LSHTM = EXPORTS / "eprints_oai_dc_ListRecords_lshtm_2015.xml"
APOLLO = EXPORTS / "dspace_oai_dc_ListRecords_cambridge_apollo_2015.xml"
DC_TEXT = EXPORTS / "eprints_dc_text_export_caltechauthors.txt"
POLITO = EXPORTS / "eprints_json_export_polito_webthesis_26840.json"


def ep3(n: int) -> Path:
    return EXPORTS / f"eprints_ep3xml_caltechauthors_test_eprint{n}.xml"


def records(path: Path) -> dict[str, Any]:
    result = read_source(path)
    assert result.problems == []
    return {r.id: r for r in result.records}


def mapping(path: Path, rid: str) -> dict[str, Any]:
    return records(path)[rid].mapping


@pytest.mark.parametrize(("path", "fmt", "count"), [
    (LSHTM, "oai-pmh", 98), (APOLLO, "oai-pmh", 68), (ep3(1), "eprints-xml", 1), (ep3(2), "eprints-xml", 1),
    (ep3(4), "eprints-xml", 1), (DC_TEXT, "eprints-dc-text", 3), (POLITO, "eprints-json", 1),
])
def test_every_record_of_every_export_is_read_and_valid(path: Path, fmt: str, count: int) -> None:
    imp = detect(path.read_bytes(), path.name)
    assert imp is not None and imp.name == fmt
    result = read_source(path)
    assert result.problems == []
    assert len(result.records) == count
    for rec in result.records:
        if not rec.deleted:
            record = validate(rec.mapping, {}, path, rec.id)
            assert record.id == rec.id and record.title


def test_lshtm_eprints_oai_dc_record_407() -> None:
    m = mapping(LSHTM, "lshtm-407")
    assert m["title"] == ("Azithromycin plus chloroquine: combination therapy for protection against malaria "
                          "and sexually transmitted infections in pregnancy.")
    assert m["type"] == "article-journal"  # from the hex setSpec types=article
    assert m["author"] == [{"family": "Chico", "given": "RM"}, {"family": "Chandramohan", "given": "D"}]
    assert m["DOI"] == "10.1517/17425255.2011.598506"
    assert m["licence"] == {"id": "CC-BY-NC-ND",  # `cc_by_nc_nd`: no version is invented
                            "name": "Creative Commons Attribution-NonCommercial-NoDerivatives",
                            "url": "https://creativecommons.org/licenses/by-nc-nd/"}
    assert m["issued"] == "2011"
    assert m["files"] == [{"url": "http://researchonline.lshtm.ac.uk/407/1/emt7-1153.pdf",
                           "format": "application/pdf"}]
    assert m["full-text"] == {"status": "public"}
    assert m["peer-reviewed"] is True
    assert m["publisher"] == "Taylor & Francis"
    assert m["container-title"] == "Expert opinion on drug metabolism & toxicology"
    assert m["ISSN"] == "1742-5255"
    assert m["repository"] == {"name": "LSHTM Research Online", "id": "407",
                               "url": "http://researchonline.lshtm.ac.uk/407/",
                               "oai": "oai:researchonline.lshtm.ac.uk:407", "datestamp": "2015-10-20T18:48:34Z"}
    assert m["house-citation"] == (
        "Chico, RM; Chandramohan, D; (2011) Azithromycin plus chloroquine: combination therapy for protection "
        "against malaria and sexually transmitted infections in pregnancy. Expert opinion on drug metabolism & "
        "toxicology. ISSN 1742-5255 DOI: 10.1517/17425255.2011.598506")
    assert m["abstract"].startswith("Introduction: The first-line therapy")
    assert "adequate parasitological response > 95%" in m["abstract"]


def test_lshtm_citation_gives_volume_issue_pages_and_other_types() -> None:
    recs = records(LSHTM)
    m = recs["lshtm-2331764"].mapping
    assert (m["container-title"], m["volume"], m["issue"], m["page"]) == ("Health & place", "18", "3", "671-82")
    assert m["author"] == [{"family": "Shareck", "given": "M"}, {"family": "Dassa", "given": "C"},
                           {"family": "Frohlich", "given": "KL"}]
    assert recs["lshtm-9074"].mapping["type"] == "book"
    assert recs["lshtm-2324782"].mapping["type"] == "paper-conference"
    assert "container-title" not in recs["lshtm-2324782"].mapping
    assert recs["lshtm-2331705"].mapping["type"] == "report"
    assert recs["lshtm-1319855"].mapping["licence"]["id"] == "CC-BY-NC"
    assert recs["lshtm-5951"].mapping["licence"]["id"] == "CC-BY"
    assert "licence" not in recs["lshtm-1240"].mapping
    assert recs["lshtm-1240"].mapping["peer-reviewed"] is False
    assert len(recs["lshtm-2331692"].mapping["author"]) == 40


def test_lshtm_deleted_header_is_a_deleted_record() -> None:
    deleted = [r for r in read_source(LSHTM).records if r.deleted]
    assert [r.id for r in deleted] == ["lshtm-2331691"]
    assert deleted[0].mapping["repository"]["oai"] == "oai:researchonline.lshtm.ac.uk:2331691"
    assert deleted[0].datestamp == "2015-10-20T19:12:14Z"


def test_apollo_dspace_dates_licence_doi_and_handle() -> None:
    m = mapping(APOLLO, "apollo-1810-248330")
    assert m["title"] == ("The effectiveness of policy on consumer choices for private road passenger transport "
                          "emissions reductions in six major economies")
    assert m["author"] == [{"family": "Mercure", "given": "J. F."}, {"family": "Lam", "given": "A."}]
    assert m["issued"] == "2015-06-08"
    assert m["dates"] == {"deposited": "2015-06-08", "open-access": "2015-06-08"}
    assert m["licence"] == {"id": "CC-BY-4.0", "name": "Creative Commons Attribution 4.0 International",
                            "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert m["DOI"] == "10.1088/1748-9326/10/6/064008"
    assert m["full-text"] == {"version": "VoR"}
    assert m["repository"]["url"] == "http://www.repository.cam.ac.uk/handle/1810/248330"
    assert m["repository"]["id"] == "1810/248330"
    assert m["note"].startswith("This is the final version of the article.")
    assert m["abstract"].startswith("The effectiveness of fiscal policy")


def test_apollo_thesis_dataset_and_ported_licence() -> None:
    recs = records(APOLLO)
    thesis = recs["apollo-1810-219499"].mapping
    assert (thesis["type"], thesis["genre"], thesis["issued"]) == ("thesis", "PhD thesis", "1999-11-16")
    assert thesis["dates"] == {"deposited": "2009-10-13"}
    assert thesis["available-date"] == "2009-10-13"  # no open licence: kept as CSL available-date
    assert thesis["author"] == [{"family": "Fraser", "given": "Bruce L."}]
    dataset = recs["apollo-1810-251291"].mapping
    assert dataset["type"] == "dataset"
    assert dataset["licence"]["id"] == "CC-BY-NC-SA-2.0-UK"
    assert dataset["licence"]["url"] == "https://creativecommons.org/licenses/by-nc-sa/2.0/uk/"
    paper = recs["apollo-1810-248122"].mapping
    assert paper["ISBN"] == "978-960-87197-9-8"
    assert paper["abstract"].startswith("In all attested periods")  # the provenance note is not the abstract
    assert len(recs["apollo-1810-248397"].mapping["author"]) == 88


def test_caltech_ep3_article_number_never_a_page() -> None:
    m = mapping(ep3(2), "caltech-109661")
    assert m["number"] == "130923"
    assert "page" not in m and "number-of-pages" not in m
    assert m["DOI"] == "10.1016/j.cej.2021.130923"
    assert m["container-title"] == "Chemical Engineering Journal"
    assert m["volume"] == "427"
    assert m["issued"] == "2022-01-01"
    assert [a["family"] for a in m["author"]] == ["Sun", "Zhang", "Jiang", "Wen", "Zhou", "Hoffmann"]
    assert m["author"][1] == {"family": "Zhang", "given": "Chaojie", "ORCID": "0000-0003-3108-8271"}
    # the published PDF is `internal`: only the public accepted manuscript and the supplement are files
    assert m["files"][0] == {"url": "https://authors.library.caltech.edu/109661/2/1-s2.0-S1385894721025079-main.pdf",
                             "format": "application/pdf", "version": "AAM", "size": 1178358}
    assert m["files"][1]["label"] == "Supplementary data"
    assert m["full-text"] == {"status": "public", "version": "AAM"}
    assert m["dates"] == {"deposited": "2021-06-30"}


def test_caltech_ep3_cc_by_article_number_and_orcid() -> None:
    m = mapping(ep3(4), "caltech-1129")
    assert m["number"] == "23" and "page" not in m
    assert m["licence"]["id"] == "CC-BY"
    assert m["author"][0] == {"family": "Moss", "given": "Fraser J.", "ORCID": "0000-0002-8519-6991"}
    assert m["DOI"] == "10.1186/1471-2202-4-23"
    assert m["files"] == [{"url": "https://authors.library.caltech.edu/1129/1/MOSbmcn03.pdf",
                           "format": "application/pdf", "version": "VoR", "size": 1500541}]
    assert m["PMCID"] == "PMC270087"
    assert m["issued"] == "2003-09-23"
    assert "γ_2" in m["title"]
    page_record = mapping(ep3(1), "caltech-106567")
    assert page_record["page"] == "139-144" and "number" not in page_record
    assert page_record["number-of-pages"] == "6"


def test_eprints_dc_text_export() -> None:
    recs = records(DC_TEXT)
    assert list(recs) == ["caltech-4", "caltech-6", "caltech-9"]
    m = recs["caltech-4"].mapping
    assert m["title"] == "Cavity-flow wall effects and correction rules"
    assert m["author"] == [{"family": "Wu", "given": "T. Yao-Tsu"}, {"family": "Whitney", "given": "Arthur K."},
                           {"family": "Brennen", "given": "Christopher"}]
    assert m["issued"] == "1971-09-29"
    assert m["files"] == [{"url": "https://authors.library.caltech.edu/4/1/WUT013.pdf", "format": "application/pdf"}]
    assert (m["container-title"], m["volume"], m["issue"], m["page"], m["ISSN"]) == (
        "Journal of Fluid Mechanics", "49", "2", "223-256", "0022-1120")
    assert m["house-citation"] == ("Wu, T. Yao-Tsu and Whitney, Arthur K. and Brennen, Christopher (1971) "
                                   "Cavity-flow wall effects and correction rules. Journal of Fluid Mechanics, "
                                   "49 (2). pp. 223-256. ISSN 0022-1120.")
    assert m["repository"]["url"] == "https://authors.library.caltech.edu/4/"
    assert recs["caltech-6"].mapping["issued"] == "1978-06"


def test_polito_json_thesis() -> None:
    m = mapping(POLITO, "polito-26840")
    assert m["type"] == "thesis" and m["genre"] == "laurea"
    assert m["author"] == [{"family": "Romano", "given": "Gabriele"}]
    assert m["contributor"] == [{"family": "De Russis", "given": "Luigi"}, {"family": "Corno", "given": "Fulvio"}]
    assert m["licence"]["id"] == "CC-BY-NC-ND"
    assert m["files"] == [{"url": "http://webthesis.biblio.polito.it/26840/1/tesi.pdf", "format": "application/pdf",
                           "version": "VoR", "size": 7670892, "label": "Tesi_di_laurea"}]
    assert m["issued"] == "2023-04-21"
    assert m["dates"] == {"deposited": "2023-04-26"}
    assert m["publisher"] == "Politecnico di Torino"
    assert "l’analisi" in m["abstract"]


def test_apollo_container_title_from_the_dspace_citation() -> None:
    recs = records(APOLLO)
    assert recs["apollo-1810-248397"].mapping["container-title"] == "Nature Communications"
    assert recs["apollo-1810-248397"].mapping["house-citation"] == (
        "Nature Communications 2015, 6(7756). doi: 10.1038/ncomms8756")
    assert recs["apollo-1810-248474"].mapping["container-title"] == "Journal of Lightwave Technology"
    assert recs["apollo-1810-250497"].mapping["container-title"] == "Journal of Composites for Construction"
    assert "container-title" not in recs["apollo-1810-248122"].mapping  # an author-first citation is not parsed
