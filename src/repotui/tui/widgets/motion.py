"""The keys that move through a pane. The record list and the detail pane move with the same
keys (arrows and vi's j/k, home/end and g/G, the page keys), so they are written once, here."""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: Up, down, top, bottom, page up, page down.
MOTION_KEYS = ("up,k", "down,j", "home,g", "end,G", "pageup", "pagedown")


#: The record list's moves and the detail pane's, as (action, description, binding id) in the
#: order of MOTION_KEYS.
LIST_MOVES = (("cursor_up", "Up", "cursor-up"), ("cursor_down", "Down", "cursor-down"),
              ("first", "First record", "first"), ("last", "Last record", "last"),
              ("page_up", "Page up", "page-up"), ("page_down", "Page down", "page-down"))
DETAIL_MOVES = (("scroll_up", "Scroll up", "detail-up"), ("scroll_down", "Scroll down", "detail-down"),
                ("scroll_home", "Top", "detail-top"), ("scroll_end", "Bottom", "detail-bottom"),
                ("page_up", "Page up", "detail-page-up"), ("page_down", "Page down", "detail-page-down"))
#: Every action above: each only moves a cursor or scrolls (tui/type_ahead.py lets the next key
#: follow one at once).
MOVE_ACTIONS = frozenset(action for action, _description, _id in LIST_MOVES + DETAIL_MOVES)


def motion_bindings(*moves: tuple[str, str, str]) -> list[BindingType]:
    """Footer-hidden bindings of MOTION_KEYS in their order, from one (action, description, id)
    each; the ids are what a `[keys]` table in the config remaps."""
    return [Binding(keys, action, description, show=False, id=binding_id)
            for keys, (action, description, binding_id) in zip(MOTION_KEYS, moves, strict=True)]
