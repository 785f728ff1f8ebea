"""The REF report's bar chart: one bar per year of publication, split by verdict, with the counts
and percentages beside it.

Drawn with block characters rather than a plotting library: textual-plotext (checked with Textual
8.2.8) tells stacked segments apart by colour alone, so in NO_COLOR they are one grey block, and
it has no room for counts beside a bar. Here every verdict has its own texture (█ ▓ ▒ ░ ·) and a
theme colour on top, so the chart reads the same in colour, in greys and for colour-blind staff.
A line-API ScrollView: any number of years scrolls, and a width change lays the rows out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from repotui.core.ref import VERDICT_ORDER, RefReport, Verdict, YearCounts, percent_text
from repotui.tui.render import fit

#: The texture of each verdict, densest for the good news: distinguishable without colour.
GLYPHS = {Verdict.COMPLIANT: "█", Verdict.WILL_BECOME: "▓", Verdict.CANNOT_TELL: "▒",
          Verdict.NOT_COMPLIANT: "░", Verdict.OUT_OF_SCOPE: "·"}
#: Component class per verdict (colour comes from the theme: app.tcss).
ROLE = {Verdict.COMPLIANT: "compliant", Verdict.WILL_BECOME: "will-become", Verdict.CANNOT_TELL: "cannot-tell",
        Verdict.NOT_COMPLIANT: "not-compliant", Verdict.OUT_OF_SCOPE: "out-of-scope"}
#: Below this many cells for the bar, per-verdict columns show percentages only (the counts stay
#: in the records column and the headline).
MIN_BAR = 16
YEAR_WIDTH = 7  # "no date"
LABELLED = max(len(v.label) for v in VERDICT_ORDER) + 2  # "░ not compliant"

Piece = tuple[str, str]
"""Text and its role: "" (plain), "muted", "heading", or a verdict's role."""


def legend(width: int) -> list[list[Piece]]:
    """`█ compliant  ▓ will become  …`: what each texture means, on as many lines as `width` needs
    (one at 80 columns)."""
    lines: list[list[Piece]] = [[]]
    used = 0
    for verdict in VERDICT_ORDER:
        label = "will become" if verdict is Verdict.WILL_BECOME else verdict.label
        size = 2 + len(label)
        if lines[-1] and used + 2 + size > width:
            lines.append([])
            used = 0
        if lines[-1]:
            lines[-1].append(("  ", ""))
            used += 2
        lines[-1] += [(GLYPHS[verdict], ROLE[verdict]), (f" {label}", "")]
        used += size
    return lines


def split_cells(counts: Sequence[int], cells: int) -> list[int]:
    """Cells per segment, adding up to `cells` (largest remainder). A segment with any records
    gets at least one cell while there is room, taken from the longest: a single not-compliant
    record in a year of thousands still shows."""
    total = sum(counts)
    if total == 0 or cells <= 0:
        return [0] * len(counts)
    exact = [n * cells / total for n in counts]
    out = [int(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - out[i]), i))
    for i in order[:cells - sum(out)]:
        out[i] += 1
    for i, n in enumerate(counts):
        if n and not out[i]:
            donor = max(range(len(out)), key=lambda j: out[j])
            if out[donor] > 1:
                out[donor] -= 1
                out[i] = 1
    return out


@dataclass(frozen=True)
class Layout:
    """Cell widths of the chart's columns for one width."""

    bar: int
    total: int
    column: int
    counts: bool
    """Per-verdict columns show `count pct%` (else `pct%` alone)."""
    number: int

    @property
    def labelled(self) -> bool:
        """Columns wide enough for `▒ cannot tell` headings (else the texture alone, as in the legend)."""
        return self.column >= LABELLED

    @classmethod
    def for_width(cls, report: RefReport, width: int) -> Layout:
        number = max(len(f"{row.count(v):,}") for row in (*report.years, report.total) for v in VERDICT_ORDER)
        total = max(len("records"), len(f"{report.total.total:,}"))
        fixed = YEAR_WIDTH + 1 + 1 + total + len(VERDICT_ORDER)  # year, space, space, total, a space per column
        for column, counts, least in ((max(number + 5, LABELLED), True, 40), (number + 5, True, MIN_BAR)):
            bar = width - fixed - len(VERDICT_ORDER) * column
            if bar >= least:
                return cls(bar, total, column, counts, number)
        return cls(max(4, width - fixed - len(VERDICT_ORDER) * 4), total, 4, False, number)


