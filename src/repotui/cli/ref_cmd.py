"""`repotui ref [QUERY...]`: the REF open-access verdict of every matching record.

The query is the app's search language (as `repotui list`); the records are judged against one
policy (`--policy 2021|2029`) on one day (`--as-of`, default today). A table for people, JSON
for scripts, or CSV with the columns of a repository's REF report. Exit 0 (also when nothing
matched); 2 for a bad date, policy or folder.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from repotui.cli.common import EXIT_OK, make_context, report_config_problems
from repotui.cli.querying import add_query_command, print_table, search
from repotui.core.model import Record
from repotui.core.problems import Severity
from repotui.core.ref import Assessment, Policy, Verdict, assess_inputs, inputs_of, parse_policy

if TYPE_CHECKING:
    from repotui.cli.common import Subcommands

HELP = "check records against the UK REF open-access policy (REF 2021 or REF 2029)"
CSV_COLUMNS = ("id", "title", "type", "accepted", "first online", "deposited", "first open access",
               "embargo end", "panel", "exception", "verdict", "reasons")
#: A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _policy(text: str) -> Policy:
    policy = parse_policy(text)
    if policy is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a REF policy (use 2021 or 2029)")
    return policy


def _day(text: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # fromisoformat also takes 20221128, 2022-W48-1
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def register(sub: Subcommands, parent: argparse.ArgumentParser) -> None:
    parser = add_query_command(sub, parent, "ref", HELP, (
        "repotui ref", "repotui ref year:2022 --policy 2029", "repotui ref cyber security dilemma --format json",
        "repotui ref ref:not-compliant year:2022..", "repotui ref type:article --format csv > ref-report.csv"))
    parser.add_argument("--policy", type=_policy, default=Policy.REF2021, metavar="2021|2029",
                        help="which policy (default 2021)")
    parser.add_argument("--as-of", type=_day, default=None, metavar="YYYY-MM-DD",
                        help="judge as on this day: what is due by then (default today)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ctx = make_context(args)
    report_config_problems(ctx)
    as_of: dt.date = args.as_of or dt.date.today()
    found = search(ctx, args.query, as_of=as_of)  # `ref:` and `embargoed:` in the query judge on the same day
    if isinstance(found, int):
        return found
    library, result = found
    # The index keeps every field the rules read (withdrawn, ref, file embargoes): no file is read again.
    judged = [(record, assess_inputs(inputs_of(record), args.policy, as_of)) for record in library.get_many(result.ids)]
    if args.format == "json":
        items = [{**a.to_dict(), "title": r.title, "type": r.type} for r, a in judged]
        print(json.dumps(items, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        write_csv(sys.stdout, judged)
    else:
        if judged:
            _table(judged)
    print(summary([a for _r, a in judged], args.policy, as_of), file=sys.stderr)
    broken = len({p.path for p in library.problems if p.severity is Severity.ERROR})
    if broken:
        print(f"repotui: {broken:,} file{'s' if broken != 1 else ''} could not be read and "
              f"{'are' if broken != 1 else 'is'} not judged (`repotui check` lists why)", file=sys.stderr)
    return EXIT_OK


def summary(results: Sequence[Assessment], policy: Policy, as_of: dt.date) -> str:
    """`34 records, REF 2021 as of 2026-11-28: 1 compliant, 33 out of scope`."""
    counts = Counter(a.verdict for a in results)
    parts = [f"{counts[v]:,} {v.label}" for v in Verdict if counts[v]]
    noun = "record" if len(results) == 1 else "records"
    return f"{len(results):,} {noun}, {policy.label} as of {as_of}" + (f": {', '.join(parts)}" if parts else "")


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def csv_row(record: Record, result: Assessment) -> list[str]:
    """One row of the REF report: the dates as recorded, the verdict and every reason."""
    i = inputs_of(record)
    values = [record.id, record.title, record.type, i.accepted.text if i.accepted else "",
              i.online.text if i.online else "", i.deposited.text if i.deposited else "",
              i.open_access.text if i.open_access else "", i.embargo_end.text if i.embargo_end else "",
              record.ref.panel or "", "; ".join(record.ref.exceptions), result.verdict.value,
              " | ".join(result.reasons)]
    return [_cell(v) for v in values]


def write_csv(out: IO[str], judged: Sequence[tuple[Record, Assessment]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record, result in judged:
        writer.writerow(csv_row(record, result))


_STYLES = {Verdict.COMPLIANT: "green", Verdict.NOT_COMPLIANT: "bold red", Verdict.WILL_BECOME: "cyan",
           Verdict.CANNOT_TELL: "yellow", Verdict.OUT_OF_SCOPE: "dim"}


_COLUMNS: list[tuple[str, dict[str, Any]]] = [
    ("verdict", {"no_wrap": True}), ("id", {"no_wrap": True}), ("title", {"ratio": 1, "max_width": 40}),
    ("reason", {"ratio": 2})]


def _table(judged: Sequence[tuple[Record, Assessment]]) -> None:
    from rich.text import Text

    print_table(_COLUMNS, ([Text(result.verdict.label, style=_STYLES[result.verdict]), Text(record.id),
                            Text(record.title), Text(result.reason)] for record, result in judged))
