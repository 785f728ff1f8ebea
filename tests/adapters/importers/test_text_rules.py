"""The importers' text rules on their own: names, markup and titles, descriptions, citation
strings, REF fields. Each case is a form real repositories write."""

from __future__ import annotations

import pytest

from repotui.adapters.importers import citations, markup, names
from repotui.adapters.importers.descriptions import choose_abstract, is_funding, is_provenance
from repotui.adapters.importers.ref_fields import embargo_end, hoa_fields, openaire


@pytest.mark.parametrize(("raw", "want"), [
    ("Chico, RM", {"family": "Chico", "given": "R. M."}),
    ("Chandramohan, D", {"family": "Chandramohan", "given": "D."}),
    ("MacLeod, I.M.", {"family": "MacLeod", "given": "I. M."}),
    ("Holt, J R", {"family": "Holt", "given": "J. R."}),
    ("Mercure, J-F", {"family": "Mercure", "given": "J.-F."}),
    ("Janssen, Anne F.J.", {"family": "Janssen", "given": "Anne F. J."}),
    ("Wu, T. Yao-Tsu", {"family": "Wu", "given": "T. Yao-Tsu"}),
    ("SMITH, JOHN", {"family": "SMITH", "given": "JOHN"}),  # all capitals: a name, not initials
    ("CHICO, RM", {"family": "CHICO", "given": "R. M."}),
    ("von Elm, E", {"family": "Elm", "given": "E.", "non-dropping-particle": "von"}),
    ("van de Perre, P", {"family": "Perre", "given": "P.", "non-dropping-particle": "van de"}),
    ("Lagemaat, Louie N. van de", {"family": "Lagemaat", "given": "Louie N.", "dropping-particle": "van de"}),
    ("De Matteis, S", {"family": "De Matteis", "given": "S."}),  # a capital particle is part of the name
    ("Smith, John, Jr.", {"family": "Smith", "given": "John", "suffix": "Jr."}),
    ("World Health Organization", {"literal": "World Health Organization"}),
    (")", None),
])
def test_split_name(raw: str, want: dict[str, str] | None) -> None:
    assert names.split_name(raw) == want


def test_eprints_corporate_creator_with_members() -> None:
    assert names.split_names(["Office of Science and Innovation( inc. Barnett, T", "Bartlett, C"]) == [
        {"literal": "Office of Science and Innovation"}, {"family": "Barnett", "given": "T."},
        {"family": "Bartlett", "given": "C."}]
    assert names.split_names(["Cholesterol Treatment Trialists' (CTT) Collaborators, . (inc. Me, T", ")"]) == [
        {"literal": "Cholesterol Treatment Trialists' (CTT) Collaborators"}, {"family": "Me", "given": "T."}]


@pytest.mark.parametrize(("title", "want"), [
    ("…in pregnancy.", "…in pregnancy"),
    ("Is there a cyber security dilemma?", "Is there a cyber security dilemma?"),
    ("More questions?.", "More questions?"),
    ("Wow!", "Wow!"),
    ("Growth in the U.S.", "Growth in the U.S."),
    ("Smith et al.", "Smith et al."),
    ("To be continued...", "To be continued..."),
    ("Vitamin D.", "Vitamin D"),
    ('The "quoted".', 'The "quoted"'),
])
def test_strip_full_stop(title: str, want: str) -> None:
    assert markup.strip_full_stop(title) == want


def test_title_markup_becomes_csl_rich_text() -> None:
    assert markup.title_text("γ_2, γ_3 and Ca_V2.1 in snake_case", eprints=True) == (
        "γ<sub>2</sub>, γ<sub>3</sub> and Ca<sub>V</sub>2.1 in snake_case")
    assert markup.title_text("UV/Fe^(II)NTA and x^{2+}.", eprints=True) == "UV/Fe<sup>II</sup>NTA and x<sup>2+</sup>"
    assert markup.title_text("A &lt;i&gt;Drosophila&lt;/i&gt; model &amp;amp; more") == "A <i>Drosophila</i> model & more"
    assert markup.title_text("Notes <em>on</em> <E> and <O>") == "Notes <i>on</i> <E> and <O>"  # not HTML: kept
    assert markup.title_text("γ_2") == "γ_2"  # only EPrints writes sub/superscripts this way


def test_paragraph_markup_becomes_plain_text() -> None:
    assert markup.block_text("One.&lt;br/&gt;Two. <p>Three</p>") == "One.\nTwo.\n\nThree"
    assert markup.block_text("a^(-1), CO_2-driven, Fe^(II), e_(aq)", eprints=True) == "a⁻¹, CO₂-driven, Fe(II), e(aq)"
    assert markup.block_text(": Anopheles gambiae mosquitoes…") == "Anopheles gambiae mosquitoes…"
    assert markup.block_text("P &lt; .001") == "P < .001"


