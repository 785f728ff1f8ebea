"""The CSL processor test-suite as a yardstick: raw pandoc citeproc next to repotui's pipeline.

    python benchmarks/csl_suite.py ../shared/csl-test-suite/humans            # table into RESULTS.md
    python benchmarks/csl_suite.py PATH --only name_ --show-failures          # look at failures
    python benchmarks/csl_suite.py PATH --no-write --json /tmp/suite.json     # machine-readable

Not a test: it measures. The suite is read from PATH and never copied into the project.

Each fixture (MODE, INPUT items, CSL style, RESULT html, optional CITATION-ITEMS or CITATIONS)
goes through

(a) **raw pandoc**: the fixture's CSL-JSON and style handed to pandoc's citeproc unchanged, through
    `PandocEngine(corrections=False).run` (one `pandoc lua` document per fixture: the citations
    as pandoc Cite elements, the bibliography of the cited items);
(b) **repotui**: each INPUT item becomes a `Record` whose CSL is the item, then the public API:
    `Citer.bibliography(records)` for bibliography mode (records in the order first cited), and
    `Citer.in_text(CiteItems, keep_order=True)` for citation mode (the fixture's order). That is record_to_csl, prepare_item, the engine
    (with its patched styles), the AST reader and apply_fixes: everything after the record loader.

**What runs.** Bibliography mode: every fixture, in both. Citation mode: (a) every fixture whose
citations pandoc's document model can express; (b) the fixtures with one citation cluster whose
items carry at most a page locator, a prefix and a suffix (what `in_text` offers). Not expressible
(skipped, counted): forced `position`/`near-note` values (pandoc works positions out itself),
locators with labels pandoc reads only through locale terms, and CITATIONS with `author-only`.
Citations of note styles are put in footnotes (pandoc would otherwise make a note and capitalise it).
The locale is the style's `default-locale` (else en-US) on both sides.

**Text form** (both sides, and the expected HTML, become the same thing): one line per citation
cluster or bibliography entry; inside an entry the display blocks (left margin, right inline,
block, indent) are separated by one space; HTML entities decoded; runs of ASCII white space become
one space, lines are trimmed (other spaces such as U+00A0 and U+202F are kept and compared);
formatting is kept as `<i>`, `<b>`, `<sc>`, `<sup>`, `<sub>` around maximal runs, with flip-flop
resolved (`font-style:normal` inside italics is upright) and a space taking the formatting only
when both its neighbours have it. Underline is dropped (repotui does not carry it). Citations
are compared line by line when the RESULT has one line per cluster, else as one line (a style
whose layout holds a line break). A fixture passes when the whole text form is equal.

The suite's 845 top-level fixtures are read; its `experiments/` and `off-spec/` folders are not
part of the specification and are left out.
"""

from __future__ import annotations

import argparse
import collections
import html.parser
import json
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repotui.adapters.pandoc import PandocEngine
from repotui.core.citation import CitationError, CiteItem, Citer, Segment
from repotui.core.citation.model import CiteRef, Job, JobResult
from repotui.core.model import Record

RESULTS = Path(__file__).with_name("RESULTS.md")
SECTION = "## CSL test-suite: raw pandoc and repotui"
BATCH = 40  # fixtures per engine request

_SECTION_RE = re.compile(r">>=+\s*([A-Z-]+)\s*=+>>\n(.*?)\n?<<=+\s*[A-Z-]+\s*=+<<", re.S)
_DEFAULT_LOCALE = re.compile(r"<style\b[^>]*\bdefault-locale\s*=\s*\"([^\"]+)\"")
_NOTE_CLASS = re.compile(r"<style\b[^>]*\bclass\s*=\s*\"note\"")
_CITATION_PREFIX = re.compile(r"^(?:>>|\.\.)\[\d+\]\s*")
#: English short terms pandoc's locator parser knows (en-US); page needs none.
_LABEL_TERMS = {"book": "bk.", "chapter": "chap.", "column": "col.", "figure": "fig.", "folio": "fol.",
                "issue": "no.", "line": "l.", "note": "n.", "opus": "op.", "paragraph": "para.",
                "part": "pt.", "section": "sec.", "verse": "v.", "volume": "vol."}


# -- fixtures --------------------------------------------------------------------------------

