"""Benchmark the real app, headless, on generated records, against a floor (not a test; see
benchmarks/RESULTS.md).

    python benchmarks/generate.py 100000           # once
    python benchmarks/bench_index.py 100000 --phase build   # builds benchmarks/data/100000/index.sqlite
    python benchmarks/bench_app.py 100000 --runs 5
    python benchmarks/bench_app.py 10000 --runs 5 --compare /tmp/old/src   # old code too, alternated

The floor (`floor_app.py`) is a bare Textual app with the same screen (header, search box, two
bordered panes, status line, footer) whose panes change on every key, drawn from text laid out
ahead of time: what Textual itself costs on this machine for the same change. Every figure of the
real app is printed with its ratio to the floor's figure from the same run (`1.4× floor`); the
floor and the app run alternately in fresh processes, so load from other processes hits both.

Measured, each from the input to the first frame that shows its effect (frames are timed where
Textual hands a composed frame to the driver, `App._display`; keys are posted to the app as the
terminal driver posts them, so key routing and the type-ahead are included):
- warm start: a fresh process, from its launch to the first frame showing the filled list;
- cursor move: `down` in the list until the frame with the next record in the detail pane;
- held key: ten `down`s in one read (auto-repeat faster than frames) until the frame with the
  tenth record;
- keystroke: a query typed key by key in the search box (a typist's pause between keys) until
  the frame with that prefix's results (the search box's debounce included);
- burst: `/` and a word in one read until the frame with the word's results;
- `s` until the style picker's first frame with its list of styles (floor: a modal with a
  100-row option list).
Wall time is what a user waits; CPU time (`process_time` of the app's process over the same
span) is less disturbed by other processes on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TYPED = ["cyber security", "author:ørs", "year:2019..2022", "quantum secur", "type:article has:pdf"]
BURSTS = ["cyber", "quantum", "energy", "brainox", "policy"] * 2
MOVES = 60
HELD = 8  # bursts of HELD_KEYS downs
HELD_KEYS = 10
PICKS = 5
SIZE = (120, 36)
#: Figures in the order printed: (key, label).
FIGURES = (("warm", "warm start -> painted list"), ("move", "cursor move -> next record shown"),
           ("held", f"held key ({HELD_KEYS} downs in one read) -> last record shown"),
           ("key", "keystroke -> updated list"), ("burst", "burst '/word' -> list for the word"),
           ("picker", "s -> style picker listed"))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms ({min(values):.0f}–{max(values):.0f})"


def record_frames(app, clock=time.perf_counter) -> list[float]:  # type: ignore[no-untyped-def]
    """Time every frame the app hands to its driver (`App._display`); returns the live list."""
    frames: list[float] = []
    display = app._display

    def timed_display(*args, **kwargs):  # type: ignore[no-untyped-def]
        frames.append(clock())
        return display(*args, **kwargs)

    app._display = timed_display
    return frames


class FrameWatch:
    """Resolves a wait at the first frame composed after a condition became true.

    The condition is checked when Textual hands a frame to the driver, so the frame that ends
    a measurement was composed after the change was made (nothing polls the event loop)."""

    def __init__(self, app: Any) -> None:
        self.frames = 0
        self.epoch = 0.0
        """`time.time()` of the frame that ended the last wait (for times across processes)."""
        self._wanted: tuple[Callable[[], bool], asyncio.Future[tuple[float, float]]] | None = None
        display = app._display

        def timed_display(*args: Any, **kwargs: Any) -> Any:
            self.frames += 1
            if self._wanted is not None and self._wanted[0]():
                _condition, future = self._wanted
                self._wanted = None
                self.epoch = time.time()
                if not future.done():
                    future.set_result((time.perf_counter(), time.process_time()))
            return display(*args, **kwargs)

        app._display = timed_display

    async def until(self, condition: Callable[[], bool], start: tuple[float, float],
                    timeout: float = 30.0) -> tuple[float, float]:
        """(wall ms, CPU ms) from `start` to the first frame after `condition()` holds."""
        future: asyncio.Future[tuple[float, float]] = asyncio.get_running_loop().create_future()
        self._wanted = (condition, future)
        wall, cpu = await asyncio.wait_for(future, timeout)
        return (wall - start[0]) * 1000, (cpu - start[1]) * 1000


def now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def key(name: str, char: str | None = None) -> Any:
    from textual import events

    if char is None and len(name) == 1:
        char = name
    return events.Key(name, char)


def key_for(char: str) -> Any:
    names = {"/": "slash", " ": "space", ":": "colon", ".": "full_stop", "?": "question_mark"}
    return key(names.get(char, char), char)


# -- the real app ---------------------------------------------------------------------------------


class RealTarget:
    """What the scenario needs from repotui's app."""

    def __init__(self, root: Path, db: Path) -> None:
        from repotui.tui.app import RepoApp

        self.app = RepoApp(root, index_path=db)

    def filled(self) -> bool:
        browser = self.app.browser
        return bool(browser.loaded and browser.record_list.ids)

    def shown_record(self) -> object:
        record = self.app.browser.detail.record
        return record.id if record is not None else None

    def record_at(self, steps: int) -> object:
        record_list = self.app.browser.record_list
        return record_list.ids[min(len(record_list.ids) - 1, record_list.cursor + steps)]

    def showing(self, text: str) -> bool:
        browser = self.app.browser
        result = browser.searching.result
        return (result is not None and result.query.text == text and browser.record_list.ids is result.ids
                and browser.search_bar.value == text)

    def in_search(self) -> bool:
        return self.app.browser.focused is self.app.browser.search_bar

    def in_list(self) -> bool:
        browser = self.app.browser
        return self.showing("") and browser.focused is browser.record_list

    def picker_listed(self) -> bool:
        from textual.widgets import OptionList

        screen = self.app.screen
        return screen is not self.app.browser and bool(screen.query(OptionList)) and bool(
            screen.query_one(OptionList).option_count)

    def on_browser(self) -> bool:
        return self.app.screen is self.app.browser


