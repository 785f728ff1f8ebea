"""Where record data becomes styled text: list rows and the detail pane.

Record text is always inserted as data (`Content(text)`, variables of `Content.from_markup`, or
plain Rich Segments), never parsed as markup. Core cleaning already removed control characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from repotui.core.citation.model import Citation
from repotui.core.describe import describe_record
from repotui.core.model import Record

ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis (wide CJK and emoji counted right)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS if width > 1 else ELLIPSIS


@dataclass(frozen=True)
class Columns:
    """Cell widths of the list columns for one pane width (each includes the space after it)."""

    mark: int
    year: int
    author: int
    title: int
    type: int
    access: int

    #: How the columns grow as the pane widens, in order: (column, width it grows to). The title
    #: is what people scan, so it gets 35 cells before anything but the open-access marker grows
    #: past its minimum; author, type and licence then take what they need, and the title the rest.
    GROWTH: ClassVar[tuple[tuple[str, int], ...]] = (
        ("title", 35), ("access", 10), ("author", 16), ("title", 50), ("author", 22), ("type", 15),
        ("access", 18), ("title", 10_000))

    @classmethod
    @functools.lru_cache(maxsize=64)
    def for_width(cls, width: int) -> Columns:
        mark, year = 2, 5
        sizes = {"author": 10, "access": 2, "type": 0, "title": 0}
        budget = max(0, width - mark - year - 1 - sum(sizes.values()))  # 1: the space after the title
        if budget < 8:  # very narrow: the author gives way first, the title keeps 8 cells
            sizes["author"] = max(4, sizes["author"] - (8 - budget))
            budget = max(0, width - mark - year - 1 - sizes["author"] - sizes["access"])
        for column, target in cls.GROWTH:
            grow = target - sizes[column]
            if grow <= 0:
                continue
            if column == "type" and budget < grow:
                continue  # the type column is all or nothing
            grow = min(grow, budget)
            sizes[column] += grow
            budget -= grow
        return cls(mark, year, sizes["author"], sizes["title"], sizes["type"], sizes["access"])


@dataclass(frozen=True)
class RowStyles:
    """Rich styles for list cells, taken from the widget's component classes (theme-driven)."""

    base: Style
    muted: Style
    open: Style
    closed: Style
    mark: Style


def access_marker(record: Record, width: int) -> tuple[str, bool]:
    """`● CC BY 4.0` for open access, `○ CC BY-NC…` or `○` otherwise; bool says open."""
    is_open = record.is_open_access
    symbol = "●" if is_open else "○"
    if width < 5:
        return fit(symbol, width), is_open
    name = record.licence.short if record.licence else ("open" if is_open else "")
    if width < 12 and name.startswith("CC "):  # compact: "BY-NC-ND" (CC and the version implied)
        name = name[3:].rsplit(" ", 1)[0] if name[3:5] != "0 " else "CC0"
    return fit(f"{symbol} {name}".rstrip(), width), is_open


def list_row(record: Record, columns: Columns, styles: RowStyles, marked: bool) -> list[Segment]:
    """One list row as Segments (plain data: no markup parsing is involved at all)."""
    year = str(record.published.year) if record.published else ""
    segments = [
        Segment(fit("✓" if marked else "", columns.mark), styles.mark),
        Segment(fit(year, columns.year), styles.muted),
        Segment(fit(record.first_author, columns.author - 1) + " ", styles.base),
        Segment(fit(record.title, columns.title) + " ", styles.base),
    ]
    if columns.type:
        segments.append(Segment(fit(record.type_name, columns.type - 1) + " ", styles.muted))
    marker, is_open = access_marker(record, columns.access)
    segments.append(Segment(marker, styles.open if is_open else styles.closed))
    return segments


#: Long text fields shown as full-width paragraphs under the field grid.
PARAGRAPH_FIELDS = ("Abstract", "Notes", "Publisher statement", "Repository citation")


@dataclass(frozen=True)
class DetailStyles:
    """Rich styles for the detail pane, from the widget's component classes (theme-driven)."""

    title: Style
    label: Style
    heading: Style