@dataclass
class Fixture:
    name: str
    category: str
    mode: str
    result: str
    csl: str
    items: list[dict[str, Any]]
    clusters: list[list[dict[str, Any]]]  # citation items per cluster (after the suite's defaults)
    has_citations: bool  # CITATIONS (integration) rather than CITATION-ITEMS
    explicit: bool  # clusters given by the fixture (not the default)
    skip_a: str | None = None
    skip_b: str | None = None
    style_path: Path | None = None
    locale: str | None = None
    note: bool = False
    flat: bool = False  # citations compared as one line (the result has line breaks inside one)


def parse_fixture(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    sections = {m.group(1): m.group(2) for m in _SECTION_RE.finditer(text)}
    items = json.loads(sections["INPUT"])
    for i, item in enumerate(items):
        item["id"] = str(item.get("id", f"item-{i}"))
    mode = sections["MODE"].strip()
    has_citations = "CITATIONS" in sections
    explicit = True
    if has_citations:
        raw = json.loads(sections["CITATIONS"])
        citations = [entry[0] if isinstance(entry, list) else entry for entry in raw]
        kept = []
        for i, cit in enumerate(citations):  # a later citation with the same id replaces it
            cid = cit.get("citationID")
            if cid is None or not any(c.get("citationID") == cid for c in citations[i + 1:]):
                kept.append(cit)
        clusters = [list(c.get("citationItems", [])) for c in kept]
    elif "CITATION-ITEMS" in sections:
        clusters = json.loads(sections["CITATION-ITEMS"])
    else:
        explicit = False
        ids = [{"id": item["id"]} for item in items]
        clusters = [ids] if mode == "citation" else [[i] for i in ids]
    result = sections["RESULT"]
    if has_citations:
        result = "\n".join(_CITATION_PREFIX.sub("", line) for line in result.splitlines())
    fixture = Fixture(path.stem, path.stem.split("_", 1)[0], mode, result, sections["CSL"], items,
                      clusters, has_citations, explicit)
    fixture.note = bool(_NOTE_CLASS.search(fixture.csl))
    match = _DEFAULT_LOCALE.search(fixture.csl)
    fixture.locale = None if match is None else match.group(1)
    _decide_coverage(fixture)
    return fixture


def _decide_coverage(fx: Fixture) -> None:
    if fx.mode not in ("citation", "bibliography"):
        fx.skip_a = fx.skip_b = f"mode {fx.mode}"
        return
    keys = {k for cluster in fx.clusters for item in cluster for k in item}
    if keys & {"position", "near-note"}:
        fx.skip_a = "forced position/near-note (pandoc works positions out itself)"
    elif keys & {"author-only"}:
        fx.skip_a = "author-only citations (no pandoc equivalent)"
    labels = {item.get("label", "page") for cluster in fx.clusters for item in cluster if "locator" in item}
    if labels - {"page"} - set(_LABEL_TERMS) and fx.skip_a is None:
        fx.skip_a = "locator label pandoc reads only through locale terms"
    if fx.skip_a:
        fx.skip_b = fx.skip_a
    elif fx.mode == "citation":
        if len(fx.clusters) != 1:
            fx.skip_b = "several citation clusters (in_text renders one)"
        elif keys - {"id", "locator", "label", "prefix", "suffix"}:
            fx.skip_b = "citation item options in_text does not take"
        elif labels - {"page"}:
            fx.skip_b = "non-page locator (in_text takes pages)"
    if fx.skip_b is None and fx.mode == "citation":
        for item in fx.clusters[0]:
            if "locator" in item:
                try:
                    from repotui.core.citation.in_text import check_locator
                    check_locator(str(item["locator"]))
                except CitationError:
                    fx.skip_b = "locator is not a page range"


def _suffix(item: dict[str, Any]) -> str:
    suffix = ""
    if "locator" in item:
        label = item.get("label", "page")
        term = "" if label == "page" else _LABEL_TERMS[label] + " "
        suffix = f", {term}{item['locator']}"
    extra = str(item.get("suffix", ""))
    return suffix + extra


def _mode(item: dict[str, Any]) -> str:
    return "suppress-author" if item.get("suppress-author") else "normal"


# -- the text form ---------------------------------------------------------------------------

Run = tuple[str, frozenset[str]]
_ORDER = ("i", "b", "sc", "sup", "sub")


def _flags(seg: Segment) -> frozenset[str]:
    flags = set()
    if seg.italic:
        flags.add("i")
    if seg.bold:
        flags.add("b")
    if seg.small_caps:
        flags.add("sc")
    if seg.script:
        flags.add(seg.script)
    return frozenset(flags)


def text_form(lines: Iterable[Sequence[Run]]) -> str:
    """Runs per line → the documented text form (see the module docstring)."""
    out = []
    for runs in lines:
        chars: list[tuple[str, frozenset[str]]] = []
        for text, flags in runs:
            for ch in re.sub(r"[ \t\n\r\f\v]+", " ", text):
                if ch == " " and chars and chars[-1][0] == " ":
                    continue
                chars.append((ch, flags))
        while chars and chars[0][0] == " ":
            chars.pop(0)
        while chars and chars[-1][0] == " ":
            chars.pop()
        for i, (ch, _) in enumerate(chars):
            if ch == " ":
                before = chars[i - 1][1] if i else frozenset()
                after = chars[i + 1][1] if i + 1 < len(chars) else frozenset()
                chars[i] = (" ", before & after)
        line: list[str] = []
        i = 0
        while i < len(chars):
            flags = chars[i][1]
            j = i
            while j < len(chars) and chars[j][1] == flags:
                j += 1
            body = "".join(c for c, _ in chars[i:j])
            tags = [t for t in _ORDER if t in flags]
            line.append("".join(f"<{t}>" for t in tags) + body + "".join(f"</{t}>" for t in reversed(tags)))
            i = j
        out.append("".join(line))
    return "\n".join(out)


def segments_runs(segments: Sequence[Segment]) -> list[Run]:
    return [(s.text, _flags(s)) for s in segments]


class _HtmlRuns(html.parser.HTMLParser):
    """citeproc-js HTML → runs per entry (csl-entry divs) or per line (citations)."""

    BLOCKS = ("csl-left-margin", "csl-right-inline", "csl-block", "csl-indent")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[Run]] = [[]]
        self.stack: list[tuple[str, frozenset[str]]] = []
        self.flags: frozenset[str] = frozenset()

    def _push(self, tag: str, flags: frozenset[str]) -> None:
        self.stack.append((tag, self.flags))
        self.flags = flags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        flags = set(self.flags)
        if tag in ("i", "em"):
            flags ^= {"i"}
        elif tag in ("b", "strong"):
            flags.add("b")
        elif tag in ("sup", "sub"):
            flags -= {"sup", "sub"}
            flags.add(tag)
        elif tag == "span":
            style = (attr.get("style") or "").replace(" ", "")
            for decl in style.split(";"):
                prop, _, value = decl.partition(":")
                if prop == "font-style":
                    flags = flags | {"i"} if value in ("italic", "oblique") else flags - {"i"}
                elif prop == "font-weight":
                    flags = flags | {"b"} if value == "bold" else flags - {"b"}
                elif prop == "font-variant":
                    flags = flags | {"sc"} if value == "small-caps" else flags - {"sc"}
                elif prop == "vertical-align" or decl == "baseline":
                    flags -= {"sup", "sub"}
                    if value in ("sup", "sub"):
                        flags.add(value)
        elif tag == "div":
            cls = attr.get("class") or ""
            if "csl-entry" in cls:
                if self.lines[-1]:
                    self.lines.append([])
            elif any(b in cls for b in self.BLOCKS):
                self.lines[-1].append((" ", frozenset()))
        elif tag == "br":
            self.lines[-1].append((" ", frozenset()))
            return
        if tag not in ("br", "img", "hr"):
            self._push(tag, frozenset(flags))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, flags = self.stack.pop()
            self.flags = flags
            if open_tag == tag:
                break
        if tag == "div":
            self.lines[-1].append((" ", frozenset()))

    def handle_data(self, data: str) -> None:
        self.lines[-1].append((data, self.flags))