class FloorTarget:
    """The same questions asked of the floor app."""

    def __init__(self) -> None:
        sys.path.insert(0, str(HERE))
        from floor_app import FloorApp

        self.app = FloorApp()

    def filled(self) -> bool:
        return self.app.list_pane.is_mounted and self.app.list_pane.size.height > 0

    def shown_record(self) -> object:
        return self.app.detail.page

    def record_at(self, steps: int) -> object:
        return (self.app.detail.page + steps) % len(self.app.detail.pages)

    def showing(self, text: str) -> bool:
        return self.app.shown_for == text and self.app.search.value == text

    def in_search(self) -> bool:
        return self.app.focused is self.app.search

    def in_list(self) -> bool:
        return self.showing("") and self.app.focused is self.app.list_pane

    def picker_listed(self) -> bool:
        return self.app.screen is not self.app.main and self.app.picker_listed()

    def on_browser(self) -> bool:
        return self.app.screen is self.app.main


def make_target(kind: str, root: Path, db: Path) -> Any:
    return FloorTarget() if kind == "floor" else RealTarget(root, db)


async def settle(condition: Callable[[], bool], pause: float = 0.0) -> None:
    while not condition():
        await asyncio.sleep(0.002)
    if pause:
        await asyncio.sleep(pause)


async def _start_and_paint(kind: str, root: Path, db: Path, started: float) -> float:
    """Milliseconds from process start to the first frame written with the filled list."""
    target = make_target(kind, root, db)
    async with target.app.run_test(size=SIZE):
        watch = FrameWatch(target.app)
        await watch.until(target.filled, now())
        return (watch.epoch - started) * 1000


async def _interactive(kind: str, root: Path, db: Path) -> dict[str, list[list[float]]]:
    """Every interactive figure as [wall ms, CPU ms] pairs."""
    target = make_target(kind, root, db)
    app = target.app
    out: dict[str, list[list[float]]] = {name: [] for name, _ in FIGURES if name != "warm"}
    async with app.run_test(size=SIZE):
        watch = FrameWatch(app)
        await settle(target.filled, 3.0)  # the start-up catch-up (warm + refresh) finishes

        for _ in range(MOVES):
            wanted = target.record_at(1)
            start = now()
            app.post_message(key("down"))
            out["move"].append(list(await watch.until(lambda w=wanted: target.shown_record() == w, start)))
            await asyncio.sleep(0.03)
        await asyncio.sleep(0.3)
        for _ in range(HELD):
            wanted = target.record_at(HELD_KEYS)
            start = now()
            for _ in range(HELD_KEYS):
                app.post_message(key("down"))
            out["held"].append(list(await watch.until(lambda w=wanted: target.shown_record() == w, start)))
            await asyncio.sleep(0.3)

        app.post_message(key("slash", "/"))
        await settle(target.in_search, 0.2)
        for text in TYPED:
            for i, char in enumerate(text):
                wanted = text[: i + 1]
                start = now()
                app.post_message(key_for(char))
                out["key"].append(list(await watch.until(lambda w=wanted: target.showing(w), start)))
                await asyncio.sleep(0.15)  # a typist's pause between keys
            for _ in text:
                app.post_message(key("backspace"))
            await settle(lambda: target.showing(""), 0.2)
        app.post_message(key("escape"))
        await settle(target.in_list, 0.2)

        for word in BURSTS:
            start = now()
            for char in "/" + word:  # as the driver posts keys that arrive in one read
                app.post_message(key_for(char))
            out["burst"].append(list(await watch.until(lambda w=word: target.showing(w), start)))
            app.post_message(key("escape"))  # clear the search, back to the list
            await settle(target.in_list, 0.15)

        for _ in range(PICKS):
            start = now()
            app.post_message(key("s"))
            out["picker"].append(list(await watch.until(target.picker_listed, start)))
            app.post_message(key("escape"))
            await settle(target.on_browser, 0.3)
    return out


