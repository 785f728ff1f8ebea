"""From checks to a verdict: each policy lists its routes to compliance (every check, or an
exception with the few checks it still needs); the verdict follows from which routes hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from repotui.core.ref.result import Check, CheckName, Outcome, Verdict


@dataclass(frozen=True, slots=True)
class Route:
    """One way to be compliant."""

    needs: tuple[CheckName, ...]
    because: str = ""
    """What the route rests on besides its checks ("a deposit exception is recorded"); empty for
    the ordinary route, whose reason is the dates themselves."""


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    reason: str
    missing: tuple[str, ...] = ()
    valid_until: dt.date | None = None


def _passed(check: Check) -> bool:
    return check.outcome is Outcome.PASSED


def _summary(checks: Sequence[Check]) -> str:
    """The dated facts of a compliant record, in one sentence."""
    facts = [c.fact for c in checks if c.fact and c.name is not CheckName.DISCOVERY
             and not (c.name is CheckName.ACCESS_EMBARGO and c.fact == "no embargo")]
    return "; ".join(facts) or "every check passes"


def decide(checks: Mapping[CheckName, Check], routes: Sequence[Route]) -> Decision:
    """Compliant when a route holds; not compliant when every route has a failed check; will
    become compliant when a route lacks only an open-access date that is not due yet; else cannot tell."""
    ordered = list(checks.values())
    valid = [c.valid_until for c in ordered if c.valid_until is not None]
    valid_until = min(valid) if valid else None
    plain = routes[0]
    for route in routes:
        needed = [checks[n] for n in route.needs]
        if all(_passed(c) for c in needed):
            if route.because:
                also = " and the " + " and ".join(n.label.lower() for n in route.needs) + " checks pass" \
                    if route.needs else ""
                return Decision(Verdict.COMPLIANT, route.because + also, valid_until=valid_until)
            return Decision(Verdict.COMPLIANT, _summary(needed), valid_until=valid_until)
    alive = [r for r in routes if not any(checks[n].outcome is Outcome.FAILED for n in r.needs)]
    if not alive:
        failed = next(checks[n] for n in plain.needs if checks[n].outcome is Outcome.FAILED)
        return Decision(Verdict.NOT_COMPLIANT, failed.reason, valid_until=valid_until)
    for route in alive:
        needed = [checks[n] for n in route.needs]
        waiting = [c for c in needed if c.pending]
        if waiting and all(_passed(c) or c.pending for c in needed):
            return Decision(Verdict.WILL_BECOME, waiting[0].reason, valid_until=valid_until)
    unknown = [checks[n] for r in alive for n in r.needs if checks[n].outcome is Outcome.UNKNOWN]
    first = unknown[0] if unknown else next(c for c in ordered if c.outcome is Outcome.UNKNOWN)
    missing = tuple(dict.fromkeys(field for c in unknown for field in c.missing))
    return Decision(Verdict.CANNOT_TELL, first.reason, missing, valid_until)