def test_descriptions_provenance_and_funding_are_not_the_abstract() -> None:
    note = "This is the author accepted manuscript. The final version is available from Wiley via https://doi.org/x"
    abstract = "Soil respiration was measured weekly for three years."
    funding = ("We thank the farm staff. A.O. acknowledges a NERC studentship (NE/S007407/1) and the Leverhulme "
               "Trust (RPG-2019-123), which provided field equipment, laboratory time and travel.")
    assert is_provenance(note) and not is_provenance(abstract)
    assert is_funding(funding) and not is_funding(abstract)
    assert not is_funding("Background: grants from the EU fund half of these studies.")
    assert choose_abstract([note, abstract, funding]) == (abstract, [note, funding])
    assert choose_abstract([note, funding]) == (None, [note, funding])
    assert choose_abstract([note]) == (None, [note])
    assert choose_abstract([abstract]) == (abstract, [])


@pytest.mark.parametrize(("citation", "want"), [
    ("Nature Communications 2015, 6(7756). doi: 10.1038/ncomms8756",
     {"container-title": "Nature Communications", "volume": "6", "issue": "7756", "DOI": "10.1038/ncomms8756"}),
    ("Scientific Reports 2015, 5(11645). doi: 10.1038/srep11645",
     {"container-title": "Scientific Reports", "volume": "5", "number": "11645", "DOI": "10.1038/srep11645"}),
    ("Translational Psychiatry 2015, 5(e593). doi: 10.1038/tp.2015.86",
     {"container-title": "Translational Psychiatry", "volume": "5", "number": "e593", "DOI": "10.1038/tp.2015.86"}),
    ("Superconductor Science and Technology 2015, 28(9), 090501",
     {"container-title": "Superconductor Science and Technology", "volume": "28", "issue": "9", "number": "090501"}),
    ("Geology 2015, 43(7), 655?656", {"container-title": "Geology", "volume": "43", "issue": "7", "page": "655-656"}),
    ("Journal of Lightwave Technology, 33(16), 3419-3425",
     {"container-title": "Journal of Lightwave Technology", "volume": "33", "issue": "16", "page": "3419-3425"}),
    ("BMJ 2015, 351, h3576", {"container-title": "BMJ", "volume": "351", "number": "h3576"}),
    ("Earth Surface Dynamics, Vol. 4, No. 2, pp. 401-418",
     {"container-title": "Earth Surface Dynamics", "volume": "4", "issue": "2", "page": "401-418"}),
    ("Gee et al. Bone (2015) 81: 60-66", {"container-title": "Bone", "volume": "81", "page": "60-66"}),
    ("Y; de Souza, RC; (2024) Title", {}),
    ("Gee, A. H. and Treece, G. M. (2015) A title not found. Bone, 81.", {}),  # a citation, not a reference
])
def test_journal_reference(citation: str, want: dict[str, str]) -> None:
    assert citations.parse_journal_reference(citation, [{"family": "Gee"}], None) == want


def test_house_citation_needs_the_title() -> None:
    assert citations.is_house_citation("Chico, RM; (2011) Azithromycin plus chloroquine. Journal.",
                                       "Azithromycin plus chloroquine", [{"family": "Chico"}])
    assert not citations.is_house_citation("Nature Communications 2015, 6(7756).", "Rare coding variants", [])
    assert citations.is_house_citation("Rossi (2010) Fe^(II) and γ_2 films. PhD thesis.",
                                       "Fe<sup>II</sup> and γ<sub>2</sub> films", [])


@pytest.mark.parametrize(("rest", "kind", "want"), [
    ("VLSI '83. North-Holland, Amsterdam, pp. 3-8. ISBN 0444867511", "chapter",
     {"container-title": "VLSI '83", "publisher": "North-Holland", "publisher-place": "Amsterdam", "page": "3-8"}),
    ("Harris, Paul and Ng, Lin, (eds.) The Politics of Open Access. Routledge, London, pp. 101-115.", "chapter",
     {"container-title": "The Politics of Open Access", "publisher": "Routledge", "publisher-place": "London",
      "page": "101-115"}),
    ("ICGL 11, 26-29 September 2013, Rhodes, Greece.", "paper-conference",
     {"event-title": "ICGL 11", "event-place": "Rhodes, Greece",
      "event-date": {"date-parts": [[2013, 9, 26], [2013, 9, 29]]}}),
])
def test_in_part(rest: str, kind: str, want: dict[str, object]) -> None:
    assert citations.parse_in(rest, kind) == want


