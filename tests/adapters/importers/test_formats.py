"""BibTeX, RIS, CSL-JSON/YAML, and malformed input of every kind: located problems, other records kept."""

from __future__ import annotations

import json
from pathlib import Path

from repotui.adapters.importers.bibtex import BibtexImporter, latex_to_unicode, split_names
from repotui.adapters.importers.csl_json import CslJsonImporter, CslYamlImporter
from repotui.adapters.importers.detect import detect, read_bytes
from repotui.adapters.importers.oai_pmh import parse_page
from repotui.adapters.importers.ris import RisImporter
from repotui.core.validate import validate

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"

BIB = r"""% exported by a reference manager
@string{jcs = "Journal of Cybersecurity"}

@article{beckerman2022,
  author = {Beckerman, Carly E.},
  title = {Is there a cyber security dilemma?},
  journal = jcs,
  year = 2022, month = sep,
  volume = {8}, number = {1}, eid = {tyac012},
  doi = {https://doi.org/10.1093/cybsec/tyac012},
  license = {CC BY 4.0},
}

@article{broken2020,
  author = {Nobody},
  title = {Unbalanced {braces,
  year = 2020,

@inproceedings{schrodinger,
  author = {Erwin Schr{\"o}dinger and van der Berg, Jan and {World Health Organization}},
  title = "Quantum {\em effects} in caf\'e -- a study",
  booktitle = {Proceedings of the 1st Conference},
  pages = {12--19},
  year = {1935},
}
"""


def test_bibtex_entries_and_a_broken_one_reported_with_its_line() -> None:
    data = BIB.encode()
    assert detect(data, "refs.bib").name == "bibtex"  # type: ignore[union-attr]
    result = BibtexImporter().parse(data, "refs.bib")
    assert [r.id for r in result.records] == ["beckerman2022", "schrodinger"]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.source == "refs.bib" and "from line 14" in problem.message
    assert problem.line == 16  # the title that opens a brace it never closes
    first = result.records[0].mapping
    assert first == {
        "id": "beckerman2022", "type": "article-journal", "title": "Is there a cyber security dilemma?",
        "author": [{"family": "Beckerman", "given": "Carly E."}], "issued": "2022-09",
        "container-title": "Journal of Cybersecurity", "volume": "8", "issue": "1", "number": "tyac012",
        "DOI": "10.1093/cybsec/tyac012",
        "licence": {"id": "CC-BY-4.0", "name": "Creative Commons Attribution 4.0 International",
                    "url": "https://creativecommons.org/licenses/by/4.0/"},
    }
    second = result.records[1].mapping
    assert second["type"] == "paper-conference"
    assert second["title"] == "Quantum effects in café – a study"
    assert second["author"] == [{"family": "Schrödinger", "given": "Erwin"},
                                {"family": "Berg", "non-dropping-particle": "van der", "given": "Jan"},
                                {"literal": "World Health Organization"}]
    assert second["page"] == "12-19" and second["container-title"] == "Proceedings of the 1st Conference"
    for record in result.records:
        validate(record.mapping, {}, Path("x.yaml"), record.id)


def test_latex_and_names() -> None:
    assert latex_to_unicode(r"Ma{\v{r}}{\'\i}k \AA{}ngstr{\"o}m \ss") == "Mařík Ångström ß"
    # initials written together are separate initials (APA "Chico, R. M.", Vancouver "Chico RM")
    assert split_names("Chico, RM and Chandramohan, D") == [{"family": "Chico", "given": "R. M."},
                                                            {"family": "Chandramohan", "given": "D."}]
    assert split_names("Beethoven, Ludwig van and Jan van der Berg") == [
        {"family": "Beethoven", "given": "Ludwig", "dropping-particle": "van"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}]


