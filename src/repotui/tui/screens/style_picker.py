"""Pick a citation style: house and the styles most people use first, then the user's recent ones,
then every other bundled CSL style (about 10,800), filtered as you type.

The catalogue of names and titles comes from a cached index (adapters/style_index.py), so the list
is drawn in the picker's first frame and each keystroke filters it in a few milliseconds on the UI
thread: what `enter` chooses is always the first row for exactly what was typed, even when keys
arrive in one burst. Only the very first run, with no index yet, reads the style files (about a
second, in a thread); meanwhile the common styles are listed.
"""

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

from repotui.adapters.style_index import load_style_catalog
from repotui.core.citation.model import CitationError
from repotui.core.citation.styles import HOUSE, POPULAR, catalog_loaded, picker_styles, resolve_style

#: At most this many matches are listed (the catalogue has about 10,000 styles).
MAX_SHOWN = 100


def common_rows(recent: Sequence[str]) -> list[tuple[str, str]]:
    """House, the popular styles and the recent ones, with titles read from their own files (a few
    reads): what the picker lists before the catalogue is in memory."""
    rows: list[tuple[str, str]] = []
    for name in dict.fromkeys([HOUSE, *POPULAR, *recent]):
        try:
            rows.append((name, resolve_style(name).title))
        except (CitationError, OSError):
            continue
    return rows


class StylePicker(ModalScreen[str | None]):
    """Dismisses with a style name, or None when cancelled."""

    AUTO_FOCUS = "#style-filter"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-style"),
        Binding("down", "to_list", "To the list", show=False, id="style-to-list"),
    ]

    DEFAULT_CSS = """
    StylePicker { align: center middle; }
    StylePicker > Vertical { width: 90%; max-width: 110; height: 80%; border: round $primary;
                             background: $panel; }
    StylePicker OptionList { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, current: str, recent: Sequence[str]) -> None:
        super().__init__()
        self.current = current
        self.recent = list(recent)
        self.shown_for: str | None = None
        """The filter text the listed rows answer (None while the catalogue is loading)."""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Citation style · type to filter · enter chooses · esc cancels"
            filter_box = Input(placeholder="apa, chicago, harvard, ieee, mla, vancouver…", id="style-filter")
            filter_box.cursor_blink = False
            yield filter_box
            yield OptionList(id="style-options")

    def on_mount(self) -> None:
        if catalog_loaded():
            self.refill(self.query_one(Input).value)
        else:
            self.show_rows(common_rows(self.recent), None, "loading the other styles…")
            self.load_catalog()

    @work(thread=True, exclusive=True, group="styles", exit_on_error=False, description="style catalogue")
    def load_catalog(self) -> None:
        """First run only: read the style files (about a second) and write the index."""
        load_style_catalog()
        self.app.call_from_thread(self.refill_current)

    def refill_current(self) -> None:
        if self.is_attached:
            self.refill(self.query_one(Input).value)

    @on(Input.Changed)
    def filter_changed(self, event: Input.Changed) -> None:
        if catalog_loaded():
            self.refill(event.value)

    def refill(self, word: str) -> None:
        """List the styles for `word` (a few milliseconds once the catalogue is in memory)."""
        rows = picker_styles(word, self.recent)
        self.show_rows(rows[:MAX_SHOWN], word, None, len(rows))

    def show_rows(self, rows: list[tuple[str, str]], word: str | None, note: str | None,
                  total: int | None = None) -> None:
        recent = set(self.recent) - {HOUSE, *POPULAR}
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self._row(name, title, name in recent), id=name) for name, title in rows])
        if rows:
            options.highlighted = 0
        self.shown_for = word
        total = len(rows) if total is None else total
        box = self.query_one(Vertical)
        if note:
            box.border_subtitle = note
        elif total <= MAX_SHOWN:
            box.border_subtitle = f"{total:,} style{'' if total == 1 else 's'}"
        else:
            box.border_subtitle = f"first {MAX_SHOWN} of {total:,} — type to narrow"

    def _row(self, name: str, title: str, recent: bool) -> Text:
        """One line per style (a narrow screen cuts the title with an ellipsis: see DEFAULT_CSS)."""
        return Text.assemble("● " if name == self.current else "  ", (name, "bold"), "  ", (title, "dim"),
                             ("  · recent", "italic") if recent else "")

    @on(Input.Submitted)
    def choose_first(self) -> None:
        """Enter in the filter: the highlighted row for what was typed (loading the catalogue now if
        the first run has not finished reading it)."""
        word = self.query_one(Input).value
        if self.shown_for != word:
            load_style_catalog()
            self.refill(word)
        options = self.query_one(OptionList)
        if options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted or 0).id)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
