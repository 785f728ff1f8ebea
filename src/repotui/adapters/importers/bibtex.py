"""BibTeX / BibLaTeX: a small tolerant parser, so one bad entry never loses the others.

Entries are read with balanced braces and quotes, `@string` macros and `#` concatenation; a
broken entry is reported with its line and the parser resumes at the next `@` that starts a
line. Common LaTeX accents and escapes are decoded to Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from repotui.adapters.importers import common as c
from repotui.adapters.importers import markup
from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.citations import locator
from repotui.adapters.importers.names import person
from repotui.adapters.importers.reading import decode_text
from repotui.core.item_types import thesis_genre
from repotui.core.licences import normalise_licence

TYPES = {
    "article": "article-journal", "book": "book", "inbook": "chapter", "incollection": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference", "proceedings": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report",
    "report": "report", "dataset": "dataset", "online": "webpage", "electronic": "webpage",
    "www": "webpage", "software": "software", "patent": "patent", "unpublished": "manuscript",
    "manual": "book", "booklet": "book", "misc": "document",
}
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                      "nov", "dec"), 1)}
_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
            ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
            "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_SYMBOLS = {"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ",
            "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "&": "&", "%": "%", "$": "$", "#": "#",
            "_": "_", "textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘"}
_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "dos", "das", "ten", "ter"}


class BibtexError(ValueError):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


def latex_to_unicode(value: str) -> str:
    """`Schr{\\"o}dinger` → `Schrödinger`, `--` → `–`, braces dropped."""
    def accent(match: re.Match[str]) -> str:
        mark, letter = match.group(1), match.group(2) or match.group(3) or ""
        letter = {"\\i": "i", "\\j": "j"}.get(letter, letter)
        return unicodedata.normalize("NFC", letter + _ACCENTS[mark]) if letter else ""

    text = re.sub(r"\\([\'`^\"~=.])\s*(?:\{(\\?[A-Za-z]?)\}|(\\?[A-Za-z]))", accent, value)
    text = re.sub(r"\\([uvHckrdb])(?:\s*\{(\\?[A-Za-z]?)\}|\s+(\\?[A-Za-z]))", accent, text)
    text = re.sub(r"\\(ss|aa|AA|ae|AE|oe|OE|textendash|textemdash|textquoteright|textquoteleft|[oOlLij])\b\s*(?:\{\})?",
                  lambda m: _SYMBOLS[m.group(1)], text)
    text = re.sub(r"\\([&%$#_])", lambda m: m.group(1), text)
    text = text.replace("---", "—").replace("--", "–").replace("~", " ")
    text = re.sub(r"\\(?:emph|textit|textbf|textsc|textrm|mathrm|url|em|it|bf|sc|rm)\b\s*", "", text)
    return text.replace("{", "").replace("}", "")


def split_names(value: str) -> list[dict[str, str]]:
    """BibTeX `and`-separated names: `Last, First`, `Last, Jr, First`, `First von Last`, `{Org}`."""
    out = []
    for raw in re.split(r"\s+and\s+(?![^{]*\})", value.strip()):
        raw = raw.strip()
        if not raw:
            continue
        if raw.startswith("{") and raw.endswith("}") and raw.count("{") == 1:
            out.append({"literal": c.text(latex_to_unicode(raw)) or raw})
            continue
        parts = [p.strip() for p in raw.split(",")]
        if len(parts) >= 2:
            family, given = parts[0], parts[-1]
            suffix = parts[1] if len(parts) == 3 else None
        else:
            words = raw.split()
            if len(words) == 1:
                out.append({"family": c.text(latex_to_unicode(words[0])) or words[0]})
                continue
            split = next((i for i, w in enumerate(words[:-1]) if w in _PARTICLES), len(words) - 1)
            given, family, suffix = " ".join(words[:split]), " ".join(words[split:]), None
        family_text = c.text(latex_to_unicode(family)) or ""
        if not family_text:
            continue
        name = person(family_text, c.text(latex_to_unicode(given or "")) or "",
                      c.text(latex_to_unicode(suffix or "")) or "")
        if name:
            out.append(name)
    return [n for n in out if n]


#: Characters @string macros may add, for the whole file, beyond this many times its own length:
#: each `@string{b = a # a}` doubles, so 40 lines would otherwise ask for terabytes.
MACRO_BUDGET_FACTOR = 4
MACRO_BUDGET_MIN = 1 << 20


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.macros: dict[str, str] = {m: m.capitalize() for m in MONTHS}
        self.budget = MACRO_BUDGET_FACTOR * max(len(text), MACRO_BUDGET_MIN)
        """Characters macro expansions may still add (a real file uses a small part of it)."""

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and (self.text[self.pos].isspace() or self.text[self.pos] == "%"):
            if self.text[self.pos] == "%":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            self.pos += 1

    def ident(self) -> str:
        match = re.compile(r"[^\s,={}()\"#%'~]+").match(self.text, self.pos)
        if not match:
            raise BibtexError("expected a name", self.pos)
        self.pos = match.end()
        return match.group(0)

    def braced(self) -> str:
        """A `{...}` value (nested braces kept), the cursor on its `{`."""
        return self._delimited("}", "unbalanced braces")

    def quoted(self) -> str:
        """A `"..."` value (a `"` inside braces does not close it), the cursor on its `"`."""
        return self._delimited('"', "unterminated quoted value")

    def _delimited(self, close: str, unclosed: str) -> str:
        """The text between the opening character under the cursor and `close` outside any
        nested braces; a line that starts a new entry means the value was never closed."""
        start = self.pos
        self.pos += 1
        depth = 0  # braces opened inside the value
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch == close and depth == 0:
                self.pos += 1
                return self.text[start + 1: self.pos - 1]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif self._new_entry(close, depth):
                break
            self.pos += 1
        raise BibtexError(unclosed, start)

    def _new_entry(self, close: str, depth: int) -> bool:
        """An `@` at the start of a line: at the top level of a braced value, anywhere in a quoted one."""
        if close == "}":
            return self.text[self.pos] == "@" and depth == 0 and self.text[self.pos - 1] == "\n"
        return self.text[self.pos] == "\n" and self.text[self.pos + 1: self.pos + 2] == "@"

    def value(self) -> str:
        pieces = []
        spent = 0  # of the macro budget, given back when this value is refused
        while True:
            self.skip_ws()
            if self.pos >= len(self.text):
                raise BibtexError("value expected at end of file", self.pos)
            ch = self.text[self.pos]
            if ch == "{":
                pieces.append(self.braced())
            elif ch == '"':
                pieces.append(self.quoted())
            else:
                start = self.pos
                word = self.ident()
                expansion = None if word.isdigit() else self.macros.get(word.lower())
                if expansion is not None:
                    spent += len(expansion)
                    if spent > self.budget:
                        raise BibtexError(f"string macros expand to more than {MACRO_BUDGET_FACTOR} times the "
                                          "size of the file (a @string bomb?)", start)
                pieces.append(word if expansion is None else expansion)  # an undefined name is itself
            self.skip_ws()
            if self.pos < len(self.text) and self.text[self.pos] == "#":
                self.pos += 1
                continue
            self.budget -= spent
            return "".join(pieces)

    def entry(self) -> tuple[str, str, dict[str, str]] | None:
        """Parse one entry starting at `@`; None for @comment/@preamble/@string."""
        self.pos += 1
        kind = self.ident().lower()
        self.skip_ws()
        if self.pos >= len(self.text) or self.text[self.pos] not in "{(":
            raise BibtexError(f"expected {{ after @{kind}", self.pos)
        close = "}" if self.text[self.pos] == "{" else ")"
        if kind in ("comment", "preamble"):
            if close == "}":
                self.braced()
            else:
                end = self.text.find(")", self.pos)
                self.pos = len(self.text) if end < 0 else end + 1
            return None
        self.pos += 1
        self.skip_ws()
        if kind == "string":
            name = self.ident().lower()
            self.skip_ws()
            self.expect("=")
            self.macros[name] = self.value()
            self.skip_ws()
            self.expect(close)
            return None
        key = self.ident()
        fields: dict[str, str] = {}
        self.skip_ws()
        while self.pos < len(self.text) and self.text[self.pos] == ",":
            self.pos += 1
            self.skip_ws()
            if self.pos < len(self.text) and self.text[self.pos] == close:
                break
            name = self.ident().lower()
            self.skip_ws()
            self.expect("=")
            fields[name] = self.value()
            self.skip_ws()
        self.expect(close)
        return kind, key, fields

    def expect(self, ch: str) -> None:
        if self.pos >= len(self.text) or self.text[self.pos] != ch:
            found = self.text[self.pos: self.pos + 1] or "end of file"
            raise BibtexError(f"expected {ch!r}, found {found!r}", self.pos)
        self.pos += 1


def map_entry(kind: str, key: str, raw: dict[str, str]) -> dict[str, Any]:
    f = {k: c.text(latex_to_unicode(v)) for k, v in raw.items()}
    f = {k: v for k, v in f.items() if v and v.upper() != "UNSPECIFIED"}  # EPrints' placeholder
    rtype = TYPES.get(kind, "document")
    data: dict[str, Any] = {"id": key, "type": rtype, "title": markup.title_text(f.get("title"))}
    data["author"] = split_names(raw["author"]) if raw.get("author") else []
    data["editor"] = split_names(raw["editor"]) if raw.get("editor") else []
    date = c.iso_date(f.get("date"))
    if not date and f.get("year") and re.fullmatch(r"\d{4}", f["year"] or ""):
        month = (f.get("month") or "").strip().lower()[:3]
        month_no = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
        date = f"{f['year']}-{month_no:02d}" if month_no else f["year"]
    data["issued"] = date
    if rtype in {"chapter", "paper-conference"}:
        data["container-title"] = f.get("booktitle")
    else:
        data["container-title"] = f.get("journal") or f.get("journaltitle") or f.get("booktitle")
    if rtype == "paper-conference":
        data["event-title"] = f.get("eventtitle")
        data["event-place"] = f.get("venue")
    data["collection-title"] = f.get("series")
    data["volume"] = f.get("volume")
    if rtype == "report":
        data["number"] = f.get("number")
    else:
        data["issue"] = f.get("number") or f.get("issue")
    data["number"] = data.get("number") or f.get("eid") or f.get("articleno")
    pages = f.get("pages")
    if pages:  # "e0139354" or "Art. No. 130923" alone is an article number, not a page
        number = re.match(r"^(?:Art(?:icle)?\.?\s*No\.?|Article)\s*:?\s*(\S+)$", pages, re.IGNORECASE)
        page, found = (None, number.group(1)) if number else locator(re.sub(r"\s*[-–]+\s*", "-", pages))
        data["page"] = page
        data["number"] = data["number"] or found
    data["publisher"] = f.get("publisher") or f.get("school") or f.get("institution") or f.get("organization")
    data["publisher-place"] = f.get("address") or f.get("location")
    if rtype == "thesis":
        data["genre"] = thesis_genre(f.get("type")) or {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}.get(kind)
    data["DOI"] = c.find_doi(f.get("doi") or "")
    url = f.get("url")
    data["URL"] = url if url and url.startswith(("http://", "https://")) else None
    data["ISSN"] = f.get("issn")
    data["ISBN"] = f.get("isbn")
    data["abstract"] = markup.block_text(latex_to_unicode(raw["abstract"])) if raw.get("abstract") else None
    data["note"] = f.get("note")
    data["language"] = f.get("language") or f.get("langid")
    if f.get("keywords"):
        data["keyword"] = [k.strip() for k in re.split(r"[;,]", f["keywords"] or "") if k.strip()]
    lic = f.get("license") or f.get("licence") or f.get("copyright")
    if lic:
        licence = normalise_licence(lic)
        data["licence"] = {"id": licence.id, "name": licence.name, "url": licence.url}
    return c.prune(data)


class BibtexImporter:
    name = "bibtex"

    def sniff(self, head: bytes) -> bool:
        return bool(re.search(rb"(?m)^\s*@[A-Za-z]+\s*[{(]", head))

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        text = decode_text(data, source, result)
        if text is None:
            return result
        parser = _Parser(text)
        seen: set[str] = set()
        while True:
            at = text.find("@", parser.pos)
            if at < 0:
                break
            parser.pos = at
            line = text.count("\n", 0, at) + 1
            try:
                entry = parser.entry()
            except BibtexError as exc:
                where = text.count("\n", 0, min(exc.pos, len(text))) + 1
                result.problems.append(ImportProblem(
                    source, f"bad entry (from line {line}): {exc.message}; skipped", where))
                nxt = re.compile(r"(?m)^\s*@").search(text, at + 1)
                parser.pos = nxt.start() if nxt else len(text)
                continue
            if entry is None:
                continue
            kind, key, fields = entry
            if key in seen:
                result.problems.append(ImportProblem(source, "key used twice; second entry skipped", line, key))
                continue
            seen.add(key)
            mapping = map_entry(kind, key, fields)
            result.records.append(ImportedRecord(mapping, source, line, None))
        return result