def expected_form(fx: Fixture) -> str:
    if fx.mode == "bibliography":
        parser = _HtmlRuns()
        parser.feed(fx.result)
        parser.close()
        return text_form([line for line in parser.lines if "".join(t for t, _ in line).strip()])
    raws = fx.result.splitlines()
    if len(raws) != len(fx.clusters):  # a line break inside a citation, not between citations
        fx.flat = True
        raws = [fx.result]
    lines = []
    for raw in raws:
        parser = _HtmlRuns()
        parser.feed(raw)
        parser.close()
        lines.append([run for line in parser.lines for run in line])
    return text_form(lines)


# -- running ---------------------------------------------------------------------------------

@dataclass
class Outcome:
    text: str | None = None  # the text form, None when not run
    error: str | None = None
    passed: bool = False


@dataclass
class Row:
    fixture: Fixture
    expected: str
    a: Outcome = field(default_factory=Outcome)
    b: Outcome = field(default_factory=Outcome)


def _job(fx: Fixture) -> Job:
    assert fx.style_path is not None
    clusters = [[CiteRef(str(item["id"]), _mode(item), str(item.get("prefix", "")), _suffix(item))
                 for item in cluster] for cluster in fx.clusters]
    return Job(fx.items, fx.style_path, fx.locale, clusters, notes=fx.note and fx.mode == "citation")


