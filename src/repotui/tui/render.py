"""Where record data becomes styled text: list rows and the detail pane.

Record text is always inserted as data (`Content(text)`, variables of `Content.from_markup`, or
plain Rich Segments), never parsed as markup. Core cleaning already removed control characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    """Cell widths of the list columns for one pane width."""

    mark: int
    year: int
    author: int
    title: int
    type: int
    access: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        mark, year = 2, 5
        if width >= 110:
            author, kind, access = 22, 15, 14
        elif width >= 80:
            author, kind, access = 18, 13, 13
        elif width >= 50:
            author, kind, access = 14, 0, 10
        else:
            author, kind, access = 12, 0, 3
        title = max(8, width - mark - year - author - kind - access - 1)
        return cls(mark, year, author, title, kind, access)


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


def _cut(value: str, max_chars: int) -> str:
    if len(value) <= max_chars:
        return value
    return value[:max_chars] + f"{ELLIPSIS} [cut at {max_chars:,} characters; see max_field_chars]"


def citation_text(citation: Citation) -> Text:
    """The citation with the style's italics; segments are plain data, never markup."""
    text = Text()
    for segment in citation.segments:
        text.append(segment.text, style="italic" if segment.italic else "")
    return text


@dataclass
class LabelGrid:
    """Label / value rows, values wrapped under themselves (a hanging indent).

    Does what a two-column Rich table would, at a fraction of the cost: Table measures every cell
    several times, and the detail pane is laid out on every cursor move.
    """

    rows: list[tuple[str, Text]]
    label_style: Style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        longest = max((cell_len(label) for label, _ in self.rows), default=0)
        # Labels take at most a third of a narrow pane; a longer label wraps onto a second line.
        label_width = min(longest, max(10, width // 3))
        value_width = max(8, width - label_width - 1)
        blank = " " * label_width
        new_line = Segment.line()
        for label, value in self.rows:
            heads = [line.plain for line in Text(label).wrap(console, label_width)] if label else [""]
            lines = list(value.wrap(console, value_width, overflow="fold"))
            for i in range(max(len(heads), len(lines))):
                head = heads[i] if i < len(heads) else ""
                yield Segment(fit(head, label_width) if head else blank, self.label_style if head else None)
                yield Segment(" ")
                if i < len(lines):
                    yield from lines[i].render(console)
                yield new_line


def detail_renderable(record: Record, styles: DetailStyles, max_chars: int = 100_000,
                      cached: Sequence[bool] | None = None,
                      citation: tuple[str, Citation] | None = None) -> Group:
    """Title, a label/value grid (values wrap under themselves) and the long paragraphs.

    Every value is a `rich.text.Text` built from plain strings, so nothing is parsed as markup.
    """
    rows = describe_record(record, cached)
    title = Text(_cut(rows[0][1], max_chars), style=styles.title)
    grid = LabelGrid([], styles.label)
    paragraphs: list[Text] = []
    shown = " ".join(citation[1].text.split()) if citation is not None else None
    for label, value in rows[1:]:
        if label == "Repository citation" and " ".join(value.split()) == shown:
            continue  # the house-style citation above is this very text
        if label in PARAGRAPH_FIELDS:
            paragraphs += [Text(""), Text(label, style=styles.heading), Text(_cut(value, max_chars))]
        else:
            grid.rows.append((label, Text(_cut(value, max_chars))))
    if citation is not None:
        label, cite = citation
        paragraphs = [Text(""), Text(f"Citation ({label})", style=styles.heading), citation_text(cite), *paragraphs]
    return Group(title, Text(""), grid, *paragraphs)

