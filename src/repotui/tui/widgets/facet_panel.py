"""The facet panel: counts per type, year, licence and open access for the current results."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from repotui.core.facets import FacetValue


class FacetPanel(OptionList):
    """Selecting a value posts `FacetPanel.Picked` with the filter text to add to the query."""

    @dataclass
    class Picked(Message):
        """A facet value was chosen; `filter_text` is its search filter (`type:thesis`)."""

        filter_text: str

    def show_facets(self, facets: dict[str, list[FacetValue]], limit: int = 12) -> None:
        """Replace the options; labels are Rich Text (record values are data, never markup)."""
        highlighted = self.highlighted
        self.clear_options()
        options: list[Option | None] = []
        for name, values in facets.items():
            if not values:
                continue
            options.append(Option(Text(name[:1].upper() + name[1:], style="bold"), disabled=True))  # "REF 2021" stays
            for value in values[:limit]:
                label = Text.assemble("  ", (f"{value.count:>7,}", "dim"), " ", value.label)
                options.append(Option(label, id=f"{name}\x00{value.filter}"))
            options.append(None)
        self.add_options(options[:-1] if options and options[-1] is None else options)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if "\x00" in option_id:
            self.post_message(self.Picked(option_id.split("\x00", 1)[1]))
