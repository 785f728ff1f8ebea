"""The footer: Textual's, except that a key that merely becomes (in)applicable is greyed out or
enabled where it is.

Textual's `Footer` composes all of its keys again whenever the screen's bindings may have changed
(`refresh_bindings`, a focus change), which lays out the whole screen. The browser refreshes its
bindings whenever `o` or `w` starts or stops applying to the highlighted record, which happens on
many cursor moves; then the keys shown are the same and only their state differs.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

from repotui.tui.textual_private import set_footer_key_disabled

#: What decides which keys the footer shows, per binding: (key, action, description, group).
Shown = tuple[tuple[str, str, str, object], ...]


def shown_keys(screen: Screen[object]) -> tuple[Shown, dict[str, bool]]:
    """The bindings a footer on `screen` shows, and whether each key is enabled."""
    shown: list[tuple[str, str, str, object]] = []
    enabled: dict[str, bool] = {}
    for _node, binding, is_enabled, _tooltip in screen.active_bindings.values():
        if binding.show:
            shown.append((binding.key, binding.action, binding.description, binding.group))
            enabled[binding.key] = is_enabled
    return tuple(shown), enabled


class KeysFooter(Footer):
    """A `Footer` that updates in place when only the keys' enabled state changed."""

    def __init__(self) -> None:
        super().__init__()
        self._composed_for: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown, enabled = shown_keys(screen)
        if (self._composed_for == shown and screen is self.screen and self.is_attached
                and self._update_in_place(enabled)):
            return
        # Textual composes again now, unless the app is not focused (then on the next change).
        self._composed_for = shown if screen.app.app_focus else None
        super().bindings_changed(screen)

    def _update_in_place(self, enabled: dict[str, bool]) -> bool:
        keys = list(self.query("FooterKey"))
        if not keys:
            return False
        for key in keys:
            state = enabled.get(str(getattr(key, "key", "")))
            if state is not None and not set_footer_key_disabled(key, not state):
                return False
        return True
