"""Generate N realistic repository records as YAML files (for the index benchmark, not tests).

    python benchmarks/generate.py 10000            # → benchmarks/data/10000/records/
    python benchmarks/generate.py 100000 --out /tmp/recs

Records are ~1.5 KB: title, 1–20 authors (some non-ASCII names), an abstract drawn from a
Zipf-like vocabulary (so there are common and rare words), keywords, journal, DOI, licence,
repository dates and files. Deterministic for a given N and seed. Scalars are written as
JSON strings (valid YAML) so generating 100k files takes seconds, not minutes.

The repository dates follow an output's life for the REF open-access check: accepted, first
online a few weeks later, deposited mostly within 3 months of acceptance (some late, some with no
deposit date), made open access on deposit or when an embargo (6–36 months, on the file or the
record) ends, a few never opened. Some records name a REF panel, a few an exception, a few are
withdrawn. Nothing happens after CUTOFF, so recent outputs wait on embargoes and deadlines as in
a live repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
from pathlib import Path
from typing import Any

FAMILIES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
            "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson",
            "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis",
            "Rodríguez", "García", "Müller", "Schäfer", "Ørsted", "Søndergaard", "Łukasiewicz", "Dvořák",
            "Nguyễn", "Çelik", "Ólafsdóttir", "Zhang", "Wang", "Li", "Chen", "Kowalski", "Novák", "Beckerman",
            "O'Brien", "MacDonald", "van der Berg", "de Souza", "Hernández", "Fernández", "Yılmaz", "Papadopoulos"]
GIVENS = ["Alice", "Ben", "Carly E", "David", "Emma", "Farah", "George", "Hannah", "Ian", "Julia", "Kwame",
          "Laura", "Mohammed", "Nina", "Oliver", "Priya", "Quentin", "Rosa", "Søren", "Tomás", "Ulrike",
          "Véronique", "Wei", "Xavier", "Yusuf", "Zoë", "Łukasz", "José", "Anaïs", "Björn"]
JOURNALS = ["Journal of Cybersecurity", "Nature Communications", "Physical Review Letters",
            "The Lancet", "Journal of Applied Ecology", "British Journal of Sociology", "Energy Policy",
            "Journal of Fluid Mechanics", "Medieval Archaeology", "Modern Asian Studies",
            "Monthly Notices of the Royal Astronomical Society", "Journal of Chemical Physics",
            "Review of International Studies", "Annals of Mathematics", "Geophysical Research Letters"]
PUBLISHERS = ["Oxford University Press", "Elsevier", "Springer", "Wiley", "Cambridge University Press",
              "American Physical Society", "Taylor & Francis", "SAGE"]
LICENCES = ["CC-BY-4.0", "CC-BY-4.0", "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-NC-ND-4.0", "CC-BY-SA-4.0",
            "CC0-1.0", None, None, None]
TYPES = ["article-journal"] * 14 + ["chapter", "book", "paper-conference", "paper-conference", "thesis",
                                    "report", "dataset"]
#: The day the generated repository is "as of": no date after it is written.
CUTOFF = dt.date(2026, 11, 30)
EMBARGO_MONTHS = [6, 6, 12, 12, 12, 18, 24, 24, 36]
VERSIONS = ["AAM"] * 5 + ["VoR"] * 4 + ["SMUR"]
EXCEPTIONS = ["deposit", "access", "technical", "further", "access-licence"]
STEMS = ["theor", "model", "analysis", "effect", "system", "network", "quantum", "climate", "policy", "social", "energy", "data", "learn", "structure", "dynamic", "evidence", "cell", "protein", "galaxy", "water", "urban", "health", "risk", "market", "language", "history", "state", "power", "migration", "ocean", "carbon", "field", "flow", "surface", "signal", "memory", "child", "school", "law", "security", "cyber", "conflict", "war", "peace", "trade", "growth", "gene", "brain", "sleep", "heart", "cancer", "virus", "vaccine", "soil", "forest", "river", "ice", "star", "planet", "dust", "magnet", "spin", "laser", "photon", "electron", "crystal", "polymer", "catalyst", "algorithm", "graph", "matrix", "proof", "number", "prime", "group", "ring", "manifold"]
SUFFIXES = ["", "s", "ic", "ical", "ing", "ed", "ation", "ity", "ism", "ist", "ive"]
FUNCTION = ["the", "of", "and", "in", "to", "a", "is", "that", "for", "we", "with", "on", "as", "by", "this", "are", "from", "an", "which", "be", "at", "these", "our", "results", "show", "using", "between", "its", "two", "study", "new", "can", "also", "has", "both", "here"]


def make_vocabulary(rng: random.Random) -> list[str]:
    words = [s + x for s in STEMS for x in SUFFIXES]
    rng.shuffle(words)
    # Rare words: invented terms that appear in only a few records each.
    words += [f"{rng.choice(STEMS)}{rng.choice(['ox', 'yl', 'ene', 'ase', 'ite', 'on'])}{i}" for i in range(5000)]
    return words


def zipf_pick(rng: random.Random, words: list[str], s: float = 1.1) -> str:
    # Inverse-CDF sampling of a Zipf-like rank: small ranks are common.
    rank = int(len(words) ** rng.random() ** s) - 1
    return words[min(rank, len(words) - 1)]


def sentence(rng: random.Random, vocab: list[str], n: int) -> str:
    out = []
    for _ in range(n):
        out.append(rng.choice(FUNCTION) if rng.random() < 0.45 else zipf_pick(rng, vocab))
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def date(rng: random.Random, year: int, parts: int = 3) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return [f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"][parts - 1]


def ref_life(rng: random.Random, published: dt.date, open_licence: bool) -> dict[str, Any]:
    """Dates and REF fields for one output published on `published` (see the module docstring)."""
    day = dt.timedelta
    accepted = published - day(rng.randint(20, 240))
    online = min(published, accepted + day(rng.randint(7, 90)))
    roll = rng.random()
    if roll < 0.78:
        deposited: dt.date | None = accepted + day(rng.randint(0, 90))  # on time
    elif roll < 0.84:
        deposited = accepted + day(rng.randint(91, 92))  # the edge: 3 months and a day or two
    elif roll < 0.93:
        deposited = accepted + day(rng.randint(93, 900))  # late
    else:
        deposited = None  # not recorded
    embargo_end = None
    if rng.random() < 0.25:
        months = rng.choice(EMBARGO_MONTHS)
        embargo_end = add_months(online, months)
    opened: dt.date | None = None
    if deposited is not None and rng.random() < 0.9:
        start = max(deposited, embargo_end) if embargo_end else deposited
        opened = start + day(rng.randint(0, 25) if rng.random() < 0.92 else rng.randint(26, 400))
    dates: dict[str, str] = {}
    for name, value in (("accepted", accepted if rng.random() < 0.9 else None), ("online", online),
                        ("deposited", deposited), ("open-access", opened)):
        if value is not None and value <= CUTOFF:
            dates[name] = value.isoformat()
    on_file = embargo_end is not None and rng.random() < 0.7
    if embargo_end is not None and not on_file:
        dates["embargo-end"] = embargo_end.isoformat()
    is_open = "open-access" in dates
    status = "public" if is_open else ("restricted" if deposited and deposited <= CUTOFF else rng.choice(
        ["none", "restricted"] if not open_licence else ["public", "restricted"]))
    ref: dict[str, str] = {}
    if rng.random() < 0.4:
        ref["panel"] = rng.choice("ABCD")
    if rng.random() < 0.02:
        ref["exception"] = rng.choice(EXCEPTIONS)
    return {"dates": dates, "status": status, "version": rng.choice(VERSIONS),
            "file_embargo": embargo_end.isoformat() if on_file and embargo_end else None,
            "withdrawn": rng.random() < 0.005, "ref": ref}


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months, a month end rolling over (as the REF checker counts them)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, 1) + dt.timedelta(days=day.day - 1)


def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def record_yaml(i: int, rng: random.Random, vocab: list[str]) -> str:
    year = rng.choice(range(1975, 2026)) if rng.random() < 0.3 else rng.randint(2008, 2025)
    year = 2026 if rng.random() < 0.03 else year  # the first REF 2029 outputs
    rtype = rng.choice(TYPES)
    title = sentence(rng, vocab, rng.randint(5, 14)).rstrip(".")
    lines = [f"id: gen-{i:06d}", f"type: {rtype}", f"title: {q(title)}", "author:"]
    for _ in range(min(20, max(1, int(rng.expovariate(1 / 3.0)) + 1))):
        lines += [f"- family: {q(rng.choice(FAMILIES))}", f"  given: {q(rng.choice(GIVENS))}"]
    published = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    lines.append(f"issued: {published.isoformat()[:rng.choice((4, 7, 10))]}")
    if rtype in ("article-journal", "paper-conference"):
        lines += [f"container-title: {q(rng.choice(JOURNALS))}", f"volume: {q(str(rng.randint(1, 120)))}",
                  f"issue: {q(str(rng.randint(1, 12)))}", f"page: \"{(p := rng.randint(1, 900))}-{p + rng.randint(5, 30)}\""]
    lines.append(f"publisher: {q(rng.choice(PUBLISHERS))}")
    if rng.random() < 0.85:
        lines.append(f"DOI: 10.{rng.randint(1000, 9999)}/gen.{i:06d}")
    if rng.random() < 0.92:
        abstract = " ".join(sentence(rng, vocab, rng.randint(10, 24)) for _ in range(rng.randint(4, 7)))
        lines.append(f"abstract: {q(abstract)}")
    lines.append(f"keyword: [{', '.join(q(zipf_pick(rng, vocab)) for _ in range(rng.randint(2, 6)))}]")
    lines.append("language: en")
    lic = rng.choice(LICENCES)
    if lic:
        lines += ["licence:", f"  id: {lic}"]
    life = ref_life(rng, published, open_licence=lic is not None)
    lines += ["dates:", *(f"  {name}: {value}" for name, value in life["dates"].items())]
    lines.append(f"peer-reviewed: {'true' if rng.random() < 0.8 else 'false'}")
    status = life["status"]
    lines += ["full-text:", f"  status: {status}", f"  version: {life['version']}"]
    if status != "none":
        lines += ["files:", f"- url: https://repository.example.org/{i}/1/file{i}.pdf", "  format: application/pdf",
                  f"  size: {rng.randint(100_000, 9_000_000)}", f"  version: {life['version']}"]
        if life["file_embargo"]:
            lines.append(f"  embargo: {life['file_embargo']}")
    if life["withdrawn"]:
        lines.append("withdrawn: true")
    if life["ref"]:
        lines += ["ref:", *(f"  {key}: {value}" for key, value in life["ref"].items())]
    lines += ["repository:", "  name: Example Research Online", f"  id: {q(str(i))}",
              f"  url: https://repository.example.org/{i}/"]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = 42, per_folder: int = 1000) -> Path:
    rng = random.Random(seed)
    vocab = make_vocabulary(rng)
    for i in range(n):
        folder = out / f"{i // per_folder:04d}"
        if i % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"gen-{i:06d}.yaml").write_text(record_yaml(i, rng, vocab), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    out = args.out or Path(__file__).parent / "data" / str(args.n) / "records"
    started = time.perf_counter()
    generate(args.n, out, args.seed)
    print(f"{args.n:,} records in {out} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
