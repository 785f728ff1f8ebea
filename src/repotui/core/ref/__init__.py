"""UK REF open-access compliance, per record, for REF 2021 and REF 2029 (no UI, no I/O).

    from repotui.core.ref import Policy, assess
    result = assess(record, Policy.REF2021, as_of=datetime.date.today())
    result.verdict        # Verdict.COMPLIANT ... Verdict.CANNOT_TELL
    result.reason         # one sentence naming the dates that decided it
    result.checks         # deposit, discovery, access timing / embargo length (/ licence in 2029)
    result.valid_until    # None, or the last day this verdict holds (re-check after it)

The rules follow the spec (/work/shared/specs/ref-open-access.md) as the EPrints REF Compliance
Checker applies them, month ends rolling over as its Perl does; docs/ref.md says what each verdict
means, .notes/ref.md where the spec left a choice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from repotui.core.model import DateKind, FileRef, PartialDate, Record
from repotui.core.ref.calendar import Span, add_months
from repotui.core.ref.inputs import RefInputs, inputs_of
from repotui.core.ref.ref2021 import assess_2021
from repotui.core.ref.ref2029 import assess_2029
from repotui.core.ref.report import (
    VERDICT_ORDER,
    RefReport,
    YearCounts,
    make_report,
    percent_text,
    percentages,
    tally,
)
from repotui.core.ref.result import (
    Assessment,
    Check,
    CheckName,
    Outcome,
    Policy,
    Scope,
    Verdict,
    parse_policy,
    parse_verdict,
)

__all__ = [
    "VERDICT_ORDER", "Assessment", "Check", "CheckName", "Embargo", "Outcome", "Policy", "RefInputs",
    "RefReport", "Scope", "Verdict", "YearCounts", "add_months", "assess", "assess_all", "assess_inputs",
    "embargo_lifts", "file_embargo", "files_embargoes", "inputs_of", "make_report", "parse_policy",
    "parse_verdict", "percent_text", "percentages", "record_embargo", "tally",
]


def assess_inputs(inputs: RefInputs, policy: Policy, as_of: dt.date) -> Assessment:
    """Judge already-read inputs (read them once with `inputs_of` to judge both policies)."""
    return assess_2021(inputs, as_of) if policy is Policy.REF2021 else assess_2029(inputs, as_of)


def assess(record: Record, policy: Policy, as_of: dt.date) -> Assessment:
    """One record against one policy on day `as_of` (today, for the live verdict)."""
    return assess_inputs(inputs_of(record), policy, as_of)


def assess_all(record: Record, as_of: dt.date) -> dict[Policy, Assessment]:
    """Both policies, reading the record once: what an index stores per record."""
    inputs = inputs_of(record)
    return {policy: assess_inputs(inputs, policy, as_of) for policy in Policy}


@dataclass(frozen=True, slots=True)
class Embargo:
    """A file or record closed until `until` (the day it opens)."""

    until: PartialDate
    opens: dt.date
    """The day it opens; for a date known only to the month or year, the last day it may be."""
    days_left: int

    @property
    def valid_until(self) -> dt.date:
        """The last day it is still embargoed (an index re-checks after it)."""
        return self.opens - dt.timedelta(days=1)

    def text(self) -> str:
        """`embargoed until 15 May 2027 (165 days)`."""
        about = "" if self.until.day else "about "
        days = f"{about}{self.days_left:,} day{'s' if self.days_left != 1 else ''}"
        return f"embargoed until {self.until.display()} ({days})"


def _embargo(until: PartialDate | None, as_of: dt.date) -> Embargo | None:
    if until is None:
        return None
    opens = Span.of(until).last
    if as_of >= opens:
        return None
    return Embargo(until, opens, (opens - as_of).days)


def file_embargo(file: FileRef, as_of: dt.date) -> Embargo | None:
    """The file's embargo if it is still running on `as_of`, else None."""
    return _embargo(file.embargo, as_of)


def record_embargo(record: Record, as_of: dt.date) -> Embargo | None:
    """Embargoed on `as_of` (search's `embargoed:yes`): the earliest running embargo of its live
    files, else `dates.embargo-end`. A record whose files all opened is not embargoed."""
    running = [e for f in record.files if not f.withdrawn and (e := file_embargo(f, as_of))]
    if running:
        return min(running, key=lambda e: e.opens)
    if any(f.embargo for f in record.files):
        return None
    return _embargo(record.date(DateKind.EMBARGO_END), as_of)


def files_embargoes(record: Record, as_of: dt.date) -> list[Embargo | None]:
    """Each file's running embargo on `as_of` (None: open, or withdrawn): the file's own, else,
    when no file of the record has an embargo date, the record's `dates.embargo-end`. What the
    detail pane shows on each file and what stops `o` downloading a remote one (the repository
    serves a login page, not the file, until then)."""
    if any(f.embargo for f in record.files):
        return [None if f.withdrawn else file_embargo(f, as_of) for f in record.files]
    whole = _embargo(record.date(DateKind.EMBARGO_END), as_of)
    return [None if f.withdrawn else whole for f in record.files]


def embargo_lifts(record: Record) -> dt.date | None:
    """The day the record's last embargo lifts (None: no embargo). What an index stores for
    `embargoed:yes|no`: embargoed on a day iff the day is before this one, the same answer as
    `record_embargo(record, day) is not None`, without re-reading the record each day."""
    ends = [f.embargo for f in record.files if f.embargo and not f.withdrawn]
    if not ends and not any(f.embargo for f in record.files):
        ends = [d for d in (record.date(DateKind.EMBARGO_END),) if d]
    return max((Span.of(d).last for d in ends), default=None)
