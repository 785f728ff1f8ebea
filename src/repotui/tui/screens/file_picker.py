"""Pick one of a record's files to open: format, version, size, and whether it is cached."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class FilePicker(ModalScreen[int | None]):
    """Dismisses with the chosen file's position, or None when cancelled."""

    BINDINGS = [Binding("escape,q", "cancel", "Cancel", id="cancel-picker")]

    DEFAULT_CSS = """
    FilePicker { align: center middle; }
    FilePicker > OptionList { width: 90%; max-width: 110; height: auto; max-height: 80%;
                              border: round $primary; background: $panel; }
    """

    def __init__(self, rows: Sequence[tuple[str, str]], preselected: int | None) -> None:
        super().__init__()
        self.rows = rows
        self.preselected = preselected

    def compose(self) -> ComposeResult:
        options = [Option(Text.assemble((location, "bold"), "\n  ", summary)) for location, summary in self.rows]
        picker = OptionList(*options, id="file-options")
        picker.border_title = "Open which file? (enter opens, escape cancels)"
        yield picker

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        if self.preselected is not None:
            picker.highlighted = self.preselected
        picker.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
