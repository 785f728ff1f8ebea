"""The floor for `bench_app.py`: a bare Textual app with repotui's screen, doing the least work
Textual allows for the same change on screen.

Same size and layout as the browser (a header; a search box above a bordered list pane beside a
bordered detail pane, 60/40; a one-line status; the footer with the same shown keys), the same
theme and borders. Its panes are line-API views over text laid out once, ahead of time: a cursor
move repaints two list lines and the whole detail pane, a typed key replaces every list line, the
detail pane and the status text. Whatever the real app costs beyond this is ours to remove; what
this costs is Textual's (and the machine's).

Not a test and not part of the app: `bench_app.py` runs it beside the real app, with the same
frame hook, in the same run.
"""

from __future__ import annotations

import random
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Header, Input, OptionList, Static

WORDS = ("energy", "policy", "quantum", "security", "cyber", "climate", "model", "network", "learning",
         "health", "data", "ecology", "urban", "water", "carbon", "protein", "cell", "neural", "graph",
         "market", "risk", "system", "theory")
ROWS = 2000  # list rows (a screenful is ~30)
PAGES = 64  # distinct detail pages and result lists cycled through


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


class Pane(ScrollView, can_focus=True):
    """Lines laid out once per width; shows one page of them and a cursor line (or none)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "app.cursor_down", "Down", show=False)]

    def __init__(self, pages: list[Text], cursor: bool, id: str) -> None:
        super().__init__(id=id)
        self.pages = pages
        self.page = 0
        self.cursor = 0 if cursor else -1
        self._lines: dict[tuple[int, int], list[Strip]] = {}
        self._cursor_style = Style(bgcolor="blue", bold=True)

    def lines(self, page: int | None = None) -> list[Strip]:
        width = self.scrollable_content_region.width
        page = self.page if page is None else page
        key = (page, width)
        lines = self._lines.get(key)
        if lines is None:
            console: Console = self.app.console
            rendered = console.render_lines(self.pages[page], console.options.update_width(max(1, width)),
                                            pad=True)
            lines = self._lines[key] = [Strip(line, width) for line in rendered]
        return lines

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        width = self.scrollable_content_region.width
        if y >= len(lines):
            return Strip.blank(width)
        if y == self.cursor:
            return Strip([Segment(text, (style or Style()) + self._cursor_style)
                          for text, style, _ in lines[y]], width)
        return lines[y]

    def show(self, page: int) -> None:
        """Everything changes (a new record, a new result list)."""
        self.page = page % len(self.pages)
        self.refresh()

    def move(self) -> None:
        """The cursor moves down one line: two lines change."""
        old, self.cursor = self.cursor, (self.cursor + 1) % max(1, self.scrollable_content_region.height)
        self.refresh_line(old)
        self.refresh_line(self.cursor)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.lines()))
        self.call_after_refresh(self.lay_out_all)

    def lay_out_all(self) -> None:
        """Every page laid out ahead of time (after the first frame): a change costs no layout."""
        for page in range(len(self.pages)):
            self.lines(page)

    def on_key(self, event: events.Key) -> None:
        """Letters typed right after `/` arrive here (Textual routed them before the focus moved):
        they go to the search box, as repotui's type-ahead makes them."""
        app = self.app
        if not isinstance(app, FloorApp):
            return
        if event.key == "slash":  # handled here, so the letters behind it in this queue follow it
            event.stop()
            app.action_search()
        elif app.searching and event.is_printable and event.character:
            event.stop()
            app.search.insert_text_at_cursor(event.character)


