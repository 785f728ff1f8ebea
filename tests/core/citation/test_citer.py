"""Citer: batching without cross-talk, bibliographies, cache, threads, hostile and sparse data."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from repotui.core.citation import CitationError, Citer, UnknownStyle, plain_bibliography
from repotui.core.citation.model import EngineEntry, Job, JobResult
from repotui.core.loader import load_records
from repotui.core.model import Record

SIX = ("apa", "harvard-cite-them-right", "chicago-author-date", "modern-language-association", "ieee",
       "nlm-citation-sequence")


class CountingEngine:
    """The real engine, counting requests (a wrapper, not a mock)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.calls = inner, inner.name, 0

    def render(self, groups: Sequence[Sequence[Mapping[str, Any]]], style: Path,
               locale: str | None, *, punctuation_in_quote: bool = False) -> list[list[EngineEntry]]:
        self.calls += 1
        return self.inner.render(groups, style, locale, punctuation_in_quote=punctuation_in_quote)

    def run(self, jobs: Sequence[Job]) -> list[JobResult]:
        self.calls += 1
        return self.inner.run(jobs)


def _twin(record: Record, new_id: str, title: str) -> Record:
    return dataclasses.replace(record, id=new_id, title=title, csl={**record.csl, "id": new_id, "title": title})


def test_same_author_same_year_in_one_batch_gets_no_suffix(engine, citation_records) -> None:
    a = citation_records["article-doi"]
    b = _twin(a, "twin", "Drones again")
    texts = [c.text for c in Citer(engine).render_many([a, b], "apa", "en-US")]
    assert texts[0].startswith("Okafor, N. A. (2019).") and texts[1].startswith("Okafor, N. A. (2019).")
    chicago = [c.text for c in Citer(engine).render_many([a, b], "chicago-author-date", "en-US")]
    assert all(t.startswith("Okafor, Ngozi Adaeze. 2019.") for t in chicago)


def test_same_authors_other_year_get_no_dash_substitute(engine, citation_records) -> None:
    a = citation_records["article-doi"]
    b = dataclasses.replace(_twin(a, "later", "Drones later"), issued=None)
    b = dataclasses.replace(b, csl={**b.csl, "issued": {"date-parts": [[2020]]}})
    style = "chicago-author-date-17th-edition"  # CMOS 17 replaces a repeated name list by ———
    texts = [c.text for c in Citer(engine).render_many([a, b], style, "en-US")]
    assert texts[0].startswith("Okafor, Ngozi Adaeze. 2019.") and texts[1].startswith("Okafor, Ngozi Adaeze. 2020.")
    listed = [c.text for c in Citer(engine).bibliography([a, b], style, "en-US")]
    assert listed[1].startswith("———. 2020.")  # in a real list it does substitute


def test_numeric_style_numbers_each_citation_from_one(engine, citation_records) -> None:
    texts = [c.text for c in Citer(engine).render_many(list(citation_records.values()), "ieee", "en-US")]
    assert all(t.startswith("[1] ") for t in texts)


def test_bibliography_orders_and_numbers(engine, citation_records) -> None:
    records = [citation_records["book"], citation_records["article-doi"], citation_records["thesis"]]
    apa = Citer(engine).bibliography(records, "apa", "en-US")
    assert [c.record_id for c in apa] == ["thesis", "article-doi", "book"]  # Fraser, Okafor, Whitfield
    ieee = Citer(engine).bibliography(records, "ieee", "en-US")  # citation order, numbered
    assert [c.record_id for c in ieee] == ["book", "article-doi", "thesis"]
    assert [c.text[:4] for c in ieee] == ["[1] ", "[2] ", "[3] "]
    assert plain_bibliography(ieee).count("\n") == 2


def test_cache_avoids_second_engine_call(engine, citation_records) -> None:
    counting = CountingEngine(engine)
    citer = Citer(counting)
    record = citation_records["book"]
    assert citer.cached(record, "apa", "en-US") is None
    first = citer.render(record, "apa", "en-US")
    again = citer.render(record, "apa", "en-US")
    assert first is again and counting.calls == 1
    assert citer.cached(record, "apa", "en-US") is first
    citer.render(record, "apa", "en-GB")
    assert counting.calls == 2


