"""General data rules (core/citation/data_rules.py) and the HTML rendering of segments."""

from __future__ import annotations

import pytest

from repotui.core.citation.data_rules import (
    apply_data_rules,
    expand_page_ranges,
    fold_particle,
    season_as_month,
)
from repotui.core.citation.fixes import collapse_bracket_ranges, mla_publisher
from repotui.core.citation.model import Segment, segments_html
from repotui.core.citation.styles import resolve_style


@pytest.mark.parametrize(("date", "want"), [
    ({"date-parts": [[2000]], "season": 3}, {"date-parts": [[2000, 23]]}),
    ({"date-parts": [[2000]], "season": "Spring"}, {"date-parts": [[2000, 21]]}),
    ({"date-parts": [[2000, 5]], "season": 3}, {"date-parts": [[2000, 5]], "season": 3}),  # a month wins
    ({"date-parts": [[2000]], "season": 9}, {"date-parts": [[2000]], "season": 9}),
    ({"literal": "in press"}, {"literal": "in press"}),
])
def test_season_as_month(date: dict, want: dict) -> None:
    assert season_as_month(date) == want


def test_fold_particle() -> None:
    assert fold_particle({"family": "Santos", "given": "R", "non-dropping-particle": "dos"}) == \
        {"family": "dos Santos", "given": "R", "parse-names": False}
    assert fold_particle({"family": "Alembert", "non-dropping-particle": "d'"})["family"] == "d'Alembert"
    assert fold_particle({"family": "van der Berg", "given": "A"}) == \
        {"family": "van der Berg", "given": "A", "parse-names": False}
    assert fold_particle({"family": "Smith", "given": "A"}) == {"family": "Smith", "given": "A"}
    assert fold_particle({"literal": "ACM"}) == {"literal": "ACM"}


def test_particles_fold_only_in_styles_that_never_demote() -> None:
    item = {"author": [{"family": "Santos", "non-dropping-particle": "dos"}], "issue": "3-4"}
    apa = apply_data_rules(resolve_style("apa"), {**item})
    assert apa["author"][0]["family"] == "dos Santos" and apa["issue"] == "3–4"
    chicago = apply_data_rules(resolve_style("chicago-author-date"), {**item})
    assert chicago["author"][0] == {"family": "Santos", "non-dropping-particle": "dos"}
    assert apply_data_rules(resolve_style("apa"), {"issue": "3-4"}, en_dash_ranges=False)["issue"] == "3-4"


@pytest.mark.parametrize(("page", "want"), [
    ("321-28", "321-328"), ("101–8", "101–108"), ("1496-504", "1496-1504"), ("95-101", "95-101"),
    ("e101-15", "e101-e115"), ("S12-S19", "S12-S19"), ("12, 15-7", "12, 15-17"), ("199-02", "199-02"),
    ("tyac012", "tyac012"),
])
def test_expand_page_ranges(page: str, want: str) -> None:
    assert expand_page_ranges(page) == want


def test_bracket_ranges_and_mla_publishers() -> None:
    assert collapse_bracket_ranges("[1], [2], [3], [5], [6]") == "[1]–[3], [5], [6]"
    assert collapse_bracket_ranges("[2], [4], [5], [6], [7], [9]") == "[2], [4]–[7], [9]"
    assert mla_publisher("Oxford University Press") == "Oxford UP"
    assert mla_publisher("University of Chicago Press") == "U of Chicago P"
    assert mla_publisher("Durham University") == "Durham U"


def test_segments_html_escapes_everything_from_the_record() -> None:
    html = segments_html((Segment('<a href="x">&'), Segment("Title", italic=True, bold=True),
                          Segment("2", script="sup"), Segment("Sc", small_caps=True)))
    assert html == ('&lt;a href=&quot;x&quot;&gt;&amp;<i><b>Title</b></i><sup>2</sup>'
                    '<span style="font-variant:small-caps">Sc</span>')
