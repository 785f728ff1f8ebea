"""The help screen: every live binding with its description, so it can never drift from the keys."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

#: (title, rows of (keys, description)) sections shown on the help screen.
HelpSection = tuple[str, list[tuple[str, str]]]


def binding_rows(bindings: Iterable[tuple[str, Binding]]) -> list[tuple[str, str]]:
    """Group keys by action: `up, k  Up`. Order of first appearance is kept. A binding's tooltip is
    its long name ("Copy citation"); the footer shows the short description ("Cite")."""
    by_action: dict[str, tuple[list[str], str]] = {}
    for key_display, binding in bindings:
        keys, _ = by_action.setdefault(binding.action, ([], binding.tooltip or binding.description or binding.action))
        if key_display not in keys:
            keys.append(key_display)
    return [(", ".join(keys), description) for keys, description in by_action.values()]


def live_sections(screen: Screen[Any], focused_title: str,
                  others: Sequence[tuple[str, Sequence[BindingType]]] = ()) -> list[HelpSection]:
    """Help for `screen` from its live bindings (the user's keymap applied).

    "Everywhere" holds the screen's and the app's bindings, `focused_title` the focused widget's;
    each of `others` is a widget that is not focused now, listed from its class bindings.
    """
    app = screen.app
    everywhere: list[tuple[str, Binding]] = []
    focused: list[tuple[str, Binding]] = []
    for key, active in screen.active_bindings.items():
        display = app.get_key_display(active.binding) if key else key
        (everywhere if active.node is app or active.node is screen else focused).append((display, active.binding))
    sections = [("Everywhere", binding_rows(everywhere)), (focused_title, binding_rows(focused))]
    for title, bindings in others:
        rows = [(app.get_key_display(Binding(key, binding.action)), binding)
                for binding in bindings if isinstance(binding, Binding) for key in binding.key.split(",")]
        sections.append((title, binding_rows(rows)))
    return sections


class HelpScreen(ModalScreen[None]):
    """Lists the sections given by the app (built from live bindings when `?` was pressed)."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", id="close-help")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    """

    def __init__(self, sections: list[HelpSection], notes: str = "") -> None:
        super().__init__()
        self.sections = sections
        self.notes = notes

    def compose(self) -> ComposeResult:
        lines: list[Content] = [Content.from_markup("[b]repotui keys[/b]  (escape closes)"), Content("")]
        for title, rows in self.sections:
            if not rows:
                continue
            lines.append(Content(title).stylize("bold $text-secondary"))
            width = max(len(keys) for keys, _ in rows)
            for keys, description in rows:
                lines.append(Content(f"  {keys.ljust(width)}  ").stylize("bold") + Content(description))
            lines.append(Content(""))
        if self.notes:
            lines.append(Content(self.notes))
        with VerticalScroll():
            yield Static(Content("\n").join(lines), id="help-body")