def citations_form(fx: Fixture, citations: Sequence[Sequence[Segment]]) -> str:
    if fx.flat:
        return text_form([[run for c in citations for run in [*segments_runs(c), (" ", frozenset())]]])
    return text_form(segments_runs(c) for c in citations)


def _a_form(fx: Fixture, result: JobResult) -> str:
    if fx.mode == "citation":
        return citations_form(fx, result.citations)
    return text_form(segments_runs(segments) for _id, segments in result.entries)


def run_raw(engine: PandocEngine, rows: list[Row]) -> None:
    todo = [r for r in rows if r.fixture.skip_a is None]
    for start in range(0, len(todo), BATCH):
        chunk = todo[start:start + BATCH]
        try:
            results = engine.run([_job(r.fixture) for r in chunk])
        except CitationError as exc:  # the worker died: run one by one to isolate the culprit
            results = []
            for r in chunk:
                try:
                    results.extend(engine.run([_job(r.fixture)]))
                except CitationError as inner:
                    results.append(JobResult(error=str(inner) or str(exc)))
        for row, result in zip(chunk, results, strict=True):
            if result.error is not None:
                row.a = Outcome(None, result.error)
            else:
                text = _a_form(row.fixture, result)
                row.a = Outcome(text, None, text == row.expected)


def _records(fx: Fixture) -> dict[str, Record]:
    path = Path(f"{fx.name}.txt")
    return {item["id"]: Record(id=item["id"], title=str(item.get("title") or ""), path=path,
                               type=str(item.get("type") or "article"), csl=dict(item))
            for item in fx.items}


def run_repotui(citer: Citer, rows: list[Row]) -> None:
    for row in rows:
        fx = row.fixture
        if fx.skip_b is not None:
            continue
        assert fx.style_path is not None
        records = _records(fx)
        try:
            if fx.mode == "bibliography":
                order = list(dict.fromkeys(str(i["id"]) for cluster in fx.clusters for i in cluster))
                cited = [records[i] for i in order if i in records]
                citations = citer.bibliography(cited, str(fx.style_path), fx.locale)
                text = text_form(segments_runs(c.segments) for c in citations)
            else:
                cites = [CiteItem(records[str(i["id"])], str(i["locator"]) if "locator" in i else None,
                                  str(i.get("prefix", "")), str(i.get("suffix", "")))
                         for i in fx.clusters[0]]
                text = citations_form(fx, [citer.in_text(cites, str(fx.style_path), fx.locale, keep_order=True).segments])
        except (CitationError, KeyError) as exc:
            row.b = Outcome(None, f"{type(exc).__name__}: {exc}")
            continue
        row.b = Outcome(text, None, text == row.expected)


def load(path: Path, only: str | None, tmp: Path) -> list[Row]:
    rows = []
    for file in sorted(path.glob("*.txt")):
        if only and only not in file.name:
            continue
        try:
            fx = parse_fixture(file)
        except (KeyError, ValueError) as exc:
            print(f"{file.name}: unreadable fixture ({exc})", file=sys.stderr)
            continue
        fx.style_path = tmp / f"{fx.name}.csl"
        fx.style_path.write_text(fx.csl, encoding="utf-8")
        rows.append(Row(fx, expected_form(fx)))
    return rows


# -- report ----------------------------------------------------------------------------------

def _pct(passed: int, total: int) -> str:
    return f"{passed}/{total} ({100 * passed / total:.1f}%)" if total else "–"