RIS = """TY  - JOUR
AU  - Sun, Zhuyu
AU  - Hoffmann, Michael R.
TI  - UV/Fe(II)NTA as a novel photoreductive system
JO  - Chemical Engineering Journal
PY  - 2022/01/01/
VL  - 427
SP  - Art. No. 130923
DO  - 10.1016/j.cej.2021.130923
SN  - 1385-8947
L1  - https://authors.library.caltech.edu/109661/2/main.pdf
KW  - Photocatalysis
KW  - PFOS
ER  -
this line is junk
TY  - THES
AU  - Romano, Gabriele
TI  - Analisi e riprogettazione di una piattaforma di e-voting
PY  - 2023
PB  - Politecnico di Torino
M3  - laurea
ER  -
TY  - BOOK
AU  - Nobody
ER  -
"""


def test_ris_references_article_number_and_problems() -> None:
    result = RisImporter().parse(RIS.encode(), "refs.ris")
    assert detect(RIS.encode(), "x.txt").name == "ris"  # type: ignore[union-attr]
    assert [r.mapping["type"] for r in result.records] == ["article-journal", "thesis"]
    article = result.records[0].mapping
    assert article["number"] == "130923" and "page" not in article
    assert article["issued"] == "2022-01-01"
    assert article["author"] == [{"family": "Sun", "given": "Zhuyu"}, {"family": "Hoffmann", "given": "Michael R."}]
    assert article["files"] == [{"url": "https://authors.library.caltech.edu/109661/2/main.pdf",
                                 "format": "application/pdf"}]
    assert article["keyword"] == ["Photocatalysis", "PFOS"]
    assert article["id"] == "sun-2022-uv"
    thesis = result.records[1].mapping
    assert (thesis["genre"], thesis["publisher"]) == ("Laurea thesis", "Politecnico di Torino")  # M3 laurea
    assert [(p.line, p.message) for p in result.problems] == [
        (15, "not a RIS line: 'this line is junk'"), (23, "reference has no title (TI); skipped")]


def test_csl_json_and_csl_yaml() -> None:
    items = [{"id": "b1", "type": "chapter", "title": "A \x1b[31mchapter",
              "author": [{"family": "Ørsted", "given": "H. C."}],
              "issued": {"date-parts": [[2020, 5]]}, "container-title": "Book"}, {"type": "book"}]
    data = json.dumps(items).encode()
    assert detect(data, "x.json").name == "csl-json"  # type: ignore[union-attr]
    result = CslJsonImporter().parse(data, "items.json")
    first = result.records[0].mapping
    assert first["title"] == "A [31mchapter"  # ESC dropped on the way in
    assert first["issued"] == "2020-05"
    assert first["author"] == [{"family": "Ørsted", "given": "H. C."}]
    assert result.records[1].mapping == {"type": "book", "id": "item-2"}  # no title: the writer rejects it
    yaml_text = "references:\n- id: y1\n  title: From YAML\n  issued: 2021-02-03\n  type: report\n"
    assert detect(yaml_text.encode(), "refs.yaml").name == "csl-yaml"  # type: ignore[union-attr]
    yresult = CslYamlImporter().parse(yaml_text.encode(), "refs.yaml")
    assert yresult.problems == []
    record = validate(yresult.records[0].mapping, {}, Path("y.yaml"), "y1")
    assert record.title == "From YAML" and record.issued and record.issued.iso() == "2021-02-03"
    bad = CslYamlImporter().parse(b"- id: a\n  title: [unclosed\n", "bad.yaml")
    assert bad.records == [] and bad.problems[0].line is not None


def test_broken_oai_page_reports_the_line_and_salvages_the_other_records() -> None:
    data = (EXPORTS / "eprints_oai_dc_ListRecords_lshtm_2015.xml").read_bytes()
    broken = data.replace(b"<dc:title>Intermittent preventive treatment of malaria in pregnancy: at the",
                          b"<dc:title>Intermittent <b>preventive treatment of malaria in pregnancy: at the", 1)
    line = broken[: broken.index(b"<b>preventive")].count(b"\n") + 1
    result = parse_page(broken, "page.xml")
    assert len(result.records) == 97  # 98 minus the broken one
    assert "lshtm-920" not in {r.id for r in result.records}
    messages = [(p.line, p.message) for p in result.problems]
    assert messages[0][1].startswith("XML is not well-formed")
    assert any(m.startswith("record skipped") and ln is not None and ln >= line - 1 for ln, m in messages[1:])


