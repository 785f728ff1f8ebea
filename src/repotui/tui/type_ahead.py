"""Type-ahead: a key typed while the app is still answering an earlier one waits its turn, so it
reaches whatever has the focus once that answer is complete.

Textual routes a key when the app takes it off its queue: to the widget focused at that moment.
Keys that arrive in one burst (a paste, a fast typist, `tmux send-keys`) are all routed before the
first one's binding has run, so after `/` the letters of `/cyber` reach the list, not the search
box, and fire the list's bindings. The same happens to `s` then `apa` (the style picker is pushed
but not mounted yet), to `enter` then `c` in a modal (the modal is dismissed by a message that is
still on its way), and to every future prompt.

The fix is one mechanism in the app, not a per-key patch: the first key of a burst is routed as
Textual does; each following key (and paste) is held until the earlier one has been answered:

1. the key has travelled its whole way up the DOM (a callback follows it from the widget it was
   routed to up to the app, one queue at a time, behind the key itself),
2. what its binding queued on the app has run (`Widget.focus()` is such a callback),
3. the screen on top is mounted (a pushed modal has composed and focused its input), and
4. no node of that screen has a message waiting (the `Submitted` → `dismiss` chain of a modal,
   `SearchBar.Done` → focus back to the list).

Then the next held key is posted to the app again and routed to the focus of that moment. A key
that is never answered (a stuck handler) holds the others back for at most `MAX_WAIT` seconds.
Only public Textual API is used: `App.on_event`, `call_later`, `message_queue_size`,
`walk_children`, `is_mounted`, timers.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.timer import Timer

#: Longest time a held key waits for the one before it to be answered (a safety net only).
MAX_WAIT = 1.0
#: How often a held key looks again while the screen is still busy.
POLL = 0.002

TypedEvent = events.Key | events.Paste


class TypeAhead:
    """Owned by the app, which asks `admit` for every key or paste that comes from the terminal."""

    def __init__(self, app: App[Any], clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.clock = clock
        self.held: deque[TypedEvent] = deque()
        """Keys (and pastes) typed while an earlier key was being answered, oldest first."""
        self.busy = False
        """A key has been routed and is not answered yet (or a held key is on its way back in)."""
        self._passing: TypedEvent | None = None
        self._since = 0.0
        self._token = 0
        self._timer: Timer | None = None

    def admit(self, event: TypedEvent) -> bool:
        """True: route `event` now. False: it is held and comes back through the app's queue."""
        if event is self._passing:
            self._passing = None
            return True
        if self.busy or self.held:
            self.held.append(event)
            return False
        return True

    def routed(self, target: DOMNode) -> None:
        """The app has just routed a key to `target`: follow it up to the app."""
        self.busy = True
        self._since = self.clock()
        self._token += 1
        self._behind(target, self._token)

    def _behind(self, node: DOMNode, token: int) -> None:
        """Queue `_left` in `node`'s queue, behind the key."""
        if not node.call_later(self._left, node, token):
            self.app.call_later(self._answered, token)  # `node` is closing: nothing to follow

    def _left(self, node: DOMNode, token: int) -> None:
        """The key has left `node`: handled there, or bubbled into the parent's queue (ahead of
        the callback queued there now)."""
        parent = node.parent if node is not self.app else None
        if parent is not None:
            self._behind(parent, token)
        else:
            # At the app: what the key's binding queued on the app (a `focus()` call) runs first.
            self.app.call_later(self._answered, token)

    def _answered(self, token: int) -> None:
        if token == self._token:
            self._release()

    def _release(self) -> None:
        """Post the next held key to the app once the screen has finished answering the last."""
        self._timer = None
        if not self.held:
            self.busy = False
            return
        if not self._settled() and self.clock() - self._since < MAX_WAIT:
            self._timer = self.app.set_timer(POLL, self._release)
            return
        self._passing = self.held.popleft()
        self.busy = True  # keys arriving meanwhile queue up behind the one on its way
        self._since = self.clock()
        self.app.post_message(self._passing)

    def _settled(self) -> bool:
        """The screen on top is mounted and none of its nodes has a message waiting."""
        try:
            screen = self.app.screen
        except Exception:  # no screen (the app is closing): nothing left to wait for
            return True
        if not screen.is_mounted:
            return False
        return all(node.message_queue_size == 0 for node in screen.walk_children(with_self=True))
