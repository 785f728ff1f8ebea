"""Pick a citation style from every bundled CSL style, most used first, filtered as you type."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from repotui.core.citation.styles import HOUSE, list_styles

#: At most this many matches are listed (the catalogue has about 10,000 styles).
MAX_SHOWN = 300


class StylePicker(ModalScreen[str | None]):
    """Dismisses with a style name, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-style"),
        Binding("down", "to_list", "To the list", show=False, id="style-to-list"),
    ]

    DEFAULT_CSS = """
    StylePicker { align: center middle; }
    StylePicker > Vertical { width: 90%; max-width: 110; height: 80%; border: round $primary;
                             background: $panel; }
    StylePicker OptionList { height: 1fr; border: none; }
    """

    def __init__(self, current: str, most_used: Sequence[str]) -> None:
        super().__init__()
        self.current = current
        self.most_used = list(most_used)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Citation style (type to filter, enter chooses, escape cancels)"
            yield Input(placeholder="apa, chicago, harvard, ieee, vancouver…", id="style-filter")
            yield OptionList(id="style-options")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.refill("")

    @on(Input.Changed)
    def filter_changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    @work(thread=True, exclusive=True, group="styles", exit_on_error=False)
    def refill(self, word: str) -> None:
        """The catalogue is read once (about a second), so this runs off the UI thread."""
        found = list_styles(word)
        names = {name for name, _ in found}
        used = [n for n in self.most_used if n in names or (n == HOUSE and word.lower() in "house")]
        titles = dict(found)
        titles[HOUSE] = "Repository house style (the repository's own citation)"
        rows = [(n, titles.get(n, n)) for n in used]
        if HOUSE not in used and word.lower() in "house style":
            rows.append((HOUSE, titles[HOUSE]))
        rows += [(n, t) for n, t in found if n not in used and n != HOUSE]
        self.app.call_from_thread(self.show_rows, rows[:MAX_SHOWN], len(rows))

    def show_rows(self, rows: list[tuple[str, str]], total: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for name, title in rows:
            marker = "● " if name == self.current else "  "
            options.add_option(Option(Text.assemble(marker, (name, "bold"), "  ", (title, "dim")), id=name))
        if rows:
            options.highlighted = 0
        self.query_one(Vertical).border_subtitle = f"{total:,} styles" if total <= MAX_SHOWN else \
            f"first {MAX_SHOWN} of {total:,} — type to narrow"

    @on(Input.Submitted)
    def choose_first(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            index = options.highlighted or 0
            self.dismiss(options.get_option_at_index(index).id)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
