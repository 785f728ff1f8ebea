"""Pick one of a record's files to open: format, version, size, and whether it is cached."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class FilePicker(ModalScreen[int | None]):
    """Dismisses with the chosen file's position, or None when cancelled."""

    BINDINGS = [Binding("escape,q", "cancel", "Cancel", id="cancel-picker")]

    # A centred box at every size: as wide as the longest row (at most 100 columns, at least 40),
    # never wider than the screen; as tall as its rows, at most 80% of the screen (then it scrolls).
    DEFAULT_CSS = """
    FilePicker { align: center middle; }
    FilePicker > Vertical { width: auto; min-width: 40; max-width: 100; height: auto; max-height: 80%;
                            border: round $primary; background: $panel; }
    FilePicker OptionList { width: auto; max-width: 98; height: auto; background: $panel; padding: 0 1; }
    FilePicker OptionList, FilePicker OptionList:focus { border: none; }
    """

    def __init__(self, rows: Sequence[tuple[str, str]], preselected: int | None) -> None:
        super().__init__()
        self.rows = rows
        self.preselected = preselected

    def compose(self) -> ComposeResult:
        options = [Option(Text.assemble((location, "bold"), "\n  ", summary)) for location, summary in self.rows]
        with Vertical() as box:
            box.border_title = "Open which file?"
            box.border_subtitle = "enter opens · escape cancels"
            yield OptionList(*options, id="file-options")

    AUTO_FOCUS = "#file-options"

    def on_mount(self) -> None:
        if self.preselected is not None:
            self.query_one(OptionList).highlighted = self.preselected

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
