"""Property: any record with any text in any field, written as YAML and read by the real loader,
renders in the detail pane and exports without raising; what is shown holds the printable
characters of each field literally and no control character."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.style import Style

from repotui.adapters.exporters.bibtex import to_bibtex
from repotui.adapters.exporters.ris import to_ris
from repotui.core.loader import load_file
from repotui.core.problems import Severity
from repotui.core.text import INVISIBLE_MARK
from repotui.tui.render import DetailStyles, detail_renderable
from tests.helpers.hostile import CONTROL, INVISIBLE

STYLES = DetailStyles(title=Style(bold=True), label=Style(dim=True), heading=Style(underline=True))
HOSTILE = st.sampled_from(["[bold]", "[/]", "[@click=app.quit]", "[link=x]", "\x1b[31m", "\x1b]0;t\x07",
                           "\x9b", "\u202e", "\u200b", "宽", "🧪", "e\u0301", "\t", "\n", "$x", "\\"])
TEXT = st.lists(HOSTILE | st.text(min_size=1, max_size=8), min_size=1, max_size=6).map("".join)
FIELDS = ("container-title", "publisher", "volume", "page", "DOI", "abstract", "note", "genre")


def shown(text: str) -> str:
    """What a field must visibly contain: every character that is neither a control nor a space,
    composed, with invisible ones as the mark (text.py's INVISIBLE_MARK)."""
    text = INVISIBLE.sub(INVISIBLE_MARK, unicodedata.normalize("NFC", text))
    return "".join(ch for ch in text if not ch.isspace() and not CONTROL.match(ch))


def render(renderable: Any) -> str:
    console = Console(width=10_000, color_system=None, record=True, file=io.StringIO(), soft_wrap=True)
    console.print(renderable)
    return console.export_text()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, fields=st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=5),
       authors=st.lists(st.fixed_dictionaries({"family": TEXT, "given": TEXT}), max_size=3),
       keywords=st.lists(TEXT, max_size=3))
def test_any_text_renders_literally(tmp_path: Path, title: str, fields: dict[str, str],
                                    authors: list[dict[str, str]], keywords: list[str]) -> None:
    data: dict[str, Any] = {"id": "p", "title": title, **fields, "author": authors, "keyword": keywords}
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    record, problems = load_file(path)
    if record is None:  # only an empty-after-cleaning value may make it unusable
        assert all(p.severity is Severity.ERROR for p in problems)
        return
    out = render(detail_renderable(record, STYLES, 100_000))
    body = out.replace("\n", "")
    assert not CONTROL.search(body), ascii(CONTROL.search(body))
    flat = re.sub(r"\s+", "", out)
    assert shown(title) in flat
    for key, value in fields.items():
        if key == "DOI":
            continue  # a DOI loses a doi.org prefix on purpose
        assert shown(value) in flat, key
    for person in authors:
        assert shown(person["family"]) in flat
    for text in (to_bibtex([record]), to_ris([record])):
        assert not CONTROL.search(text.replace("\n", ""))