@pytest.mark.parametrize(("value", "explicit", "want"), [
    ("e0139354", False, (None, "e0139354")), ("090501", False, (None, "090501")), ("130923", False, (None, "130923")),
    ("391", False, ("391", None)), ("e659-60", False, ("e659-60", None)), ("362", True, ("362", None)),
    ("655?656", False, ("655-656", None)),
])
def test_locator_page_or_article_number(value: str, explicit: bool, want: tuple[str | None, str | None]) -> None:
    assert citations.locator(value, explicit_page=explicit) == want


def test_hoa_fields() -> None:
    dates, ref = hoa_fields({"hoa_date_acc": "2021-12-01", "hoa_date_pub": "2022-11-30", "hoa_date_fcd": "2021-12-20",
                             "hoa_emb_len": "3", "hoa_ref_pan": "AB", "hoa_ex_tec": ["a"], "hoa_ex_oth": "FALSE",
                             "hoa_gold": "TRUE"})
    # the plugin's calendar: 2022-11-30 + 3 months rolls over to 2023-03-02
    assert dates == {"accepted": "2021-12-01", "online": "2022-11-30", "deposited": "2021-12-20",
                     "embargo-end": "2023-03-02"}
    assert ref == {"panel": "AB", "exception": ["technical"], "gold": True}
    assert embargo_end("2022-11", "3") is None  # not known to the day: nothing guessed
    assert hoa_fields({}) == ({}, {})


def test_openaire_terms() -> None:
    assert openaire(["2024-02-01", "info:eu-repo/date/embargoEnd/2024-08-01"],
                    ["cc_by", "info:eu-repo/semantics/embargoedAccess"]) == ("2024-08-01", "restricted")
    assert openaire([], ["info:eu-repo/semantics/openAccess"]) == (None, "public")


@pytest.mark.parametrize(("citation", "title", "want"), [
    ("Chico, RM; (2010) Quinine for malaria. The Lancet infectious diseases, 10 (3). pp. 140-1. ISSN 1473-3099",
     "Quinine for malaria", {"container-title": "The Lancet infectious diseases", "volume": "10", "issue": "3",
                             "page": "140-1", "ISSN": "1473-3099"}),
    ("McKee, M; (2012) A reply. BMJ, 344. e921. ISSN 1468-5833", "A reply",
     {"container-title": "BMJ", "volume": "344", "number": "e921", "ISSN": "1468-5833"}),
    ("Beckerman, Carly E (2022) 'Is there a cyber security dilemma?', Journal of Cybersecurity, 8 (1). tyac012.",
     "Is there a cyber security dilemma?", {"container-title": "Journal of Cybersecurity", "volume": "8", "issue": "1",
                                             "number": "tyac012"}),
    ("Smith, J. , Jones, K. (2019) Title here. Journal of X, 12(3), pp. 45-67. (doi: 10.1000/xyz)", "Title here",
     {"container-title": "Journal of X", "volume": "12", "issue": "3", "page": "45-67", "DOI": "10.1000/xyz"}),
    ("Petticrew, M; (2015) Labels. Addiction (Abingdon, England). ISSN 0965-2140", "Labels",
     {"container-title": "Addiction (Abingdon, England)", "ISSN": "0965-2140"}),
])
def test_eprints_article_citations(citation: str, title: str, want: dict[str, str]) -> None:
    assert citations.parse_after_title(citation, title, "article-journal") == want


@pytest.mark.parametrize(("sets", "types", "want"), [
    ([], ["Text", "Article"], ("article-journal", None)),
    ([], ["Thesis", "doctoral", "PhD"], ("thesis", "PhD thesis")),
    ([], ["masters"], ("thesis", "Master's thesis")),
    ([], ["confposter", "PeerReviewed"], ("speech", "Poster")),
    (["types=artefact_x"], ["Exhibition"], ("event", "Exhibition")),
    (["types=unknown_thing"], ["Unknown Thing"], ("document", "Unknown Thing")),
    ([], ["info:eu-repo/semantics/article", "info:eu-repo/semantics/publishedVersion"], ("article-journal", None)),
    ([], [], ("article", None)),
])
def test_dc_type_words(sets: list[str], types: list[str], want: tuple[str, str | None]) -> None:
    from repotui.adapters.importers.dc_map import read_kind

    kind = read_kind(sets, types)
    assert (kind.type, kind.genre) == want