def test_threads_share_one_citer(engine, citation_records) -> None:
    citer = Citer(engine)
    records = list(citation_records.values())
    results: dict[int, list[str]] = {}

    def work(n: int) -> None:
        results[n] = [c.text for c in citer.render_many(records, SIX[n % len(SIX)], "en-US")]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == list(range(6))
    assert all(len(v) == len(records) for v in results.values())


def test_cancel_stops_before_rendering(engine, citation_records) -> None:
    counting = CountingEngine(engine)
    cancel = threading.Event()
    cancel.set()
    assert Citer(counting).render_many(list(citation_records.values()), "apa", "en-US", cancel=cancel) == []
    assert counting.calls == 0


def test_progress_reports(engine, citation_records) -> None:
    seen: list[tuple[int, int]] = []
    Citer(engine).render_many(list(citation_records.values()), "apa", "en-US",
                              progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, len(citation_records)) and seen[-1] == (len(citation_records),) * 2


@pytest.mark.parametrize("style", ("house", *SIX))
def test_sparse_and_hostile_records_never_raise(style: str, engine, tmp_path: Path) -> None:
    (tmp_path / "bare.yaml").write_text("id: bare\ntitle: Only a title\n", encoding="utf-8")
    (tmp_path / "evil.yaml").write_text(
        'id: evil\ntype: chapter\ntitle: "<b>x</b> \\e]52;c;ZXZpbA==\\a [link=http://x]y[/link] $(rm -rf /)"\n'
        "author:\n- literal: \"\\e[2J\"\ncontainer-title: '[/]'\n", encoding="utf-8")
    records = load_records(tmp_path).records
    for citation in Citer(engine).render_many(records, style, "en-GB"):
        assert citation.text and "\x1b" not in citation.text and "\x07" not in citation.text
    bare = next(r for r in records if r.id == "bare")
    assert "only a title" in Citer(engine).render(bare, style, "en-GB").text.lower()


def test_errors_name_the_problem(engine, citation_records) -> None:
    with pytest.raises(UnknownStyle, match="nope"):
        Citer(engine).render(citation_records["book"], "nope", "en-GB")
    with pytest.raises(CitationError, match="locale"):
        Citer(engine).render(citation_records["book"], "apa", "en_GB; echo")


def test_numeric_style_with_inline_number_renders_each_alone(engine, citation_records) -> None:
    """american-institute-of-physics prints its number inline (no margin label to reset)."""
    records = [citation_records[i] for i in ("article-doi", "article-pages", "book")]
    alone = [c.text for c in Citer(engine).render_many(records, "american-institute-of-physics", "en-US")]
    assert all(t.startswith("1 ") for t in alone)
    listed = [c.text for c in Citer(engine).bibliography(records, "american-institute-of-physics", "en-US")]
    assert [t[:2] for t in listed] == ["1 ", "2 ", "3 "]


def test_et_al_lookalikes_in_one_batch_stay_apart(engine, tmp_path: Path) -> None:
    """Two "Smith et al. 2020" papers: rendered in one run they become 2020a/2020b (elsevier-harvard)
    or gain extra names (CTR); each citation on its own must not."""
    for rid, coauthors in (("s1", ("Jones", "Brown", "Wu")), ("s2", ("Lee", "Khan", "Ito"))):
        people = "".join(f"- family: {f}\n  given: A\n" for f in ("Smith", *coauthors))
        (tmp_path / f"{rid}.yaml").write_text(
            f"id: {rid}\ntype: article-journal\ntitle: Paper {rid}\nissued: 2020\nauthor:\n{people}"
            "container-title: J\nvolume: '1'\n", encoding="utf-8")
    records = load_records(tmp_path).records
    alone = [c.text for c in Citer(engine).render_many(records, "elsevier-harvard", "en-GB")]
    assert all(", 2020. Paper" in t for t in alone), alone
    ctr = [c.text for c in Citer(engine).render_many(records, "harvard-cite-them-right", "en-GB")]
    assert all(t.startswith("Smith, A. et al. (2020)") for t in ctr), ctr
    together = [c.text for c in Citer(engine).bibliography(records, "elsevier-harvard", "en-GB")]
    assert [t.split(". Paper")[0][-5:] for t in together] == ["2020a", "2020b"]  # a real list does
