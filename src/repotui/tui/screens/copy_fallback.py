"""When no clipboard could be confirmed (SSH, no display), show the text ready to select by hand."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class CopyFallback(ModalScreen[None]):
    """A read-only text area holding exactly what was meant for the clipboard."""

    BINDINGS = [Binding("escape", "dismiss", "Close", id="close-copy")]

    DEFAULT_CSS = """
    CopyFallback { align: center middle; }
    CopyFallback > Vertical { width: 90%; max-width: 120; height: auto; max-height: 80%;
                              border: round $warning; background: $panel; padding: 0 1; }
    CopyFallback TextArea { height: auto; max-height: 20; }
    """

    def __init__(self, text: str, why: str) -> None:
        super().__init__()
        self.text = text
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Copy this by hand (escape closes)"
            yield Static(self.why, markup=False, id="copy-why")
            area = TextArea(self.text, read_only=True, soft_wrap=True, id="copy-text")
            area.cursor_blink = False
            yield area

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.select_all()
