"""The search box: every change of the text is a search (a newer one cancels the one before)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

#: Typing pauses longer than this trigger a search (0: every change searches at once; a search
#: still running for an older text is cancelled, so a burst costs little).
DEBOUNCE_SECONDS = 0.0


class SearchBar(Input):
    """Posts `SearchBar.QueryChanged` after a pause; escape clears, enter goes to the results."""

    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", id="clear-search"),
        Binding("down", "to_results", "To results", show=False, id="search-to-results"),
    ]

    @dataclass
    class QueryChanged(Message):
        """The query text settled."""

        text: str

    @dataclass
    class Done(Message):
        """Leave the search box: `cleared` when escape emptied it."""

        cleared: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search: words, \"phrases\", author:, year:2019..2022, oa:yes, has:pdf …",
                         id=id, select_on_focus=False)
        self._timer: Timer | None = None
        self.cursor_blink = False

    @on(Input.Changed)
    def restart_debounce(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if DEBOUNCE_SECONDS <= 0:
            self._settled()
        else:
            self._timer = self.set_timer(DEBOUNCE_SECONDS, self._settled)

    def _settled(self) -> None:
        self._timer = None
        self.post_message(self.QueryChanged(self.value))

    @on(Input.Submitted)
    def go_to_results(self, event: Input.Submitted) -> None:
        event.stop()
        self.flush()
        self.post_message(self.Done(cleared=False))

    def flush(self) -> None:
        """Search now (enter pressed before the pause ended)."""
        if self._timer is not None:
            self._timer.stop()
            self._settled()

    def action_clear_search(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.value = ""
        self.post_message(self.QueryChanged(""))
        self.post_message(self.Done(cleared=True))

    def action_to_results(self) -> None:
        self.flush()
        self.post_message(self.Done(cleared=False))
