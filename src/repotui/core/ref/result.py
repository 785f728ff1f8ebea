"""What a REF check returns: a verdict, each check with its outcome and reason, and how long the
answer holds (a verdict that waits on a deadline changes when the deadline passes)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from repotui.core.model import LabelledEnum


class Policy(LabelledEnum):
    """The two REF open-access policies a repository checks its records against."""

    REF2021 = "2021", "REF 2021"
    REF2029 = "2029", "REF 2029"


class Verdict(LabelledEnum):
    """The five answers, worded as the EPrints checker's report words them."""

    COMPLIANT = "compliant", "compliant"
    NOT_COMPLIANT = "not-compliant", "not compliant"
    OUT_OF_SCOPE = "out-of-scope", "out of scope"
    WILL_BECOME = "will-become-compliant", "will become compliant"
    CANNOT_TELL = "cannot-tell", "cannot tell"


_VERDICT_WORDS = {**{v.value: v for v in Verdict}, "will-become": Verdict.WILL_BECOME,
                  "noncompliant": Verdict.NOT_COMPLIANT, "non-compliant": Verdict.NOT_COMPLIANT,
                  "unknown": Verdict.CANNOT_TELL}


def parse_verdict(text: str) -> Verdict | None:
    """`compliant`, `not-compliant`, `out-of-scope`, `will-become[-compliant]`, `cannot-tell`
    (any case, spaces or underscores for hyphens); None for anything else. For search filters."""
    return _VERDICT_WORDS.get(re.sub(r"[\s_]+", "-", text.strip().lower()))


def parse_policy(text: str) -> Policy | None:
    """`2021`, `2029`, `ref2021`, `REF 2029`; None for anything else."""
    word = re.sub(r"^ref[\s_-]*", "", text.strip().lower())
    try:
        return Policy(word)
    except ValueError:
        return None


class Outcome(StrEnum):
    """One check's result. UNKNOWN also covers "not open yet, not late yet" (see `Check.due`)."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"


class CheckName(LabelledEnum):
    """The policy's requirements, in the order a report lists them."""

    DEPOSIT = "deposit", "Deposit"
    DISCOVERY = "discovery", "Discovery"
    ACCESS_TIMING = "access-timing", "Access: timing"
    ACCESS_EMBARGO = "access-embargo", "Access: embargo length"
    ACCESS_LICENCE = "access-licence", "Access: licence"


class Scope(StrEnum):
    """Which rules judged the record. `21-25`: REF 2029 judging a 2021–2025 output by REF 2021 rules."""

    OUT = "out"
    IN = "in"
    REF2021_RULES = "21-25"
    REF2029_RULES = "26-28"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Check:
    """One requirement, judged."""

    name: CheckName
    outcome: Outcome
    reason: str
    """One sentence naming the dates that decided it."""
    fact: str = ""
    """The reason without the rule ("deposited 2022-09-20, 27 days after acceptance on 2022-08-24"),
    for a verdict's summary sentence."""
    missing: tuple[str, ...] = ()
    """Record fields whose absence (or imprecision) left the outcome unknown, e.g. `dates.accepted`."""
    due: dt.date | None = None
    """Access timing only: not open access yet, and on time if opened by this day."""
    valid_until: dt.date | None = None
    """The last `as_of` day this outcome holds for; None when it never changes."""

    @property
    def pending(self) -> bool:
        return self.outcome is Outcome.UNKNOWN and self.due is not None


@dataclass(frozen=True, slots=True)
class Assessment:
    """One record judged against one policy on one day (`as_of`)."""

    record_id: str
    policy: Policy
    verdict: Verdict
    reason: str
    """One sentence: why this verdict, naming the dates (or the missing field) that decided it."""
    scope: Scope
    as_of: dt.date
    checks: tuple[Check, ...] = ()
    exceptions: tuple[str, ...] = ()
    """The exceptions recorded on the record that this policy knows."""
    missing: tuple[str, ...] = ()
    """For `cannot-tell`: the record fields that, recorded, would settle it."""
    valid_until: dt.date | None = None
    """The verdict holds for every `as_of` up to this day; None when it never changes. An index
    stores this beside the verdict and re-checks the record once the day has passed."""

    def check(self, name: CheckName) -> Check | None:
        return next((c for c in self.checks if c.name is name), None)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The verdict's reason, then each check's, labelled: what a report lists."""
        return (self.reason, *(f"{c.name.label}: {c.outcome.value}, {c.reason}" for c in self.checks))

    @property
    def changes_on(self) -> dt.date | None:
        """The first day the verdict may differ (the day after `valid_until`)."""
        if self.valid_until is None or self.valid_until >= dt.date.max:
            return None
        return self.valid_until + dt.timedelta(days=1)

    def is_current(self, today: dt.date) -> bool:
        """Whether a stored verdict still holds on `today` (never re-check before `changes_on`)."""
        return self.valid_until is None or today <= self.valid_until

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what `repotui ref --format json` prints for one record."""
        return {
            "id": self.record_id,
            "policy": self.policy.value,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "scope": self.scope.value,
            "checks": {c.name.value: {"result": c.outcome.value, "reason": c.reason,
                                      **({"missing": list(c.missing)} if c.missing else {}),
                                      **({"due": c.due.isoformat()} if c.due else {})}
                       for c in self.checks},
            "exceptions": list(self.exceptions),
            "missing": list(self.missing),
            "reasons": list(self.reasons),
            "as_of": self.as_of.isoformat(),
            "changes_on": self.changes_on.isoformat() if self.changes_on else None,
        }