def child(mode: str, kind: str, root: Path, db: Path, started: float) -> None:
    if mode == "warm":
        print(json.dumps({"warm": [[asyncio.run(_start_and_paint(kind, root, db, started)), 0.0]]}))
    else:
        print(json.dumps(asyncio.run(_interactive(kind, root, db))))


def run_child(mode: str, kind: str, n: int, code: str | None) -> dict[str, list[list[float]]]:
    env = {**os.environ}
    if code:
        env["PYTHONPATH"] = code + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as tmp:
        env.update(REPOTUI_CONFIG=f"{tmp}/none.toml", REPOTUI_STATE_DIR=f"{tmp}/state")
        args = [sys.executable, __file__, str(n), "--child", mode, "--kind", kind, "--started", str(time.time())]
        out = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if out.returncode:
        sys.exit(f"{kind} {mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}× floor" if floor > 0 else "(no floor)"


def report(label: str, samples: list[list[float]], floor: list[list[float]], cpu: bool = True) -> str:
    wall = [s[0] for s in samples]
    floor_wall = [s[0] for s in floor]
    med, p95 = statistics.median(wall), percentile(wall, 95)
    fmed, fp95 = statistics.median(floor_wall), percentile(floor_wall, 95)
    line = (f"{label}: median {med:.0f} ms = {ratio(med, fmed)}, p95 {p95:.0f} ms = {ratio(p95, fp95)}"
            f" (floor {fmed:.0f} / {fp95:.0f} ms")
    if cpu:
        cpu_med = statistics.median(s[1] for s in samples)
        floor_cpu = statistics.median(s[1] for s in floor)
        line += f"; CPU median {cpu_med:.0f} ms = {ratio(cpu_med, floor_cpu)}, floor {floor_cpu:.0f} ms"
    return line + f"; n={len(samples)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", metavar="SRC", help="also run the app from this source folder (old code)")
    parser.add_argument("--only", default="", help="comma list of figures (warm,interactive)")
    parser.add_argument("--child", choices=("warm", "interactive"))
    parser.add_argument("--kind", choices=("app", "floor"), default="app")
    parser.add_argument("--started", type=float, default=0.0)
    args = parser.parse_args()
    root = HERE / "data" / str(args.n) / "records"
    db = HERE / "data" / str(args.n) / "index.sqlite"
    if args.child:
        child(args.child, args.kind, root, db, args.started)
        return
    if not db.exists():
        sys.exit(f"build the index first: python benchmarks/bench_index.py {args.n} --phase build")
    kinds: list[tuple[str, str, str | None]] = [("floor", "floor", None), ("app", "app", None)]
    if args.compare:
        kinds.append(("old", "app", args.compare))
    only = set(filter(None, args.only.split(","))) or {"warm", "interactive"}
    results: dict[str, dict[str, list[list[float]]]] = {name: {} for name, _, _ in kinds}
    modes = [m for m in ("warm", "interactive") if m in only]
    for mode in modes:
        rounds = args.runs if mode == "warm" else max(1, args.runs // 2)
        for i in range(rounds):
            order = kinds if i % 2 == 0 else kinds[::-1]  # alternate who goes first
            for name, kind, code in order:
                for figure, values in run_child(mode, kind, args.n, code).items():
                    results[name].setdefault(figure, []).extend(values)
    print(f"records: {args.n:,}   runs: {args.runs}   load average {os.getloadavg()[0]:.1f} at the end")
    for figure, label in FIGURES:
        floor = results["floor"].get(figure)
        if not floor:
            continue
        for name in [k[0] for k in kinds if k[0] != "floor"]:
            samples = results[name].get(figure)
            if samples:
                prefix = f"[{name}] " if args.compare else ""
                print(prefix + report(label, samples, floor, cpu=figure != "warm"))


if __name__ == "__main__":
    main()
