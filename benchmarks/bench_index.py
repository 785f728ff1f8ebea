"""Benchmark the index on generated records (not a test; see benchmarks/RESULTS.md).

    python benchmarks/generate.py 10000
    python benchmarks/bench_index.py 10000 --runs 3

Every measurement runs in a fresh subprocess (so peak RSS is per phase and caches inside
Python do not carry over). The OS page cache is warm for all phases after the first: the
floor and the build read the same, cached files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = {
    "common word": "results",
    "rare word": "brainox1417",
    "author prefix": "author:ørs",
    "field filter": "type:article has:pdf",
    "year range": "year:2019..2022",
    "two words + prefix": "quantum secur",
    "phrase": '"climate policy"',
    "negation": "energy -oa:yes",
}
TYPED = "cyber security"  # typed one key at a time: "c", "cy", "cyb", ...


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# -- phases, each run in its own process ------------------------------------------------------


def phase_floor(root: Path) -> dict[str, float]:
    import yaml

    from repotui.core.index import walk_records

    started = time.perf_counter()
    n = 0
    for rel, _size, _mtime in walk_records(root):
        with open(root / rel, "rb") as handle:
            yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)
        n += 1
    return {"seconds": time.perf_counter() - started, "files": n, "rss_mb": peak_rss_mb()}


def phase_load_records(root: Path) -> dict[str, float]:
    from repotui.core.loader import load_records

    started = time.perf_counter()
    result = load_records(root)
    return {"seconds": time.perf_counter() - started, "records": len(result.records), "rss_mb": peak_rss_mb()}


def phase_build(root: Path, db: Path, workers: int | None) -> dict[str, float]:
    from repotui.core.index import Library, walk_records

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    cpu = time.process_time()
    lib = Library.open(root, db, workers=workers)
    seconds = time.perf_counter() - started
    main_cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    lib.close()
    yaml_bytes = sum(size for _rel, size, _mtime in walk_records(root))
    return {"seconds": seconds, "records": lib.count, "rss_mb": peak_rss_mb(),
            "worker_rss_mb": child_peak_rss_mb(), "db_mb": db.stat().st_size / 1e6,
            "yaml_mb": yaml_bytes / 1e6, "main_cpu": main_cpu, "worker_cpu": children.ru_utime + children.ru_stime,
            "workers": getattr(lib.last_update, "workers", -1)}


def phase_warm(root: Path, db: Path, update: bool) -> dict[str, float]:
    """A fresh process: import, open the index, the sorted list and one screen of rows.

    update=False is how the app starts (show the index as it is, check the folder after);
    update=True also walks and stats every file before the list is ready.
    """
    started = time.perf_counter()
    from repotui.core.index import Library

    imported = time.perf_counter()
    lib = Library.open(root, db, update=update)
    opened = time.perf_counter()
    result = lib.search("")
    first = [lib.get(rid) for rid in result.ids[:60]]  # one screen of rows
    done = time.perf_counter()
    assert len(first) == min(60, lib.count)
    lib.warm()
    warmed = time.perf_counter()
    checked = 0.0
    if not update:
        lib.refresh()
        checked = time.perf_counter() - warmed
    return {"seconds": done - started, "import": imported - started, "open": opened - imported,
            "first_list": done - opened, "warm": warmed - done, "check": checked, "records": lib.count,
            "rss_mb": peak_rss_mb(), "unchanged": lib.last_update.unchanged}


def phase_queries(root: Path, db: Path, repeats: int) -> dict[str, object]:
    from repotui.core.index import Library

    lib = Library.open(root, db)
    lib.search("")  # the app shows the full list first
    lib.warm()  # what the TUI runs in its worker after open (filter sets)
    out: dict[str, object] = {}
    for label, text in QUERIES.items():
        times, cpu, hits = [], [], 0
        for _ in range(repeats):
            before = time.process_time()
            result = lib.search(text)
            cpu.append((time.process_time() - before) * 1000)
            times.append(result.elapsed_ms)
            hits = len(result.ids)
        out[label] = {"query": text, "hits": hits, **_percentiles(times), "cpu_p50": statistics.median(cpu)}
    typed_times = []
    for _ in range(max(1, repeats // 4)):
        for i in range(1, len(TYPED) + 1):
            typed_times.append(lib.search(TYPED[:i]).elapsed_ms)
    out["typing 'cyber security'"] = {"query": "each prefix", "hits": len(lib.search(TYPED).ids),
                                      **_percentiles(typed_times)}
    sorts = []
    for sort in ("deposited", "title", "author"):
        started = time.perf_counter()
        lib.search("results", sort=sort)
        sorts.append((time.perf_counter() - started) * 1000)
    out["first search in another sort"] = {"query": "results", "hits": 0, **_percentiles(sorts)}
    rng = random.Random(1)
    ids = lib.ids()
    gets = []
    for rid in rng.sample(ids, min(500, len(ids))):
        started = time.perf_counter()
        lib.get(rid)
        gets.append((time.perf_counter() - started) * 1000)
    out["get(id) uncached"] = {"query": "", "hits": 1, **_percentiles(gets)}
    facet_times = []
    everything = lib.search("").ids
    for _ in range(3):
        started = time.perf_counter()
        lib.facets(everything)
        facet_times.append((time.perf_counter() - started) * 1000)
    out["facets(all ids)"] = {"query": "", "hits": len(everything), **_percentiles(facet_times)}
    out["rss_mb"] = peak_rss_mb()
    return out


def phase_refresh(root: Path, db: Path) -> dict[str, float]:
    """Edit 10 files, then refresh an open library."""
    from repotui.core.index import Library

    lib = Library.open(root, db)
    files = sorted(root.rglob("*.yaml"))[:10]
    for path in files:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    started = time.perf_counter()
    stats = lib.refresh()
    seconds = time.perf_counter() - started
    for path in files:  # restore
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: Edited ", "title: ", 1), encoding="utf-8")
    lib.refresh()
    return {"seconds": seconds, "updated": len(stats.updated)}


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1], "n": len(ordered)}


# -- driver -------------------------------------------------------------------------------------


def run_phase(*args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def spread(values: list[float]) -> str:
    med = statistics.median(values)
    return f"{med:.2f} s (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10000)
    parser.add_argument("--root", type=Path)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--phase")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--skip", default="", help="comma list: floor,load,build,build0,warm,queries,refresh")
    args = parser.parse_args()
    root = args.root or HERE / "data" / str(args.n) / "records"
    db = args.db or HERE / "data" / str(args.n) / "index.sqlite"
    if args.phase:
        result: object
        if args.phase == "floor":
            result = phase_floor(root)
        elif args.phase == "load":
            result = phase_load_records(root)
        elif args.phase == "build":
            result = phase_build(root, db, args.workers)
        elif args.phase == "warm":
            result = phase_warm(root, db, update=False)
        elif args.phase == "warm-update":
            result = phase_warm(root, db, update=True)
        elif args.phase == "queries":
            result = phase_queries(root, db, args.repeats)
        elif args.phase == "refresh":
            result = phase_refresh(root, db)
        else:
            raise SystemExit(f"unknown phase {args.phase}")
        print(json.dumps(result))
        return
    if not root.is_dir():
        raise SystemExit(f"no records at {root}: run benchmarks/generate.py {args.n} first")
    skip = set(filter(None, args.skip.split(",")))
    common = ["--root", str(root), "--db", str(db)]
    print(f"# {args.n:,} records — {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, "
          f"load avg {os.getloadavg()[0]:.1f} at start")
    # Floor and builds are interleaved run by run, so a burst of load on the shared machine
    # hits both sides of the ratio alike.
    if "floor" not in skip:
        run_phase("floor", *common)  # warm the page cache
    floors: list[dict] = []
    builds: dict[str, list[dict]] = {"build": [], "build0": []}
    for _ in range(args.runs):
        if "floor" not in skip:
            floors.append(run_phase("floor", *common))
        for label, workers in (("build", args.workers), ("build0", 0)):
            if label not in skip:
                extra = ["--workers", str(workers)] if workers is not None else []
                builds[label].append(run_phase("build", *common, *extra))
    if floors:
        print(f"raw floor (read + CSafeLoader): {spread([f['seconds'] for f in floors])}")
    if "load" not in skip:
        loads = [run_phase("load", *common) for _ in range(max(1, args.runs - 1))]
        print(f"load_records (no index, today's loader): {spread([x['seconds'] for x in loads])}, "
              f"peak RSS {max(x['rss_mb'] for x in loads):.0f} MB")
    for label, runs in builds.items():
        if not runs:
            continue
        ratio = ""
        if floors:
            pairs = [b["seconds"] / f["seconds"] for b, f in zip(runs, floors, strict=False)]
            ratio = f" = {statistics.median(pairs):.2f}× floor (per-run ratios {', '.join(f'{p:.2f}' for p in pairs)})"
        last = runs[-1]
        print(f"cold build ({'inline' if label == 'build0' else 'default workers'}): "
              f"{spread([b['seconds'] for b in runs])}{ratio}; main RSS "
              f"{max(b['rss_mb'] for b in runs):.0f} MB, worker RSS {max(b['worker_rss_mb'] for b in runs):.0f} MB, "
              f"db {last['db_mb']:.0f} MB")
        if "yaml_mb" in last:
            per = 1000 / max(1, last["records"])
            print(f"    index / YAML folder: {last['db_mb']:.1f} MB / {last['yaml_mb']:.1f} MB = "
                  f"{last['db_mb'] / last['yaml_mb']:.2f}x; CPU per record (median): main "
                  f"{statistics.median(b['main_cpu'] for b in runs) * per:.3f} ms, workers "
                  f"{statistics.median(b['worker_cpu'] for b in runs) * per:.3f} ms "
                  f"({last['workers']} worker processes)")
    if "warm" not in skip:
        warms = [run_phase("warm", *common) for _ in range(args.runs + 2)]
        print(f"warm start, open(update=False) + sorted list + 60 rows (fresh process, incl. import): "
              f"{spread([w['seconds'] for w in warms])}; open {statistics.median(w['open'] for w in warms):.2f} s, "
              f"first list {statistics.median(w['first_list'] for w in warms):.3f} s; then warm() "
              f"{statistics.median(w['warm'] for w in warms):.2f} s and refresh() (walk + stat every file) "
              f"{statistics.median(w['check'] for w in warms):.2f} s in the background; "
              f"RSS {max(w['rss_mb'] for w in warms):.0f} MB")
        checked = [run_phase("warm-update", *common) for _ in range(args.runs)]
        print(f"warm start, open(update=True) (walks the folder first): {spread([w['seconds'] for w in checked])}")
    if "queries" not in skip:
        queries = run_phase("queries", *common)
        print(f"{'query':34} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8}")
        for label, row in queries.items():
            if label == "rss_mb":
                continue
            print(f"{label + ' ' + repr(row['query']):34.34} {row['hits']:7} {row['p50']:8.1f} "
                  f"{row['p95']:8.1f} {row['max']:8.1f} {row.get('cpu_p50', float('nan')):8.1f}")
        print(f"query process peak RSS {queries['rss_mb']:.0f} MB")
    if "refresh" not in skip:
        refresh = run_phase("refresh", *common)
        print(f"refresh after editing 10 files: {refresh['seconds']:.2f} s ({refresh['updated']} updated)")


if __name__ == "__main__":
    main()