def test_entity_expansion_and_external_entities_are_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>&b;</ListRecords></OAI-PMH>')
    result = parse_page(bomb, "bomb.xml")
    assert result.records == [] and "refused" in result.problems[0].message
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><x>&e;</x></OAI-PMH>')
    assert "refused" in parse_page(xxe, "xxe.xml").problems[0].message


def test_unknown_format_and_bad_json_are_problems() -> None:
    assert "format not recognised" in read_bytes(b"\x00\x01binary", "x.bin").problems[0].message
    result = read_bytes(b'[{"eprintid": 1,\n "title": }]', "x.json")
    assert result.problems[0].line == 2 and "JSON is not valid" in result.problems[0].message
    utf16 = read_bytes("title: x".encode("utf-16"), "x.txt", format="eprints-dc-text")
    assert "UTF-8" in utf16.problems[0].message


def test_oai_page_with_ep3_metadata_maps_like_the_ep3_export() -> None:
    ep3 = (EXPORTS / "eprints_ep3xml_caltechauthors_test_eprint4.xml").read_bytes().split(b"?>", 1)[1]
    page = (b'<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record>'
            b"<header><identifier>oai:authors.library.caltech.edu:1129</identifier>"
            b"<datestamp>2019-10-02T22:40:22Z</datestamp></header><metadata>" + ep3
            + b"</metadata></record></GetRecord></OAI-PMH>")
    result = parse_page(page, "ep3-page.xml")
    assert result.problems == []
    (record,) = result.records
    direct = read_bytes((EXPORTS / "eprints_ep3xml_caltechauthors_test_eprint4.xml").read_bytes(), "x.xml")
    expected = dict(direct.records[0].mapping)
    expected["repository"] = {**expected["repository"], "oai": "oai:authors.library.caltech.edu:1129",
                              "datestamp": "2019-10-02T22:40:22Z"}
    assert record.mapping == expected
    assert record.datestamp == "2019-10-02T22:40:22Z"


def test_hostile_oai_record_text_is_cleaned_not_interpreted(tmp_path: Path) -> None:
    from repotui.adapters.importers.writer import RecordWriter

    page = ('<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record>'
            "<header><identifier>oai:eprints.example.org:5</identifier><datestamp>2020-01-01T00:00:00Z</datestamp>"
            '</header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>[bold]x[/] &#x9d;52;c;aGk=&#x9c; \u202eevil</dc:title><dc:creator>O&#x9b;[2JNeil, J</dc:creator>"
            "<dc:identifier>http://eprints.example.org/5/1/a&#x9b;[31m.pdf</dc:identifier>"
            "<dc:identifier>O'Neil, J (2020) [bold]x[/]. &#x9b;[2J Journal, 1 (2). pp. 3-4.</dc:identifier>"
            "<dc:relation>http://eprints.example.org/5/</dc:relation>"
            "</oai_dc:dc></metadata></record></ListRecords></OAI-PMH>").encode()
    (record,) = parse_page(page, "hostile.xml").records
    dumped = repr(record.mapping)
    assert not any(ch in dumped for ch in "\x9b\x9c\x9d\u202e")  # C1 controls (8-bit CSI, OSC) and bidi
    assert record.mapping["title"].startswith("[bold]x[/]")  # markup stays literal text
    assert record.id == "example-5"
    out = RecordWriter(tmp_path).write(record)
    assert out.status == "imported" and out.path is not None
    assert "\x9b" not in out.path.read_text(encoding="utf-8")
