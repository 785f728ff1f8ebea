"""Own the X11 CLIPBOARD with several flavours at once: plain text *and* HTML.

Why our own owner: xclip serves exactly one target per process (`-t text/html` answers only
text/html, so a plain-text paste then gets nothing) and xsel has no targets at all. An X
selection is served by a process that stays alive until another client takes the selection, as
xclip does; this module is that process, run as

    python -m repotui.adapters.x11_selection        # JSON {"text": ..., "html": ...} on stdin

It takes the selection, prints `ok` (or `error: ...`) on stdout for the caller, detaches, and
answers requests for TARGETS, UTF8_STRING / text/plain (the text) and text/html (the HTML) until
it loses the selection. It speaks the X protocol through python-xlib (pure Python, no libX11).
Record text only ever travels as property data; nothing here runs a command.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

#: Plain-text targets, the encoding each is served in.
PLAIN_TARGETS = {"UTF8_STRING": "utf-8", "text/plain;charset=utf-8": "utf-8", "text/plain": "utf-8",
                 "TEXT": "utf-8", "STRING": "latin-1"}
HTML_TARGETS = ("text/html", "text/html;charset=utf-8")


def flavours(text: str, html: str | None) -> dict[str, bytes]:
    """Target name → bytes served for it."""
    out = {name: text.encode(enc, errors="replace") for name, enc in PLAIN_TARGETS.items()}
    if html is not None:
        for name in HTML_TARGETS:
            out[name] = html.encode("utf-8")
    return out


def serve(payload: dict[str, Any], announce: Any) -> int:  # pragma: no cover - runs in the child process
    """Take CLIPBOARD, call `announce("ok")`, then answer requests until the selection is lost."""
    from Xlib import X, Xatom, display, error
    from Xlib.protocol import event

    text = str(payload.get("text", ""))
    html = payload.get("html")
    data = flavours(text, str(html) if html is not None else None)
    try:
        disp = display.Display()
    except (error.DisplayError, OSError, ValueError) as exc:
        announce(f"error: cannot open the X display: {exc}")
        return 1
    limit = disp.display.info.max_request_length * 4 - 64
    if any(len(v) > limit for v in data.values()):
        announce("error: too large for one X request")
        return 1
    window = disp.screen().root.create_window(0, 0, 1, 1, 0, X.CopyFromParent)
    clipboard = disp.intern_atom("CLIPBOARD")
    atoms = {disp.intern_atom(name): value for name, value in data.items()}
    targets_atom = disp.intern_atom("TARGETS")
    timestamp_atom = disp.intern_atom("TIMESTAMP")
    window.set_selection_owner(clipboard, X.CurrentTime)
    disp.flush()
    if disp.get_selection_owner(clipboard) != window:
        announce("error: could not take the clipboard")
        return 1
    announce("ok")
    while True:
        try:
            ev = disp.next_event()
        except (error.ConnectionClosedError, OSError):
            return 0
        if ev.type == X.SelectionClear:
            return 0
        if ev.type != X.SelectionRequest:
            continue
        prop = ev.property if ev.property != X.NONE else ev.target
        try:
            if ev.target == targets_atom:
                ev.requestor.change_property(prop, Xatom.ATOM, 32,
                                             [targets_atom, timestamp_atom, *atoms])
            elif ev.target == timestamp_atom:
                ev.requestor.change_property(prop, Xatom.INTEGER, 32, [X.CurrentTime])
            elif ev.target in atoms:
                ev.requestor.change_property(prop, ev.target, 8, atoms[ev.target])
            else:
                prop = X.NONE  # a target we do not offer: refuse
        except error.XError:
            prop = X.NONE
        reply = event.SelectionNotify(time=ev.time, requestor=ev.requestor, selection=ev.selection,
                                      target=ev.target, property=prop)
        ev.requestor.send_event(reply, event_mask=0)
        disp.flush()


def main() -> int:  # pragma: no cover - runs in the child process
    try:
        payload = json.loads(sys.stdin.read())
    except ValueError:
        print("error: bad request", flush=True)
        return 2
    if not isinstance(payload, dict):
        print("error: bad request", flush=True)
        return 2
    out = sys.stdout

    def announce(message: str) -> None:
        out.write(message + "\n")
        out.flush()
        if message == "ok":
            # Detach: the caller waits for this process; the server goes on in a grandchild that
            # holds none of the caller's pipes (as xclip does when it forks into the background).
            if os.fork() > 0:
                os._exit(0)
            os.setsid()
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)

    return serve(payload, announce)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
