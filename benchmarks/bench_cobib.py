"""repotui beside coBib, the closest real tool (a Textual bibliography browser), on the same records
(not a test; see benchmarks/RESULTS.md). coBib is never part of repotui: install it on its own,

    python3 -m venv /tmp/cobib-venv && /tmp/cobib-venv/bin/pip install cobib==6.0.3
    python benchmarks/bench_cobib.py 1000 --cobib /tmp/cobib-venv/bin/python --runs 3
    python benchmarks/bench_cobib.py 10000 --cobib /tmp/cobib-venv/bin/python --runs 3

The generated records (`generate.py N`) are converted to a coBib database (one YAML file: label,
type, title, authors, year, month, journal, volume, issue, pages, DOI, abstract, keywords, URL) in
a temporary XDG home, written with coBib's own YAML writer. Both apps run headless at 120×36 with
the same frame hook (`bench_app.FrameWatch`); keys are posted to each app as the terminal driver
posts them:
- launch → filled list: a fresh process, from its start to the first frame whose list holds every
  record (coBib: its database cache made by an untimed first run, as a user sees it every day
  after the first; the first run without a cache is reported on its own);
- cursor key → detail: `down` in the list (coBib: `j`) until the frame showing the next record in
  the side pane.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MOVES = 40


def to_entries(root: Path, out: Path) -> int:
    """The records as plain fields for coBib (run with repotui's Python)."""
    from repotui.core.loader import load_records

    entries = []
    for record in load_records(root).records:
        issued = record.issued
        authors = [{"first": p.given or "", "last": p.family or p.literal or ""} for p in record.authors]
        entries.append({
            "label": record.id, "ENTRYTYPE": "article" if "article" in record.type else "misc",
            "title": record.title, "author": authors,
            "year": issued.year if issued else None, "month": getattr(issued, "month", None) if issued else None,
            "journal": record.container_title or "", "volume": record.volume or "",
            "number": record.issue or "", "pages": record.page or "",
            "doi": record.doi or "", "abstract": record.abstract or "", "url": record.landing_url or "",
            "keywords": list(record.keywords),
        })
    out.write_text(json.dumps(entries), encoding="utf-8")
    return len(entries)


def write_database(entries_json: Path, home: Path) -> None:
    """coBib's database from the plain fields (run with coBib's Python, its own writer)."""
    os.environ.update(XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
                      XDG_CONFIG_HOME=str(home / "config"))
    from cobib.database.author import Author
    from cobib.database.entry import Entry
    from cobib.parsers.yaml import YAMLParser

    parser = YAMLParser()
    target = home / "data" / "cobib" / "literature.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as stream:
        for raw in json.loads(entries_json.read_text(encoding="utf-8")):
            label = raw.pop("label")
            raw["author"] = [Author(a["first"], a["last"]) for a in raw["author"]]
            data = {k: v for k, v in raw.items() if v not in (None, "", [])}
            stream.write(parser.dump(Entry(label, data)) or "")


async def _cobib(home: Path, started: float, moves: int) -> dict[str, Any]:
    """coBib's TUI: launch → filled list, then cursor keys (run with coBib's Python)."""
    os.environ.update(XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"),
                      XDG_CONFIG_HOME=str(home / "config"))
    sys.path.insert(0, str(HERE))
    from bench_app import FrameWatch, key, now
    from cobib.ui.components import ListView
    from cobib.ui.tui import TUI

    app = TUI()
    shown: list[str] = []
    show_entry = app._show_entry

    def tracked(*args: Any, **kwargs: Any) -> None:
        show_entry(*args, **kwargs)
        with contextlib.suppress(Exception):  # the list is being replaced
            shown.append(app.query_one(ListView).get_current_label() or "")

    app._show_entry = tracked  # type: ignore[method-assign]
    out: dict[str, Any] = {"moves": []}
    async with app.run_test(size=(120, 36)):
        watch = FrameWatch(app)

        def filled() -> bool:
            tables = app.query(ListView)
            return bool(tables) and tables.first().row_count > 0 and bool(shown)

        await watch.until(filled, now(), timeout=1800)
        out["start_ms"] = (watch.epoch - started) * 1000
        out["rows"] = app.query_one(ListView).row_count
        await asyncio.sleep(2.0)
        for _ in range(moves):
            table = app.query_one(ListView)
            before = len(shown)
            start = now()
            app.post_message(key("j"))
            out["moves"].append(list(await watch.until(
                lambda t=table, b=before: len(shown) > b and t.cursor_row > 0, start)))
            await asyncio.sleep(0.03)
    return out


async def _repotui(n: int, started: float, moves: int) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from bench_app import FrameWatch, RealTarget, key, now

    root = HERE / "data" / str(n) / "records"
    target = RealTarget(root, root.parent / "index.sqlite")
    out: dict[str, Any] = {"moves": []}
    async with target.app.run_test(size=(120, 36)):
        watch = FrameWatch(target.app)
        await watch.until(target.filled, now())
        out["start_ms"] = (watch.epoch - started) * 1000
        out["rows"] = len(target.app.browser.record_list.ids)
        await asyncio.sleep(2.0)
        for _ in range(moves):
            wanted = target.record_at(1)
            start = now()
            target.app.post_message(key("down"))
            out["moves"].append(list(await watch.until(lambda w=wanted: target.shown_record() == w, start)))
            await asyncio.sleep(0.03)
    return out


def run(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False)
    if done.returncode:
        sys.exit(f"{cmd[:3]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(name: str, starts: list[float], moves: list[list[float]]) -> str:
    wall = sorted(m[0] for m in moves)
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    return (f"{name}: launch -> filled list median {statistics.median(starts):,.0f} ms "
            f"({min(starts):,.0f}–{max(starts):,.0f}); cursor key -> next record shown median "
            f"{statistics.median(wall):.0f} ms, p95 {p95:.0f} ms, CPU median "
            f"{statistics.median(m[1] for m in moves):.0f} ms (n={len(wall)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--cobib", required=False, help="the Python of a venv with coBib installed")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=("entries", "database", "cobib", "repotui"))
    parser.add_argument("--home", type=Path)
    parser.add_argument("--started", type=float, default=0.0)
    parser.add_argument("--moves", type=int, default=MOVES)
    args = parser.parse_args()
    if args.child == "entries":
        print(json.dumps({"entries": to_entries(HERE / "data" / str(args.n) / "records", args.home / "entries.json")}))
        return
    if args.child == "database":
        write_database(args.home / "entries.json", args.home)
        print(json.dumps({"ok": True}))
        return
    if args.child == "cobib":
        print(json.dumps(asyncio.run(_cobib(args.home, args.started, args.moves))))
        return
    if args.child == "repotui":
        print(json.dumps(asyncio.run(_repotui(args.n, args.started, args.moves))))
        return
    if not args.cobib:
        sys.exit("--cobib PYTHON is required (a venv with coBib installed)")
    me = [sys.executable, __file__, str(args.n)]
    with tempfile.TemporaryDirectory(prefix="cobib-bench-") as tmp:
        home = Path(tmp)
        count = run([*me, "--child", "entries", "--home", str(home)])["entries"]
        run([args.cobib, __file__, str(args.n), "--child", "database", "--home", str(home)])
        cold = run([args.cobib, __file__, str(args.n), "--child", "cobib", "--home", str(home),
                    "--started", str(time.time()), "--moves", "0"])
        cobib_starts, cobib_moves, ours_starts, ours_moves = [], [], [], []
        with tempfile.TemporaryDirectory() as state:
            ours_env = {"REPOTUI_CONFIG": f"{state}/none.toml", "REPOTUI_STATE_DIR": f"{state}/state"}
            for _ in range(args.runs):  # alternated, so load from other processes hits both
                got = run([args.cobib, __file__, str(args.n), "--child", "cobib", "--home", str(home),
                           "--started", str(time.time()), "--moves", str(args.moves)])
                cobib_starts.append(got["start_ms"])
                cobib_moves += got["moves"]
                got = run([*me, "--child", "repotui", "--started", str(time.time()), "--moves", str(args.moves)],
                          ours_env)
                ours_starts.append(got["start_ms"])
                ours_moves += got["moves"]
    print(f"records: {count:,} (coBib list rows {cold['rows']:,})   runs: {args.runs}   "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"coBib first launch (no database cache yet) -> filled list: {cold['start_ms']:,.0f} ms")
    print(summary("coBib  ", cobib_starts, cobib_moves))
    print(summary("repotui", ours_starts, ours_moves))
    ratio = statistics.median(cobib_starts) / statistics.median(ours_starts)
    moves_ratio = statistics.median(m[0] for m in cobib_moves) / statistics.median(m[0] for m in ours_moves)
    print(f"coBib / repotui: launch {ratio:.1f}×, cursor key {moves_ratio:.1f}× (median)")


if __name__ == "__main__":
    main()
