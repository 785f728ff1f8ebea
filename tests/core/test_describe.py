"""The detail pane's rows: every field a record has is shown once, under a label that says what
it holds (a publisher is not "Published in", a handle is not a publisher's page, an article
number is not a page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from repotui.core.describe import describe_record
from repotui.core.model import Record
from repotui.core.validate import validate


def record(**fields: Any) -> Record:
    return validate({"id": "x", "title": "A title", **fields}, {}, Path("x.yaml"), "x")


def rows(rec: Record) -> dict[str, str]:
    out: dict[str, str] = {}
    label = ""
    for name, value in describe_record(rec)[1:]:
        label = name or label
        out[label] = f"{out[label]}\n{value}" if name == "" and label in out else value
    return out


def test_publisher_has_its_own_row() -> None:
    shown = rows(record(**{"container-title": "Journal of Cybersecurity", "volume": "8", "issue": "1",
                           "number": "tyac012", "publisher": "Oxford University Press", "publisher-place": "Oxford"}))
    assert shown["Published in"] == "Journal of Cybersecurity, vol. 8, no. 1, article tyac012"
    assert shown["Publisher"] == "Oxford: Oxford University Press"
    assert "Published in" not in rows(record(type="book", publisher="Routledge"))


def test_an_article_number_in_page_reads_as_an_article_number() -> None:
    assert rows(record(**{"container-title": "PLoS One", "page": "e0139354"}))["Published in"] == (
        "PLoS One, article e0139354")
    assert rows(record(**{"container-title": "Lancet", "page": "581-90"}))["Published in"] == "Lancet, pp. 581-90"


def test_a_handle_is_not_a_publisher_page() -> None:
    handle = rows(record(URL="http://hdl.handle.net/10023/4521"))
    assert handle.get("Handle") == "http://hdl.handle.net/10023/4521" and "Publisher page" not in handle
    same = rows(record(URL="https://dro.dur.ac.uk/37008/", repository={"name": "DRO", "url": "https://dro.dur.ac.uk/37008/"}))
    assert "Publisher page" not in same
    publisher = rows(record(URL="https://academic.oup.com/cybersecurity/article/8/1/tyac012/6703927"))
    assert publisher["Publisher page"].startswith("https://academic.oup.com/")


def test_notes_contributors_and_other_csl_fields_are_shown() -> None:
    shown = rows(record(note="This is the accepted manuscript.\n\nFunded by the EPSRC.",
                        contributor=[{"family": "De Russis", "given": "Luigi"}, {"family": "Corno", "given": "Fulvio"}],
                        translator=[{"family": "Vinay", "given": "J.-P."}],
                        **{"available-date": "2009-10-13", "event-date": {"date-parts": [[2013, 9, 26], [2013, 9, 29]]},
                           "collection-title": "CHP Working Papers", "number-of-pages": "96", "language": "it"}))
    assert shown["Notes"] == "This is the accepted manuscript.\n\nFunded by the EPSRC."
    assert shown["Contributors"] == "Luigi De Russis\nFulvio Corno"
    assert shown["Translators"] == "J.-P. Vinay"
    assert shown["Made available"] == "13 October 2009"
    assert shown["Event date"] == "26 September 2013–29 September 2013"
    assert (shown["Series"], shown["Pages"], shown["Language"]) == ("CHP Working Papers", "96", "Italian")
