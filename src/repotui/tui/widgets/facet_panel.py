"""The facet panel: counts per facet group (type, year, licence, open access, and whatever groups
the index adds) for the current results. It takes the detail pane's place, so it is on screen at
every terminal size, beside or below the list whose counts it shows."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from repotui.core.facets import FacetValue

#: Values listed per group (the most frequent first, as the index orders them).
LIMIT = 12


def group_title(name: str) -> str:
    """`open access` → `Open access`; a group name is data from the index, shown as plain text."""
    return name[:1].upper() + name[1:]


def in_query(query: str, filter_text: str) -> bool:
    """`filter_text` is one of the query's terms (so the value is ticked)."""
    return re.search(rf"(?<!\S){re.escape(filter_text)}(?!\S)", query) is not None


def toggle_filter(query: str, filter_text: str) -> str:
    """The query with `filter_text` added at the end, or taken out when it is there already."""
    if in_query(query, filter_text):
        return " ".join(re.sub(rf"(?<!\S){re.escape(filter_text)}(?!\S)", " ", query).split())
    return f"{query.strip()} {filter_text}".strip()


class FacetPanel(OptionList):
    """Selecting a value posts `FacetPanel.Picked` with its filter; escape posts `Closed`."""

    BINDINGS = [
        Binding("escape", "close", "Close facets", id="close-facets"),
        Binding("j", "cursor_down", "Down", show=False, id="facet-down"),
        Binding("k", "cursor_up", "Up", show=False, id="facet-up"),
        Binding("g", "first", "First", show=False, id="facet-first"),
        Binding("G", "last", "Last", show=False, id="facet-last"),
    ]

    @dataclass
    class Picked(Message):
        """A facet value was chosen; `filter_text` is its search filter (`type:thesis`)."""

        filter_text: str

    class Closed(Message):
        """The panel asks to be closed (the detail pane comes back)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Facets · enter filters · esc closes"

    def show_facets(self, facets: Mapping[str, Sequence[FacetValue]], active: str = "",
                    limit: int = LIMIT) -> None:
        """Replace the options (an empty mapping: the counts are on their way). Labels are Rich
        Text: record values are data, never markup. A value whose filter is in the query `active`
        is ticked."""
        highlighted = self.highlighted
        keep = self.get_option_at_index(highlighted).id if highlighted is not None else None
        self.clear_options()
        options: list[Option | None] = []
        for name, values in facets.items():
            if not values:
                continue
            options.append(Option(Text(group_title(name), style="bold"), disabled=True))
            for value in values[:limit]:
                tick = "✓ " if in_query(active, value.filter) else "  "
                label = Text.assemble(tick, (f"{value.count:>6,}", "dim"), " ", value.label)
                options.append(Option(label, id=f"{name}\x00{value.filter}"))
            options.append(None)
        if not options:
            options.append(Option(Text("Counting…" if not facets else "No results to count.", style="dim"),
                                  disabled=True))
        self.add_options(options[:-1] if options[-1] is None else options)
        ids = [option.id for option in options if option is not None]  # separators are not options
        if keep is not None and keep in ids:  # the same value as before, wherever it is now
            self.highlighted = ids.index(keep)
        elif highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted
        if self.highlighted is None or self.get_option_at_index(self.highlighted).disabled:
            self.action_first()  # the first value (group titles are skipped)

    def action_close(self) -> None:
        self.post_message(self.Closed())

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if "\x00" in option_id:
            self.post_message(self.Picked(option_id.split("\x00", 1)[1]))
