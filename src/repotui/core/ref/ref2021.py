"""REF 2021 open-access policy (outputs accepted from 1 April 2016), as the EPrints REF Compliance
Checker applies it: /work/shared/specs/ref-open-access.md, docs/ref.md."""

from __future__ import annotations

import datetime as dt

from repotui.core.ref.calendar import before
from repotui.core.ref.checks import (
    Window,
    judge_deadline,
    judge_discovery,
    judge_embargo,
    judge_timing,
    judge_version_first,
)
from repotui.core.ref.inputs import RefInputs
from repotui.core.ref.result import Assessment, Check, CheckName, Outcome, Policy, Scope, Verdict
from repotui.core.ref.verdict import Route, decide

START = dt.date(2016, 4, 1)
"""Outputs accepted (or, with no acceptance date, first published) before this are out of scope."""
APRIL_2018 = dt.date(2018, 4, 1)
"""Before this, first online + 3 months also counted for deposit."""
EXCEPTIONS = ("deposit", "access", "technical", "further")


def scope(i: RefInputs) -> tuple[Scope, str, tuple[str, ...]]:
    """In or out of the policy, why, and what is missing when it cannot be told."""
    if i.output is None:
        return Scope.OUT, f"a {i.type_text.lower()} is not a journal article or conference paper", ()
    if i.accepted is not None:
        day, said = i.accepted, f"accepted {i.accepted.text}"
    elif i.published is not None:
        day, said = i.published, f"no acceptance date, and first published {i.published.text}"
    else:
        return Scope.UNKNOWN, ("neither an acceptance date (dates.accepted) nor a publication date "
                               f"({i.online_field}) is recorded"), ("dates.accepted", i.online_field)
    early = before(day, START)
    if early is True:
        return Scope.OUT, f"{said}, before {START}", ()
    if early is None:  # a month or year straddling the start: a full acceptance date settles it
        return Scope.UNKNOWN, f"{said}: whether that is before {START} depends on the day (dates.accepted)", (
            "dates.accepted",)
    return conference_scope(i) or (Scope.IN, "", ())


def conference_scope(i: RefInputs) -> tuple[Scope, str, tuple[str, ...]] | None:
    """Conference papers count only when published with an ISSN (both policies)."""
    if i.output != "conference paper" or i.issn:
        return None
    if i.isbn:
        return Scope.OUT, "a conference paper published with an ISBN and no ISSN: only proceedings with an ISSN count", ()
    return Scope.UNKNOWN, ("a conference paper with no ISSN recorded: only proceedings with an ISSN count (ISSN)"), (
        "ISSN",)


def deposit(i: RefInputs) -> Check:
    """An AAM or VoR deposited no later than acceptance + 3 months (or first online + 3 months
    for outputs accepted before 2018-04-01; with no acceptance date, for those first online before)."""
    if i.deposited is None:
        if i.version_ok is False:
            return Check(CheckName.DEPOSIT, Outcome.FAILED, i.version_note, i.version_note)
        return Check(CheckName.DEPOSIT, Outcome.UNKNOWN, "no deposit date is recorded (dates.deposited)",
                     "no deposit date", missing=("dates.deposited",))
    windows: list[Window] = []
    if i.accepted is not None:
        windows.append(Window("acceptance", "dates.accepted", i.accepted, 3))
        early = before(i.accepted, APRIL_2018)
        if early is not False:
            windows.append(Window("first online publication", i.online_field, i.online, 3, applies=early,
                                  condition=f"as it was accepted before {APRIL_2018}",
                                  condition_field="dates.accepted"))
    elif i.online is not None:
        early = before(i.online, APRIL_2018)
        if early is not False:
            windows.append(Window("first online publication", i.online_field, i.online, 3, applies=early,
                                  condition=f"as it was first published online before {APRIL_2018}",
                                  condition_field=i.online_field))
        if early is not True:
            windows.append(Window("acceptance", "dates.accepted", None, 3))
            windows.append(Window("first online publication", i.online_field, i.online, 3, bound_only=True,
                                  condition="acceptance"))
    else:
        windows.append(Window("acceptance", "dates.accepted", None, 3))
    checked = judge_deadline(CheckName.DEPOSIT, "deposited", i.deposited, "dates.deposited", windows)
    return judge_version_first(i, checked)


def timing(i: RefInputs, as_of: dt.date) -> Check:
    """Open no later than a month after the embargo end, or after deposit when there is no embargo."""
    return judge_timing(i, [Window("the embargo end", i.embargo_field, i.embargo_end, 1)],
                        [Window("deposit", "dates.deposited", i.deposited, 1)], as_of)


def assess_2021(i: RefInputs, as_of: dt.date, policy: Policy = Policy.REF2021) -> Assessment:
    where, why, unsure = scope(i)
    exceptions = tuple(e for e in i.exceptions if e in EXCEPTIONS)
    if where is Scope.OUT:
        return Assessment(i.record_id, policy, Verdict.OUT_OF_SCOPE, why, where, as_of, exceptions=exceptions)
    checks = {c.name: c for c in (deposit(i), judge_discovery(i), judge_embargo(i, 12, 24),
                                  timing(i, as_of))}
    routes = [Route(tuple(checks))]
    for name in ("deposit", "technical", "further"):
        if name in exceptions:
            routes.append(Route((), f"a {name} exception is recorded (ref.exception)"))
    if "access" in exceptions:
        routes.append(Route((CheckName.DEPOSIT, CheckName.DISCOVERY), "an access exception is recorded (ref.exception)"))
    decision = decide(checks, routes)
    verdict, reason, missing = decision.verdict, decision.reason, decision.missing
    if where is Scope.UNKNOWN and verdict is not Verdict.COMPLIANT:
        # Out of scope would make it compliant too, so only a compliant record is settled here.
        verdict, reason, missing = Verdict.CANNOT_TELL, why, tuple(dict.fromkeys((*unsure, *missing)))
    return Assessment(i.record_id, policy, verdict, reason, where, as_of, tuple(checks.values()), exceptions,
                      missing if verdict is Verdict.CANNOT_TELL else (), decision.valid_until)