def _heading(layout: Layout) -> list[Piece]:
    pieces: list[Piece] = [(fit("year", YEAR_WIDTH) + " " + fit("records by verdict", layout.bar) + " ", "heading"),
                           (f"{'records':>{layout.total}}", "heading")]
    for verdict in VERDICT_ORDER:
        name = f"{GLYPHS[verdict]} {verdict.label}" if layout.labelled else GLYPHS[verdict]
        pieces += [(" ", ""), (f"{name:>{layout.column}}", ROLE[verdict])]
    return pieces


def _row(row: YearCounts, label: str, layout: Layout, longest: int) -> list[Piece]:
    counts = [row.count(v) for v in VERDICT_ORDER]
    length = round(layout.bar * row.total / longest) if longest else 0
    pieces: list[Piece] = [(f"{label:>{YEAR_WIDTH}} ", "")]
    for verdict, cells in zip(VERDICT_ORDER, split_cells(counts, max(length, 1 if row.total else 0)), strict=True):
        if cells:
            pieces.append((GLYPHS[verdict] * cells, ROLE[verdict]))
    drawn = sum(cell_len(text) for text, _ in pieces) - YEAR_WIDTH - 1
    pieces.append((" " * (layout.bar - drawn) + " " + f"{row.total:>{layout.total},}", ""))
    shares = row.percentages()
    for verdict, n in zip(VERDICT_ORDER, counts, strict=True):
        if not n:
            cell = ""
        elif layout.counts:
            cell = f"{n:>{layout.number},} {percent_text(n, shares[verdict]):>4}"
        else:
            cell = f"{percent_text(n, shares[verdict]):>4}"
        pieces += [(" ", ""), (f"{cell:>{layout.column}}", ROLE[verdict] if n else "")]
    return pieces


def chart_lines(report: RefReport, width: int) -> tuple[int, list[list[Piece]]]:
    """The chart as lines of (text, role), and how many lines at the top stay put while the rest
    scrolls: the legend and the column headings; then a row per year (newest first, undated last;
    bars scaled to the busiest year), then every year together."""
    layout = Layout.for_width(report, width)
    longest = max((row.total for row in report.years), default=0)
    lines = [*legend(width), _heading(layout)]
    fixed = len(lines)
    lines += [_row(row, row.label, layout, longest) for row in report.years]
    if len(report.years) > 1:
        lines.append([(" " * YEAR_WIDTH + " " + "─" * layout.bar, "muted")])
        lines.append(_row(report.total, "all", layout, report.total.total))
    return fixed, lines


class VerdictChart(ScrollView, can_focus=True):
    """Shows a `RefReport`; the years scroll (arrow keys when focused, the wheel) under a legend
    and headings that stay."""

    BINDINGS = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
    ]

    COMPONENT_CLASSES = {"verdict-chart--heading", "verdict-chart--muted",
                         *(f"verdict-chart--{r}" for r in ROLE.values())}

    DEFAULT_CSS = """
    VerdictChart { overflow-x: hidden; }
    VerdictChart > .verdict-chart--heading { color: $text-secondary; text-style: bold; }
    VerdictChart > .verdict-chart--muted { color: $text-muted; }
    VerdictChart > .verdict-chart--compliant { color: $text-success; }
    VerdictChart > .verdict-chart--will-become { color: $text-primary; }
    VerdictChart > .verdict-chart--cannot-tell { color: $text-warning; }
    VerdictChart > .verdict-chart--not-compliant { color: $text-error; text-style: bold; }
    VerdictChart > .verdict-chart--out-of-scope { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: RefReport | None = None
        self._lines: list[Strip] = []
        self._fixed = 0
        self._width = -1

    def show(self, report: RefReport | None) -> None:
        self.report = report
        self._layout()

    def _styles(self) -> dict[str, Style]:
        base = self.rich_style
        styles = {"": base}
        for role in ("heading", "muted", *ROLE.values()):
            styles[role] = base + self.get_component_rich_style(f"verdict-chart--{role}", partial=True)
        return styles

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        if self.report is None or width <= 0:
            self._fixed, self._lines = 0, []
        else:
            styles = self._styles()
            self._fixed, lines = chart_lines(self.report, width)
            self._lines = [Strip([Segment(text, styles[role]) for text, role in line]).adjust_cell_length(
                width, self.rich_style) for line in lines]
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._layout()

    def render_line(self, y: int) -> Strip:
        """The legend and headings stay at the top; the years scroll beneath them."""
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = y if y < self._fixed else y + scroll_y
        if 0 <= index < len(self._lines):
            return self._lines[index].crop(scroll_x, scroll_x + width)
        return Strip.blank(width, self.rich_style)