def citation_text(citation: Citation) -> Text:
    """The citation with the style's italics; segments are plain data, never markup."""
    text = Text()
    for segment in citation.segments:
        text.append(segment.text, style="italic" if segment.italic else "")
    return text


URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
#: A URL wrapped at `/` onto more lines than this is shortened to one line instead.
URL_MAX_LINES = 3


def _cut(value: str, max_chars: int) -> str:
    """A field value of more than `max_chars` characters cut there, saying so (and which setting)."""
    if len(value) <= max_chars:
        return value
    return value[:max_chars] + f"{ELLIPSIS} [cut at {max_chars:,} characters; see max_field_chars]"


def shorten_middle(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut in the middle with an ellipsis (head and tail kept)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail = (width - 1) // 2
    head = width - 1 - tail
    return set_cell_size(text, head) + ELLIPSIS + _last_cells(text, tail)


def _last_cells(text: str, width: int) -> str:
    out = ""
    for char in reversed(text):
        if cell_len(char + out) > width:
            break
        out = char + out
    return out


def url_lines(url: str, width: int) -> list[str]:
    """A URL in lines of at most `width` cells that never break inside a path segment: as it is when
    it fits, else wrapped after a `/`; when that takes more than `URL_MAX_LINES` lines, one line
    `host/…/tail` shortened in the middle. The full URL stays what `w` opens and copy copies."""
    if cell_len(url) <= width or width <= 0:
        return [url]
    scheme, _, rest = url.partition("://")
    pieces = [f"{scheme}://{part}/" if i == 0 else f"{part}/" for i, part in enumerate(rest.split("/"))]
    pieces[-1] = pieces[-1][:-1]
    if not pieces[-1]:
        pieces.pop()
    if cell_len(pieces[0]) > width:  # the host alone is what identifies a link: drop the scheme
        pieces[0] = pieces[0].split("://", 1)[1]
    lines: list[str] = []
    for piece in pieces:
        if lines and cell_len(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(shorten_middle(piece, width))
    if len(lines) <= URL_MAX_LINES:
        return lines
    host = rest.split("/", 1)[0]
    tail = rest.rstrip("/").rsplit("/", 1)[-1]
    return [shorten_middle(f"{host}/{ELLIPSIS}/{tail}", width)]


_WORD = re.compile(r"\S+\s*")
_AFTER_SLASH = re.compile(r"[^/-]*[/-]+|[^/-]+")


def _pieces(plain: str, width: int) -> list[tuple[int, int, int]]:
    """(start, end without trailing spaces, end) of each unit a line may break after: words, and
    within a word too long for a line, the parts after each `/` or `-` (a URL breaks there), and
    within a part still too long, `width`-cell chunks (nothing else can be done)."""
    out: list[tuple[int, int, int]] = []
    for match in _WORD.finditer(plain):
        start, end = match.span()
        word_end = start + len(match.group().rstrip())
        if cell_len(plain[start:word_end]) <= width:
            out.append((start, word_end, end))
            continue
        parts = [(start + m.start(), start + m.end()) for m in _AFTER_SLASH.finditer(plain[start:word_end])]
        for i, (p_start, p_end) in enumerate(parts):
            last = i == len(parts) - 1
            while cell_len(plain[p_start:p_end]) > width:  # a part longer than a line: fold it
                cut = max(p_start + _chars_in(plain[p_start:p_end], width), p_start + 1)
                out.append((p_start, cut, cut))
                p_start = cut
            out.append((p_start, p_end, end if last else p_end))
    return out


def _chars_in(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (a wide character counts two)."""
    used = 0
    for count, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return count
    return len(text)


def wrap_text(text: Text, width: int) -> list[Text]:
    """`text` in lines of at most `width` cells, styles kept: lines break at spaces, and a word
    longer than a line (a URL in an abstract) after a `/` or `-` rather than in the middle of a name."""
    width = max(1, width)
    lines: list[Text] = []
    for line in text.split("\n"):
        plain = line.plain
        if cell_len(plain) <= width:
            lines.append(line)
            continue
        offsets: list[int] = []
        used = 0
        line_start = 0
        for start, word_end, end in _pieces(plain, width):
            needed = cell_len(plain[start:word_end])
            if used and used + needed > width:
                offsets.append(start)
                line_start = start
                used = 0
            used = cell_len(plain[line_start:end])
        for part in line.divide(offsets):
            part.rstrip()
            lines.append(part)
    return lines


def value_lines(value: Text, width: int) -> list[Text]:
    """A grid value wrapped to `width`: a line that is a URL on its own by `url_lines`, the rest by
    `wrap_text`."""
    out: list[Text] = []
    for line in value.split("\n"):
        if URL.match(line.plain):
            out += [Text(part, style=line.style) for part in url_lines(line.plain, width)]
        else:
            out += wrap_text(line, width)
    return out


@dataclass
class Paragraph:
    """Text wrapped by `wrap_text` (Rich would cut a long URL anywhere)."""

    text: Text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in wrap_text(self.text, options.max_width):
            yield from line.render(console)
            yield new_line


#: A value column narrower than this puts long labels on a line of their own instead.
MIN_VALUE_WIDTH = 20


@dataclass
class LabelGrid:
    """Label / value rows, values wrapped under themselves (a hanging indent). Labels never wrap:
    the label column is as wide as the longest label while the values keep `MIN_VALUE_WIDTH`
    cells; in a narrower pane a label that does not fit takes a line of its own, its value below.

    Does what a two-column Rich table would, at a fraction of the cost: Table measures every cell
    several times, and the detail pane is laid out on every cursor move.
    """

    rows: list[tuple[str, Text]]
    label_style: Style

    def label_width(self, width: int) -> int:
        """As wide as the longest label, while the values keep at least three fifths of the pane."""
        longest = max((cell_len(label) for label, _ in self.rows), default=0)
        return max(0, min(longest, width - 1 - max(MIN_VALUE_WIDTH, width * 3 // 5)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label_width = self.label_width(width)
        if label_width < 6:  # too narrow for a label column: every label on a line of its own
            label_width = 0
        indent = label_width + 1 if label_width else 2
        value_width = max(8, width - indent)
        new_line = Segment.line()
        for label, value in self.rows:
            lines = value_lines(value, value_width)
            if label and cell_len(label) > label_width:  # a line of its own, never wrapped
                yield Segment(fit(label, width).rstrip(), self.label_style)
                yield new_line
                head = ""
            else:
                head = label
            for i, line in enumerate(lines or [Text("")]):
                text = head if i == 0 else ""
                yield Segment(fit(text, indent - 1) if text else " " * (indent - 1), self.label_style if text else None)
                yield Segment(" ")
                yield from line.render(console)
                yield new_line


def detail_renderable(record: Record, styles: DetailStyles, max_chars: int = 100_000,
                      cached: Sequence[bool] | None = None,
                      citation: tuple[str, Citation] | None = None) -> Group:
    """Title, a label/value grid (values wrap under themselves) and the long paragraphs.

    Every value is a `rich.text.Text` built from plain strings, so nothing is parsed as markup.
    """
    rows = describe_record(record, cached)
    title = Paragraph(Text(_cut(rows[0][1], max_chars), style=styles.title))
    grid = LabelGrid([], styles.label)
    paragraphs: list[Text | Paragraph] = []
    shown = " ".join(citation[1].text.split()) if citation is not None else None
    for label, value in rows[1:]:
        if label == "Repository citation" and " ".join(value.split()) == shown:
            continue  # the house-style citation above is this very text
        if label in PARAGRAPH_FIELDS:
            paragraphs += [Text(""), Text(label, style=styles.heading), Paragraph(Text(_cut(value, max_chars)))]
        else:
            grid.rows.append((label, Text(_cut(value, max_chars))))
    if citation is not None:
        label, cite = citation
        paragraphs = [Text(""), Text(f"Citation ({label})", style=styles.heading), Paragraph(citation_text(cite)),
                      *paragraphs]
    return Group(title, Text(""), grid, *paragraphs)

