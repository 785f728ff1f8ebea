"""Benchmark the REF parts on generated records (not a test; see benchmarks/RESULTS.md, "REF").

    python benchmarks/generate.py 100000 --out /tmp/bench/records
    python benchmarks/bench_ref.py --root /tmp/bench/records --db /tmp/bench/index.sqlite --runs 5

Each phase runs in a fresh process. Every REF figure is paired with a floor measured in the
same process, interleaved run by run, so load from other processes hits both alike:

* `ref:` filters against the in-memory filter they are built like (`oa:no`, a set of similar
  size; `type:article`), as `Library.search` times them (parse, sets, order);
* the report (`Library.ref_report`, what R counts) against `Library.facets` for the same ids
  (the facet panel's count, the cheapest count the app already makes);
* a new day (verdicts that expired, judged again in memory);
* `repotui ref`'s work for the `ref:not-compliant` records: from the index now
  (`get_many` + judging) against re-reading each file (`loader.load_file`, what it did before);
* in the real app (headless, 120x36): R → the first frame showing the report, against
  `f` → the first frame showing the facet counts;
* what judging adds to building the index: `ref_columns` per record against `loader.load_file`
  (the parse every build does) for the same files.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOORS = {"oa:no": "floor: set filter of similar size", "type:article": "floor: type filter"}
REF_QUERIES = ["ref:not-compliant", "ref:compliant", "ref2029:not-compliant", "embargoed:yes",
               "ref:will-become", "energy ref:not-compliant"]
REPORT_QUERIES = ["", "year:2014..", "ref:not-compliant"]


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50": statistics.median(ordered), "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
            "max": ordered[-1], "n": len(ordered)}


def phase_core(root: Path, db: Path, runs: int, repeats: int) -> dict[str, object]:
    from repotui.core.index import Library
    from repotui.core.ref import Policy

    started = time.perf_counter()
    lib = Library.open(root, db, update=False)
    lib.search("")
    lib.warm()
    opened = time.perf_counter() - started
    first = time.perf_counter()
    lib.search("ref:not-compliant")  # the day's REF sets are made on first use
    first_ref = (time.perf_counter() - first) * 1000
    times: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for _ in range(runs):  # interleaved: floor, REF, floor, REF ...
        for text in [*FLOORS, *REF_QUERIES]:
            for _ in range(repeats):
                result = lib.search(text)
                times.setdefault(text, []).append(result.elapsed_ms)
                hits[text] = len(result.ids)
    reports: dict[str, list[float]] = {}
    facets: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    for _ in range(runs):
        for text in REPORT_QUERIES:
            ids = lib.search(text).ids
            sizes[text] = len(ids)
            for _ in range(max(3, repeats // 5)):
                t0 = time.perf_counter()
                lib.facets(ids)
                facets.setdefault(text, []).append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                report = lib.ref_report(ids, Policy.REF2021)
                reports.setdefault(text, []).append((time.perf_counter() - t0) * 1000)
    days = {}
    sets = lib._filter_sets()
    for ahead in (1, 30, 365):
        day = lib.today() + dt.timedelta(days=ahead)
        t0 = time.perf_counter()
        view = sets.ref.on(day)
        days[f"+{ahead} days"] = {"ms": (time.perf_counter() - t0) * 1000, "rejudged": view.rejudged}
    return {"open_warm_s": opened, "first_ref_ms": first_ref, "count": lib.count,
            "queries": {t: {"hits": hits[t], **_ms(v)} for t, v in times.items()},
            "reports": {t: {"ids": sizes[t], "report": _ms(reports[t]), "facets": _ms(facets[t]),
                            "not_compliant": len(report.not_compliant) if t == REPORT_QUERIES[-1] else None}
                        for t in REPORT_QUERIES},
            "days": days, "expiring": len(sets.ref.until),
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def phase_cli(root: Path, db: Path, runs: int) -> dict[str, object]:
    """`repotui ref`'s work for the not-compliant records: from the index, and from the files."""
    from repotui.core.index import Library
    from repotui.core.loader import load_file
    from repotui.core.ref import Policy, assess_inputs, inputs_of

    lib = Library.open(root, db, update=False)
    ids = list(lib.search("ref:not-compliant").ids)
    today = dt.date.today()
    index_s, files_s = [], []
    for _ in range(runs):
        lib._cache.clear()  # every record decoded again, as in a fresh `repotui ref`
        t0 = time.perf_counter()
        judged = [assess_inputs(inputs_of(r), Policy.REF2021, today) for r in lib.get_many(ids)]
        index_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for record in lib.get_many(ids[: len(ids) // 10]):  # a tenth: the old way is slow
            load_file(Path(record.path))
        files_s.append((time.perf_counter() - t0) * 10)
    assert len(judged) == len(ids)
    return {"records": len(ids), "index_s": statistics.median(index_s), "files_s": statistics.median(files_s),
            "index_runs": index_s, "files_runs": files_s}


def phase_parse(root: Path, runs: int, n: int = 2000) -> dict[str, object]:
    """Per record: the REF columns (judging both policies, the embargo) against parsing the file."""
    from repotui.core.index.verdicts import ref_columns
    from repotui.core.loader import load_file
    from repotui.core.walk import walk_records

    paths = [root / rel for rel, _size, _mtime in walk_records(root)][:n]
    parse_us, ref_us = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        records = [load_file(p)[0] for p in paths]
        parse_us.append((time.perf_counter() - t0) / len(paths) * 1e6)
        t0 = time.perf_counter()
        for record in records:
            assert record is not None
            ref_columns(record)
        ref_us.append((time.perf_counter() - t0) / len(paths) * 1e6)
    return {"files": len(paths), "parse_us": statistics.median(parse_us), "ref_us": statistics.median(ref_us),
            "ratios": [r / p for r, p in zip(ref_us, parse_us, strict=True)]}


async def _app(root: Path, db: Path, runs: int) -> dict[str, list[float]]:
    """R → first frame with the report; floors: `?` → first frame with the help screen (another
    screen pushed), f → first frame with the facet counts (another count of the same ids)."""
    sys.path.insert(0, str(HERE))
    from bench_app import record_frames

    from repotui.tui.app import RepoApp
    from repotui.tui.screens.help import HelpScreen
    from repotui.tui.screens.ref_report import RefReportScreen

    app = RepoApp(root, index_path=db)
    out: dict[str, list[float]] = {"report": [], "help": [], "facets": []}
    async with app.run_test(size=(120, 36)) as pilot:
        frames = record_frames(app)
        while not (app.browser.loaded and app.browser.record_list.ids):
            await asyncio.sleep(0.01)
        await asyncio.sleep(3.0)  # the start-up catch-up (warm + refresh)

        async def frame_after(t: float) -> float:
            while not any(f > t for f in frames):
                await asyncio.sleep(0.0002)
            return next(f for f in frames if f > t)

        for _ in range(runs):
            frames.clear()
            t0 = time.perf_counter()
            app.browser.action_ref_report()
            while not (isinstance(app.screen, RefReportScreen) and app.screen.report is not None
                       and app.screen.chart._lines):
                await asyncio.sleep(0.0002)
            out["report"].append((await frame_after(time.perf_counter()) - t0) * 1000)
            await pilot.press("escape")
            await asyncio.sleep(0.3)
            frames.clear()
            t0 = time.perf_counter()
            app.browser.action_help()
            while not isinstance(app.screen, HelpScreen):
                await asyncio.sleep(0.0002)
            out["help"].append((await frame_after(time.perf_counter()) - t0) * 1000)
            await pilot.press("escape")
            await asyncio.sleep(0.3)
            panel = app.browser.facet_panel
            frames.clear()
            t0 = time.perf_counter()
            app.browser.action_toggle_facets()
            while not panel.option_count:
                await asyncio.sleep(0.0002)
            out["facets"].append((await frame_after(time.perf_counter()) - t0) * 1000)
            app.browser.action_toggle_facets()
            panel.clear_options()
            await asyncio.sleep(0.3)
    return out


def run_phase(*args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--phase")
    parser.add_argument("--skip", default="", help="comma list: parse,core,cli,app")
    args = parser.parse_args()
    if args.phase:
        if args.phase == "core":
            result: object = phase_core(args.root, args.db, args.runs, args.repeats)
        elif args.phase == "cli":
            result = phase_cli(args.root, args.db, args.runs)
        elif args.phase == "parse":
            result = phase_parse(args.root, args.runs)
        else:
            result = asyncio.run(_app(args.root, args.db, args.runs))
        print(json.dumps(result))
        return
    skip = set(filter(None, args.skip.split(",")))
    common = ["--root", str(args.root), "--db", str(args.db), "--runs", str(args.runs)]
    print(f"# load avg {os.getloadavg()[0]:.1f} at start")
    if "parse" not in skip:
        parse = run_phase("parse", *common)
        print(f"per record ({parse['files']:,} files): parse (load_file) {parse['parse_us']:.0f} µs, REF columns "
              f"{parse['ref_us']:.0f} µs = {statistics.median(parse['ratios']):.2f}× the parse (per run "
              f"{', '.join(f'{r:.2f}' for r in parse['ratios'])})")
    if "core" not in skip:
        core = run_phase("core", *common, "--repeats", str(args.repeats))
        print(f"{core['count']:,} records; open + warm {core['open_warm_s']:.2f} s; first REF query "
              f"(makes the day's REF sets) {core['first_ref_ms']:.0f} ms; rows that expire: {core['expiring']:,}; "
              f"peak RSS {core['rss_mb']:.0f} MB")
        queries = core["queries"]
        floor = queries["oa:no"]["p50"]
        print(f"{'query':28} {'hits':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'÷ oa:no p50':>11}")
        for text, row in queries.items():
            print(f"{text:28} {row['hits']:7,} {row['p50']:7.1f} {row['p95']:7.1f} {row['max']:7.1f} "
                  f"{row['p50'] / floor:11.2f}")
        print(f"{'report for':28} {'ids':>7} {'report p50':>10} {'p95':>6} {'facets p50':>10} {'ratio':>6}")
        for text, row in core["reports"].items():
            rep, fac = row["report"], row["facets"]
            print(f"{text!r:28} {row['ids']:7,} {rep['p50']:10.1f} {rep['p95']:6.1f} {fac['p50']:10.1f} "
                  f"{rep['p50'] / fac['p50']:6.2f}")
        for label, row in core["days"].items():
            print(f"new day {label}: {row['ms']:.0f} ms, {row['rejudged']:,} rows judged again")
    if "cli" not in skip:
        cli = run_phase("cli", *common)
        print(f"`repotui ref ref:not-compliant` work for {cli['records']:,} records: from the index "
              f"{cli['index_s']:.2f} s, re-reading the files {cli['files_s']:.1f} s "
              f"({cli['files_s'] / cli['index_s']:.1f}×)")
    if "app" not in skip:
        app = run_phase("app", *common)
        names = {"report": "R → report", "help": "? → help screen (floor)", "facets": "f → facet counts (floor)"}
        for label, name in names.items():
            values = app[label]
            print(f"app: {name}: median {statistics.median(values):.0f} ms (min {min(values):.0f}, "
                  f"max {max(values):.0f}, n={len(values)})")
        pairs = [r / h for r, h in zip(app["report"], app["help"], strict=True)]
        print(f"app: R ÷ ? per run: {', '.join(f'{p:.2f}' for p in pairs)} (median {statistics.median(pairs):.2f})")


if __name__ == "__main__":
    main()
