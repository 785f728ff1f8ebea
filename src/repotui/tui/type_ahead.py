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
   `SearchBar.Done` → focus back to the list), or, on a screen that is never quiet (a loading
   indicator animates), every node has handled what it had queued `MAX_ROUNDS` times over, and
5. the screen does not await an answer from a worker (`AwaitsAnswer`: the browser while the
   list does not show the answer to the query yet: `/cyber` enter `c` must cite the first hit
   for `cyber`, not the record highlighted before, however fast the keys come). That answer
   comes as a message from a thread, so this is looked at again every `ANSWER_POLL` seconds.

A key the focused widget took for itself (a character typed into an input) never reaches the
app's bindings: when focus and screen are unchanged after it, the next key follows at once, so a
word typed into a box costs a few callbacks per letter. So does a key whose binding only moves a
cursor or scrolls (`QUIET_ACTIONS`: nothing it does can move the focus or change the screen), so
a held arrow key is not slowed down by the settling rounds every other key waits for.

Then the next held key is posted to the app again and routed to the focus of that moment. A key
that is never answered (a stuck handler) holds the others back for at most `MAX_WAIT` seconds.
Only public Textual API is used: `App.on_event`, `Event.is_forwarded`, `call_later`,
`message_queue_size`, `walk_children`, `is_mounted`, timers.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.timer import Timer

from repotui.tui.widgets.motion import MOVE_ACTIONS

#: Longest time a held key waits for the one before it to be answered (a safety net only).
MAX_WAIT = 1.0
#: Rounds of "every node has handled what it had queued" after which the screen counts as settled
#: even when it is never quiet (an animated loading indicator refreshes many times a second). A
#: message travels one node per round: the longest chain a key starts here (a submitted search
#: bubbling up to the screen, which moves the focus back to the list) takes four.
MAX_ROUNDS = 8

#: While the screen awaits an answer from a worker, it is asked again this often (seconds).
ANSWER_POLL = 0.005

TypedEvent = events.Key | events.Paste

#: Actions that move a cursor or scroll and nothing else: the key after one of them needs no
#: settling rounds (the list's and the detail pane's movement keys; `toggle_mark` marks and moves).
QUIET_ACTIONS = MOVE_ACTIONS | {"toggle_mark"}


