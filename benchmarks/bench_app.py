"""Benchmark the real app, headless, on generated records (not a test; see benchmarks/RESULTS.md).

    python benchmarks/generate.py 100000           # once
    python benchmarks/bench_index.py 100000        # builds benchmarks/data/100000/index.sqlite
    python benchmarks/bench_app.py 100000 --runs 5

Measures, each as median (min–max) over runs:
- warm start: a fresh process, from its launch to the first frame showing the filled list
  (the index exists; the app shows it as it is and checks the folder afterwards);
- keystroke → updated list: a query typed key by key in the search box; for each key, the time
  until the first frame showing that query's results (the search box's debounce included);
- cursor move → updated detail: cursor down until the first frame showing the next record;
- a burst typed as a terminal sends it (`/` and a word, all keys posted to the app at once, through
  the type-ahead): until the first frame showing that word's results;
- `s` → the style picker's first frame with its list of styles (the catalogue index loaded at start).
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPED = ["cyber security", "author:ørs", "year:2019..2022", "quantum secur", "type:article has:pdf"]
BURSTS = ["cyber", "quantum", "energy", "brainox", "policy"] * 2


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


async def _start_and_paint(root: Path, db: Path, started: float) -> float:
    """Milliseconds from process start to the first frame written with the filled list."""
    from repotui.tui.app import RepoApp
    from repotui.tui.widgets.record_list import RecordList

    app = RepoApp(root, index_path=db)
    async with app.run_test(size=(120, 36)):
        frames = record_frames(app, time.time)
        record_list = app.query_one(RecordList)
        while not (app.browser.loaded and record_list.ids):
            await asyncio.sleep(0.001)
        filled = time.time()
        while not any(f > filled for f in frames):
            await asyncio.sleep(0.001)
        return (next(f for f in frames if f > filled) - started) * 1000


def child_warm_start(root: Path, db: Path, started: float) -> None:
    print(json.dumps({"ms": asyncio.run(_start_and_paint(root, db, started))}))


async def _interactive(root: Path, db: Path) -> dict[str, list[float]]:
    """Latency to the first frame written after the change, measured inside the app.

    Frames are timed by wrapping `App._display` (where a composed frame goes to the terminal);
    input is given as the widgets receive it (an action, a character inserted in the search
    box), so the pilot's own settling pauses are not counted.
    """
    from textual import events
    from textual.widgets import OptionList

    from repotui.tui.app import RepoApp
    from repotui.tui.widgets.record_detail import RecordDetail
    from repotui.tui.widgets.record_list import RecordList
    from repotui.tui.widgets.search_bar import SearchBar

    app = RepoApp(root, index_path=db)
    frames: list[float] = []  # replaced by the live list once the app runs
    keys: list[float] = []
    moves: list[float] = []
    bursts: list[float] = []
    picker: list[float] = []
    picker_cpu: list[float] = []
    modal: list[float] = []
    modal_cpu: list[float] = []

    async def next_frame_after(t: float) -> float:
        while not any(f > t for f in frames):
            await asyncio.sleep(0.0002)
        return next(f for f in frames if f > t)

    async with app.run_test(size=(120, 36)):
        frames = record_frames(app)
        record_list = app.query_one(RecordList)
        while not (app.browser.loaded and record_list.ids):
            await asyncio.sleep(0.01)
        await asyncio.sleep(3.0)  # let the start-up catch-up (warm + refresh) finish
        detail = app.query_one(RecordDetail)
        for _ in range(60):
            before = detail.record.id if detail.record else None
            frames.clear()
            t0 = time.perf_counter()
            record_list.action_cursor_down()
            while detail.record is None or detail.record.id == before:
                await asyncio.sleep(0.0002)
            changed = time.perf_counter()
            moves.append((await next_frame_after(changed) - t0) * 1000)
            await asyncio.sleep(0.03)
        search = app.query_one(SearchBar)
        search.focus()
        for text in TYPED:
            for i, char in enumerate(text):
                wanted = text[: i + 1]
                frames.clear()
                t0 = time.perf_counter()
                search.insert_text_at_cursor(char)
                while not ((result := app.browser.searching.result) is not None
                           and result.query.text == wanted and record_list.ids is result.ids):
                    await asyncio.sleep(0.0002)
                shown = time.perf_counter()
                keys.append((await next_frame_after(shown) - t0) * 1000)
                await asyncio.sleep(0.15)  # a typist's pause between keys
            search.value = ""
            while (result := app.browser.searching.result) is None or result.query.text:
                await asyncio.sleep(0.001)
        record_list.focus()
        await asyncio.sleep(0.2)
        for word in BURSTS if hasattr(app, "type_ahead") else []:  # code before type-ahead: letters are commands
            frames.clear()
            t0 = time.perf_counter()
            for char in "/" + word:  # as the driver posts keys that arrive in one read
                app.post_message(events.Key("slash" if char == "/" else char, char))
            while not ((result := app.browser.searching.result) is not None
                       and result.query.text == word and record_list.ids is result.ids):
                await asyncio.sleep(0.0002)
            bursts.append((await next_frame_after(time.perf_counter()) - t0) * 1000)
            app.post_message(events.Key("escape", None))  # clear the search, back to the list
            while (result := app.browser.searching.result) is None or result.query.text or not record_list.has_focus:
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.15)
        def picker_listed() -> bool:
            return app.screen is not app.browser and bool(app.screen.query(OptionList)) and bool(
                app.screen.query_one(OptionList).option_count)

        def help_shown() -> bool:
            return app.screen is not app.browser and app.screen.is_mounted

        # The help screen is the floor: a modal with one text, pushed over the same browser.
        for key, char, ready, wall, cpu in (("s", "s", picker_listed, picker, picker_cpu),
                                            ("question_mark", "?", help_shown, modal, modal_cpu)) * 5:
            frames.clear()
            t0, cpu0 = time.perf_counter(), time.process_time()
            app.post_message(events.Key(key, char))
            while not ready():
                await asyncio.sleep(0.0002)
            wall.append((await next_frame_after(time.perf_counter()) - t0) * 1000)
            cpu.append((time.process_time() - cpu0) * 1000)  # less sensitive to other processes
            app.post_message(events.Key("escape", None))
            while app.screen is not app.browser:
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.15)
    return {"keys": keys, "moves": moves, "bursts": bursts, "picker": picker, "picker_cpu": picker_cpu,
            "modal": modal, "modal_cpu": modal_cpu}


def child_interactive(root: Path, db: Path) -> None:
    print(json.dumps(asyncio.run(_interactive(root, db))))


def run_child(*args: str) -> dict:
    env = {**os.environ}
    with tempfile.TemporaryDirectory() as tmp:
        env.update(REPOTUI_CONFIG=f"{tmp}/none.toml", REPOTUI_STATE_DIR=f"{tmp}/state")
        out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env,
                             check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=("warm", "interactive"))
    parser.add_argument("--started", type=float, default=0.0)
    args = parser.parse_args()
    root = HERE / "data" / str(args.n) / "records"
    db = HERE / "data" / str(args.n) / "index.sqlite"
    if args.child == "warm":
        child_warm_start(root, db, args.started)
        return
    if args.child == "interactive":
        child_interactive(root, db)
        return
    if not db.exists():
        sys.exit(f"build the index first: python benchmarks/bench_index.py {args.n}")
    warm = [run_child(str(args.n), "--child", "warm", "--started", str(time.time()))["ms"]
            for _ in range(args.runs)]
    keys: list[float] = []
    moves: list[float] = []
    bursts: list[float] = []
    picker: list[float] = []
    picker_cpu: list[float] = []
    modal: list[float] = []
    modal_cpu: list[float] = []
    for _ in range(max(1, args.runs // 2)):
        result = run_child(str(args.n), "--child", "interactive")
        keys += result["keys"]
        moves += result["moves"]
        bursts += result.get("bursts", [])
        picker += result.get("picker", [])
        picker_cpu += result.get("picker_cpu", [])
        modal += result.get("modal", [])
        modal_cpu += result.get("modal_cpu", [])
    print(f"records: {args.n:,}   runs: {args.runs}")
    print(f"warm start to painted list: {spread(warm)}")
    print(f"keystroke -> updated list: p50 {percentile(keys, 50):.0f} ms, p95 {percentile(keys, 95):.0f} ms "
          f"({len(keys)} keys)")
    print(f"cursor move -> updated detail: median {statistics.median(moves):.1f} ms, "
          f"p95 {percentile(moves, 95):.1f} ms ({len(moves)} moves)")
    if bursts:
        print(f"burst '/word' -> list for the word: median {statistics.median(bursts):.0f} ms, "
              f"p95 {percentile(bursts, 95):.0f} ms ({len(bursts)} bursts)")
    if picker:
        floor, floor_cpu = statistics.median(modal), statistics.median(modal_cpu)
        print(f"s -> style picker listed: median {statistics.median(picker):.0f} ms (max {max(picker):.0f}), "
              f"CPU {statistics.median(picker_cpu):.0f} ms; floor (? -> help screen) {floor:.0f} ms, CPU "
              f"{floor_cpu:.0f} ms; ratio {statistics.median(picker) / floor:.2f} ({len(picker)} opens)")


if __name__ == "__main__":
    main()
