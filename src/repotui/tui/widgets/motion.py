"""The keys that move through a pane. The record list and the detail pane move with the same
keys (arrows and vi's j/k, home/end and g/G, the page keys), so they are written once, here."""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: Up, down, top, bottom, page up, page down.
MOTION_KEYS = ("up,k", "down,j", "home,g", "end,G", "pageup", "pagedown")


def motion_bindings(*moves: tuple[str, str, str]) -> list[BindingType]:
    """Footer-hidden bindings of MOTION_KEYS in their order, from one (action, description, id)
    each; the ids are what a `[keys]` table in the config remaps."""
    return [Binding(keys, action, description, show=False, id=binding_id)
            for keys, (action, description, binding_id) in zip(MOTION_KEYS, moves, strict=True)]