class Picker(ModalScreen[None]):
    """A filter box over 100 rows: what the style picker shows, with nothing behind it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Cancel")]
    DEFAULT_CSS = """
    Picker { align: center middle; }
    Picker > Vertical { width: 90%; max-width: 110; height: 80%; border: round $primary; background: $panel; }
    Picker OptionList { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, rows: list[str]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(id="filter")
            yield OptionList(*self.rows)


class FloorApp(App[None]):
    """repotui's main screen with nothing behind it."""

    CSS = """
    #panes { height: 1fr; }
    #list-column { width: 60%; height: 100%; }
    #search { height: 1; border: none; padding: 0 1; background: $boost; }
    #search:focus { border: none; background: $primary 30%; }
    Pane { height: 1fr; border: round $panel-lighten-2; scrollbar-gutter: stable; }
    #list:focus { border: round $primary; }
    #detail { width: 1fr; height: 100%; padding: 0 1; }
    #status { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "nothing", "Quit"), Binding("question_mark", "nothing", "Help"),
        Binding("slash", "search", "Search"), Binding("t", "nothing", "Sort"),
        Binding("f", "nothing", "Facets"), Binding("c", "nothing", "Cite"),
        Binding("C", "nothing", "In-text"), Binding("s", "picker", "Style"),
        Binding("o", "nothing", "Open"), Binding("w", "nothing", "Web"), Binding("R", "nothing", "REF"),
        Binding("escape", "leave_search", "Clear search", show=False),
    ]

    def __init__(self, seed: int = 15) -> None:
        super().__init__()
        rng = random.Random(seed)
        rows = [f"{rng.randint(1990, 2025)} {rng.choice(WORDS).title():<14} {_sentence(rng, 9)}"
                for _ in range(ROWS)]
        lists = [Text("\n".join(rows[(i * 37) % (ROWS - 60):][:60]), no_wrap=True, overflow="ellipsis")
                 for i in range(PAGES)]
        details = [Text(f"{_sentence(rng, 8)}\n\n" + "\n".join(
            f"{label:<12}{_sentence(rng, 3)}" for label in ("Authors", "Type", "Journal", "Volume", "DOI",
                                                           "Licence", "Accepted", "Published", "Deposited"))
            + f"\n\nAbstract\n{_sentence(rng, 140)}.") for _ in range(PAGES)]
        self.list_pane = Pane(lists, cursor=True, id="list")
        self.detail = Pane(details, cursor=False, id="detail")
        self.search = Input(id="search", select_on_focus=False)
        self.search.cursor_blink = False
        self.status = Static("", id="status", markup=False)
        self.changes = 0
        self.shown_for = ""
        """The search text the list shows results for."""
        self.searching = False
        self.main: Screen[None] | None = None
        self.styles_rows = [f"{_sentence(rng, 2)} ({_sentence(rng, 6)})" for _ in range(100)]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="list-column"):
                yield self.search
                yield self.list_pane
            yield self.detail
        yield self.status
        yield Footer()

    def on_mount(self) -> None:
        self.main = self.screen
        self.set_focus(self.list_pane)
        self.show_status()

    def show_status(self) -> None:
        self.status.update(f"{ROWS - self.changes % 97:,} of {ROWS:,} records · 1 ms · sorted by date", layout=False)

    def action_nothing(self) -> None:
        pass

    def action_cursor_down(self) -> None:
        """What a cursor key changes: two list lines and the detail pane."""
        self.list_pane.move()
        self.detail.show(self.detail.page + 1)

    def action_search(self) -> None:
        self.searching = True
        self.screen.set_focus(self.search)

    def action_leave_search(self) -> None:
        self.searching = False
        self.search.value = ""
        self.screen.set_focus(self.list_pane)

    def action_picker(self) -> None:
        self.push_screen(Picker(self.styles_rows))

    def picker_listed(self) -> bool:
        return isinstance(self.screen, Picker) and self.screen.query_one(OptionList).option_count > 0

    def on_input_changed(self, event: Input.Changed) -> None:
        """What a typed key changes: the list, the detail pane and the status text."""
        if event.input is not self.search:
            return
        self.changes += 1
        self.shown_for = event.value
        self.list_pane.show(self.changes)
        self.detail.show(self.detail.page + 1)
        self.show_status()
