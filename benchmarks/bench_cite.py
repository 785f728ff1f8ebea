"""Benchmark citations: 100 records in each of the reference styles (not a test).

    python benchmarks/bench_cite.py            # 100 records, 5 runs
    python benchmarks/bench_cite.py --n 100 --runs 7

Each run uses a fresh `Citer` (empty cache) on an already started pandoc worker, so it measures
rendering, not start-up; the worker's start-up is reported on its own. Records are generated in a
temp folder (varied types, 1-21 authors, some sharing an author and year) and loaded with the
real loader. Reports the median and the spread.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from repotui.adapters.pandoc import PandocEngine
from repotui.core.citation import Citer
from repotui.core.loader import load_records

STYLES = ("house", "apa", "harvard-cite-them-right", "chicago-author-date", "modern-language-association",
          "ieee", "nlm-citation-sequence")
FAMILIES = ["Okafor", "García", "Chen", "Patel", "Nakamura", "Müller", "Smith", "O'Brien", "Kowalski", "Ng",
            "Fraser", "Hall", "Moreau", "Lindqvist", "Silva", "Khan", "Taylor", "Jones", "Reid", "Whitfield"]
GIVENS = ["Ngozi", "María José", "Wei", "Anjali", "Nao", "Jürgen", "Jane", "Seán", "Anna", "Lily"]
WORDS = ["river", "carbon", "soil", "data", "repository", "open", "access", "citation", "survey", "model", "network", "learning", "policy"]
TYPES = ["article-journal"] * 6 + ["book", "chapter", "thesis", "paper-conference", "report"]


def generate(folder: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for i in range(n):
        kind = rng.choice(TYPES)
        authors = [{"family": rng.choice(FAMILIES), "given": rng.choice(GIVENS)}
                   for _ in range(rng.choice([1, 1, 2, 3, 5, 21]))]
        record = {"id": f"b{i:05d}", "type": kind, "title": " ".join(rng.sample(WORDS, 5)).capitalize(),
                  "author": authors, "issued": rng.randint(2000, 2024)}
        if kind in ("article-journal", "chapter", "paper-conference"):
            record["container-title"] = "Journal of " + rng.choice(WORDS).capitalize()
            record["page"] = f"{rng.randint(1, 300)}-{rng.randint(301, 600)}"
        if kind == "article-journal":
            record.update({"volume": str(rng.randint(1, 80)), "issue": str(rng.randint(1, 12)),
                           "DOI": f"10.1234/bench.{i}"})
        if kind in ("book", "chapter", "thesis", "report", "paper-conference"):
            record["publisher"] = "Durham University" if kind == "thesis" else "Oxford University Press"
        (folder / f"b{i:05d}.yaml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="repotui-bench-") as tmp:
        generate(Path(tmp), args.n)
        records = load_records(Path(tmp)).records
        assert len(records) == args.n
        with PandocEngine() as engine:
            t0 = time.perf_counter()
            Citer(engine).render(records[0], "ieee", "en-US")
            print(f"worker start + first citation: {(time.perf_counter() - t0) * 1000:.0f} ms")
            print(f"{'style':<30} {'median ms':>10} {'min':>7} {'max':>7}  ({args.n} citations, {args.runs} runs)")
            for style in STYLES:
                times = []
                for _ in range(args.runs):
                    citer = Citer(engine, use_house_citation=False)
                    t0 = time.perf_counter()
                    out = citer.render_many(records, style, "en-GB")
                    times.append((time.perf_counter() - t0) * 1000)
                    assert len(out) == args.n
                print(f"{style:<30} {statistics.median(times):>10.0f} {min(times):>7.0f} {max(times):>7.0f}")
            citer = Citer(engine)
            citer.render_many(records, "apa", "en-GB")
            t0 = time.perf_counter()
            citer.render_many(records, "apa", "en-GB")
            print(f"{'apa, all cached':<30} {(time.perf_counter() - t0) * 1000:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
