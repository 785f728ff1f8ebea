"""REF 2029 open-access policy (outputs first published 2026-01-01 … 2028-12-31); outputs
published 2021–2025 are judged by the REF 2021 rules, as the EPrints checker does."""

from __future__ import annotations

import dataclasses
import datetime as dt

from repotui.core.ref.calendar import within
from repotui.core.ref.checks import (
    Window,
    judge_deadline,
    judge_discovery,
    judge_embargo,
    judge_licence,
    judge_timing,
    judge_version_first,
)
from repotui.core.ref.inputs import RefInputs
from repotui.core.ref.ref2021 import assess_2021, conference_scope
from repotui.core.ref.result import Assessment, Check, CheckName, Outcome, Policy, Scope, Verdict
from repotui.core.ref.verdict import Route, decide

START, END = dt.date(2026, 1, 1), dt.date(2028, 12, 31)
EARLIER_START, EARLIER_END = dt.date(2021, 1, 1), dt.date(2025, 12, 31)
EXCEPTIONS = ("deposit", "access", "access-licence", "technical", "further")


def scope(i: RefInputs) -> tuple[Scope, str, tuple[str, ...]]:
    if i.output is None:
        return Scope.OUT, f"a {i.type_text.lower()} is not a journal article or conference paper", ()
    if i.published is not None:
        when = f"first published {i.published.text}"
        if within(i.published, START, END) is True:
            return conference_scope(i) or (Scope.REF2029_RULES, when, ())
        if within(i.published, EARLIER_START, EARLIER_END) is True:
            return Scope.REF2021_RULES, f"{when}, in 2021–2025: judged by the REF 2021 rules", ()
        if i.published.last < EARLIER_START:
            return Scope.OUT, f"{when}, before {EARLIER_START}", ()
        if i.published.first > END:
            return Scope.OUT, f"{when}, after {END}", ()
        return Scope.UNKNOWN, f"{when}: which period that falls in depends on the day ({i.published_field})", (
            i.published_field,)
    if i.accepted is not None:
        when = f"no publication date, and accepted {i.accepted.text}"
        if within(i.accepted, START, END) is True:
            return conference_scope(i) or (Scope.REF2029_RULES, when, ())
        if i.accepted.first > END:
            return Scope.OUT, f"{when}, after {END}", ()
        return Scope.UNKNOWN, (f"{when}: it may be published in 2021–2025 (REF 2021 rules) or later; the "
                               f"publication date ({i.online_field}) would tell"), (i.online_field,)
    return Scope.UNKNOWN, ("neither a publication date (dates.online) nor an acceptance date (dates.accepted) "
                           "is recorded"), ("dates.online", "dates.accepted")


def _windows(i: RefInputs) -> list[Window]:
    """No later than first publication + 3 months, or acceptance + 3 months. Acceptance comes
    first, so when publication is known a missing acceptance date changes nothing."""
    windows = [Window("first publication", i.online_field, i.online, 3)]
    if i.accepted is not None or i.online is None:
        windows.append(Window("acceptance", "dates.accepted", i.accepted, 3))
    return windows


def deposit(i: RefInputs) -> Check:
    if i.deposited is None:
        if i.version_ok is False:
            return Check(CheckName.DEPOSIT, Outcome.FAILED, i.version_note, i.version_note)
        return Check(CheckName.DEPOSIT, Outcome.UNKNOWN, "no deposit date is recorded (dates.deposited)",
                     "no deposit date", missing=("dates.deposited",))
    checked = judge_deadline(CheckName.DEPOSIT, "deposited", i.deposited, "dates.deposited", _windows(i))
    return judge_version_first(i, checked)


def timing(i: RefInputs, as_of: dt.date) -> Check:
    """Open no later than the embargo end; without one, within the deposit windows."""
    return judge_timing(i, [Window("the embargo end", i.embargo_field, i.embargo_end, 0)], _windows(i), as_of)


def assess_2029(i: RefInputs, as_of: dt.date) -> Assessment:
    where, why, unsure = scope(i)
    if where is Scope.REF2021_RULES:
        earlier = assess_2021(i, as_of, Policy.REF2029)
        if earlier.verdict is Verdict.OUT_OF_SCOPE:
            return dataclasses.replace(earlier, scope=Scope.OUT, reason=f"{why}; {earlier.reason}")
        return dataclasses.replace(earlier, scope=where, reason=f"{why}; {earlier.reason}")
    exceptions = tuple(e for e in i.exceptions if e in EXCEPTIONS)
    if where is Scope.OUT:
        return Assessment(i.record_id, Policy.REF2029, Verdict.OUT_OF_SCOPE, why, where, as_of, exceptions=exceptions)
    checks = {c.name: c for c in (deposit(i), judge_discovery(i), timing(i, as_of),
                                  judge_embargo(i, 6, 12), judge_licence(i))}
    deposit_ok = (CheckName.DEPOSIT, CheckName.DISCOVERY)
    routes = [Route(tuple(checks))]
    if i.gold:
        routes.append(Route((), f"gold open access ({i.gold_note})"))
    for name in ("deposit", "technical", "further"):
        if name in exceptions:
            routes.append(Route((), f"a {name} exception is recorded (ref.exception)"))
    if "access" in exceptions:
        routes.append(Route((*deposit_ok, CheckName.ACCESS_TIMING, CheckName.ACCESS_LICENCE),
                            "an access (embargo) exception is recorded (ref.exception)"))
    if "access-licence" in exceptions:
        routes.append(Route(deposit_ok, "an access (licence) exception is recorded (ref.exception)"))
    decision = decide(checks, routes)
    verdict, reason, missing = decision.verdict, decision.reason, decision.missing
    if where is Scope.UNKNOWN and (verdict is not Verdict.COMPLIANT
                                   or assess_2021(i, as_of).verdict is not Verdict.COMPLIANT):
        # It may be judged by either rule set: settled only when both say compliant.
        verdict, reason, missing = Verdict.CANNOT_TELL, why, tuple(dict.fromkeys((*unsure, *missing)))
    return Assessment(i.record_id, Policy.REF2029, verdict, reason, where, as_of, tuple(checks.values()),
                      exceptions, missing if verdict is Verdict.CANNOT_TELL else (), decision.valid_until)