def report(rows: list[Row], seconds: float, suite: Path) -> str:
    both = [r for r in rows if r.fixture.skip_b is None and r.fixture.skip_a is None]
    ran_a = [r for r in rows if r.fixture.skip_a is None]
    lines = [
        SECTION, "",
        f"`python benchmarks/csl_suite.py {suite}`: {len(rows)} fixtures, {seconds:.0f} s wall "
        f"on this 2-core box (both pipelines, one `pandoc lua` worker each, run side by side). "
        "Method, coverage and the text form compared: the docstring of benchmarks/csl_suite.py.",
        "",
        "| set | fixtures | (a) raw pandoc | (b) repotui |",
        "|---|---|---|---|",
        f"| both run (the comparison) | {len(both)} | {_pct(sum(r.a.passed for r in both), len(both))} "
        f"| {_pct(sum(r.b.passed for r in both), len(both))} |",
    ]
    for mode in ("bibliography", "citation"):
        subset = [r for r in both if r.fixture.mode == mode]
        lines.append(f"| — {mode} mode | {len(subset)} | {_pct(sum(r.a.passed for r in subset), len(subset))} "
                     f"| {_pct(sum(r.b.passed for r in subset), len(subset))} |")
    lines.append(f"| everything pandoc can be given | {len(ran_a)} | "
                 f"{_pct(sum(r.a.passed for r in ran_a), len(ran_a))} | (not run: see coverage) |")
    skipped = collections.Counter(r.fixture.skip_b or "" for r in rows if r.fixture.skip_b)
    lines += ["", "Not compared (repotui's in-text API or pandoc's document model cannot express them): "
              + "; ".join(f"{reason} {n}" for reason, n in skipped.most_common()) + ".", ""]
    lines += ["| category | both run | (a) raw pandoc | (b) repotui | (a) on all it ran |",
              "|---|---|---|---|---|"]
    for cat in sorted({r.fixture.category for r in rows}):
        sub = [r for r in both if r.fixture.category == cat]
        sub_a = [r for r in ran_a if r.fixture.category == cat]
        lines.append(f"| {cat} | {len(sub)} | {_pct(sum(r.a.passed for r in sub), len(sub))} | "
                     f"{_pct(sum(r.b.passed for r in sub), len(sub))} | "
                     f"{_pct(sum(r.a.passed for r in sub_a), len(sub_a))} |")
    gained = [r for r in both if r.b.passed and not r.a.passed]
    lost = [r for r in both if r.a.passed and not r.b.passed]
    other = [r for r in both if not r.a.passed and not r.b.passed and r.a.text != r.b.text]
    lines += ["", f"Where (b) differs from (a): {len(gained)} fixtures pass only in repotui, "
              f"{len(lost)} only in raw pandoc, {len(other)} fail in both with different output.", ""]
    for title, subset in (("Pass only in repotui", gained), ("Pass only in raw pandoc", lost),
                          ("Fail in both, differently", other)):
        if subset:
            lines.append(f"- {title}: " + ", ".join(f"`{r.fixture.name}`" for r in subset))
    return "\n".join(lines) + "\n"


def write_results(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("" if end == -1 else text[end:])
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path, help="the suite's humans/ folder")
    parser.add_argument("--only", help="fixtures whose file name contains this")
    parser.add_argument("--show-failures", action="store_true", help="print expected and actual for failures")
    parser.add_argument("--json", type=Path, help="write every fixture's outcome here")
    parser.add_argument("--no-write", action="store_true", help="do not touch benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    if not args.path.is_dir():
        parser.error(f"not a folder: {args.path}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="repotui-csl-suite-") as tmp:
        rows = load(args.path, args.only, Path(tmp))
        with PandocEngine(corrections=False, timeout=120) as raw, PandocEngine(timeout=120) as ours:
            citer = Citer(ours, use_house_citation=False)
            side = threading.Thread(target=run_raw, args=(raw, rows))
            side.start()
            run_repotui(citer, rows)
            side.join()
    seconds = time.perf_counter() - started
    if args.show_failures:
        for r in rows:
            for label, outcome, skip in (("a", r.a, r.fixture.skip_a), ("b", r.b, r.fixture.skip_b)):
                if skip is None and not outcome.passed:
                    print(f"--- {r.fixture.name} ({label}, {r.fixture.mode})")
                    print(f"  expected: {r.expected!r}")
                    print(f"  actual:   {outcome.text!r}" + (f"  error: {outcome.error}" if outcome.error else ""))
    if args.json:
        args.json.write_text(json.dumps([{
            "name": r.fixture.name, "mode": r.fixture.mode, "expected": r.expected,
            "skip_a": r.fixture.skip_a, "skip_b": r.fixture.skip_b,
            "a": vars(r.a), "b": vars(r.b)} for r in rows], ensure_ascii=False, indent=1), encoding="utf-8")
    section = report(rows, seconds, args.path)
    print(section)
    if not args.no_write and not args.only:
        write_results(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
