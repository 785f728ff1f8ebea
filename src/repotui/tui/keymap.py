"""Which binding ids exist, so a `[keys]` entry that names none is said instead of doing nothing.

Textual's `App.set_keymap` skips ids it never meets. The screens that are not shown at start are
imported only here (after the first frame, see RepoApp.on_mount), so start-up stays as cheap.
"""

from __future__ import annotations

import difflib
import importlib

from textual.binding import Binding
from textual.dom import DOMNode

from repotui.core.text import display_path

#: Every module of ours that declares bindings (tests/hostile/test_state_config_hostile.py checks
#: that none is missing).
MODULES = (
    "repotui.tui.screens.browser", "repotui.tui.screens.copy_fallback", "repotui.tui.screens.export_bibliography",
    "repotui.tui.screens.file_picker", "repotui.tui.screens.help", "repotui.tui.screens.problems",
    "repotui.tui.screens.ref_report", "repotui.tui.screens.style_picker", "repotui.tui.widgets.facet_panel",
    "repotui.tui.widgets.record_detail", "repotui.tui.widgets.record_list", "repotui.tui.widgets.search_bar",
    "repotui.tui.widgets.verdict_chart",
)


def binding_ids() -> set[str]:
    """The ids of every `Binding` on a Textual class loaded once our screens are (Textual's own too)."""
    for name in MODULES:
        importlib.import_module(name)
    ids: set[str] = set()
    classes: list[type] = [DOMNode]
    seen: set[type] = set()
    while classes:
        cls = classes.pop()
        if cls in seen:
            continue
        seen.add(cls)
        classes.extend(cls.__subclasses__())
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def unknown_ids(keys: dict[str, str]) -> list[str]:
    """A sentence for each id in a `[keys]` table that no binding has, in the table's order, with
    the nearest real ids when there are some ("copy-cite" → copy-citation)."""
    known = binding_ids()
    said = []
    for name in keys:
        if name not in known:
            near = difflib.get_close_matches(name, sorted(known), n=2)
            hint = f" (did you mean {' or '.join(near)}?)" if near else ""
            said.append(f"[keys] {display_path(name)}: no key has this id, so it is ignored{hint}")
    return said