@runtime_checkable
class AwaitsAnswer(Protocol):
    """A screen whose next key must wait for an answer on its way from a worker."""

    def awaits_answer(self) -> bool:
        """True while what a key would act on is about to be replaced (a search in flight)."""
        ...


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
        self._rounds = 0
        self._watchdog: Timer | None = None
        self._current: TypedEvent | None = None
        self._reached_app = False
        self._focus_before: object = None
        self._screen_before: object = None
        self._quiet = False

    async def on_event(self, event: events.Event, dispatch: Callable[[events.Event], Awaitable[None]]) -> None:
        """The app's `on_event` hands every event here with its own (Textual's) handling as
        `dispatch`: a key or paste from the terminal is routed now or held; anything else (and a
        key bubbling back up to the app) goes on as usual."""
        if isinstance(event, (events.Key, events.Paste)):
            if not event.is_forwarded:
                if self.admit(event):
                    target = self.app.focused or self.app.screen  # where Textual routes it
                    await dispatch(event)
                    self.routed(target, event)
                return
            if event is self._current:
                self._reached_app = True  # not taken by a widget on the way: the app's bindings ran
        await dispatch(event)

    def admit(self, event: TypedEvent) -> bool:
        """True: route `event` now. False: it is held and comes back through the app's queue."""
        if event is self._passing:
            self._passing = None
            return True
        if self.busy or self.held:
            self.held.append(event)
            self._arm()
            return False
        return True

    def routed(self, target: DOMNode, event: TypedEvent | None = None) -> None:
        """The app has just routed a key to `target`: follow it up to the app."""
        self._current = event
        self._reached_app = False
        self._focus_before, self._screen_before = self.app.focused, self._screen()
        self._quiet = self._is_quiet(event)
        self.busy = True
        self._since = self.clock()
        self._token += 1
        self._rounds = 0
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
            self._release(token)

    def _release(self, token: int) -> None:
        """Post the next held key to the app once the screen has finished answering the last."""
        if token != self._token:
            return  # overtaken (the watchdog let the next key through)
        if not self.held:
            self.busy = False
            return
        if self._typed_into_focus() or self._only_moved():
            self._pass_next()
            return
        if not self._settled():
            self._round(token)
            return
        if self._awaits_answer():
            self.app.set_timer(ANSWER_POLL, lambda: self._release(token))
            return
        self._pass_next()

    def _pass_next(self) -> None:
        self._passing = self.held.popleft()
        self.busy = True  # keys arriving meanwhile queue up behind the one on its way
        self._token += 1  # nothing of the last key's answer may release another key now
        self._since = self.clock()
        self.app.post_message(self._passing)
        self._arm()

    def _screen(self) -> object:
        try:
            return self.app.screen
        except Exception:  # no screen: the app is closing
            return None

    def _typed_into_focus(self) -> bool:
        """The key was taken by the focused widget itself (a character typed into an input: it never
        reached the app's bindings) and the focus and screen are as they were: nothing the key did
        can move them, so the next key may follow at once."""
        return (self._current is not None and not self._reached_app
                and self.app.focused is self._focus_before and self._screen() is self._screen_before)

    def _is_quiet(self, event: TypedEvent | None) -> bool:
        """The binding this key runs (the focus chain's, as Textual picks it) is a `QUIET_ACTIONS` one."""
        if not isinstance(event, events.Key):
            return False
        try:
            bound = self.app.screen.active_bindings.get(event.key)
        except Exception:  # no screen: the app is closing
            return False
        return bound is not None and bound[1].action in QUIET_ACTIONS

    def _only_moved(self) -> bool:
        """The key ran a quiet binding, and focus and screen are as they were."""
        return (self._quiet and self._reached_app and self.app.focused is self._focus_before
                and self._screen() is self._screen_before)

    def _settled(self) -> bool:
        """The screen on top is mounted and has handled everything the last key set off: none of
        its nodes has a message waiting, or `MAX_ROUNDS` rounds have passed."""
        try:
            screen = self.app.screen
        except Exception:  # no screen (the app is closing): nothing left to wait for
            return True
        if not screen.is_mounted:
            return False
        if self._rounds >= MAX_ROUNDS:
            return True
        return all(node.message_queue_size == 0 for node in screen.walk_children(with_self=True))

    def _awaits_answer(self) -> bool:
        """The screen on top waits for a worker's answer (`AwaitsAnswer`); the watchdog still
        lets the next key through after `MAX_WAIT`."""
        screen = self._screen()
        return isinstance(screen, AwaitsAnswer) and screen.awaits_answer()

    def _round(self, token: int) -> None:
        """One round: a callback behind whatever every node of the screen (and the app) has queued;
        when all have run, look again."""
        try:
            screen = self.app.screen
        except Exception:
            self._pass_next()
            return
        nodes: list[DOMNode] = [self.app, *screen.walk_children(with_self=True)] if screen.is_mounted else []
        left = [0]

        def done() -> None:
            left[0] -= 1
            if left[0] == 0:
                self._rounds += 1
                self._release(token)

        for node in nodes:
            if node.call_later(done):
                left[0] += 1
        # No node took the callback: the screen is still mounting (its own queue starts after
        # compose and mount), or it is closing (then nothing is left to wait for).
        if not left[0] and not screen.call_later(lambda: self.app.call_later(self._release, token)):
            self._pass_next()

    def _arm(self) -> None:
        """A watchdog while keys are held: a key whose answer never comes (a node closed with the
        follow-up callback in its queue) must not hold the others back for more than `MAX_WAIT`."""
        if self._watchdog is None:
            self._watchdog = self.app.set_timer(MAX_WAIT / 2, self._watch)

    def _watch(self) -> None:
        self._watchdog = None
        if not self.held:
            return
        if self.clock() - self._since >= MAX_WAIT:
            self._since = self.clock()
            self._pass_next()
        else:
            self._arm()
