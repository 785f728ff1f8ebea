"""REF 2029: scope by publication period (2021–2025 judged by the 2021 rules), deposit and open
access within 3 months of publication, shorter embargoes, the licence, gold and the exceptions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from repotui.core.loader import load_records
from repotui.core.ref import CheckName, Outcome, Policy, Scope, Verdict, assess
from tests.core.ref.support import AS_OF, judge, outcome

REPO = Path(__file__).resolve().parents[3]
P = Policy.REF2029
#: Published 2026-03-10 (limit +3: 2026-06-10), accepted 2026-01-05 (limit +3: 2026-04-05).
GOOD = {"accepted": "2026-01-05", "online": "2026-03-10", "deposited": "2026-03-12", "open_access": "2026-03-12",
        "version": "AAM", "licence": "CC-BY-4.0"}


def good(**changes: object) -> dict[str, object]:
    return {**GOOD, **changes}


def verdict29(as_of: dt.date = AS_OF, **fields: object) -> str:
    return judge(P, as_of, **fields).verdict.value


def test_the_seed_record_is_judged_by_the_2021_rules_and_compliant() -> None:
    records = {r.id: r for r in load_records(REPO / "records").records}
    result = assess(records["dro-37008"], P, AS_OF)
    assert (result.verdict, result.scope, result.policy) == (Verdict.COMPLIANT, Scope.REF2021_RULES, P)
    assert result.reason.startswith("first published 2022-09-19, in 2021–2025: judged by the REF 2021 rules; deposited")


def test_a_good_record_passes_all_five_checks() -> None:
    result = judge(P, **good())
    assert result.verdict is Verdict.COMPLIANT and result.scope is Scope.REF2029_RULES
    assert [c.name for c in result.checks] == [CheckName.DEPOSIT, CheckName.DISCOVERY, CheckName.ACCESS_TIMING,
                                               CheckName.ACCESS_EMBARGO, CheckName.ACCESS_LICENCE]
    assert all(c.outcome is Outcome.PASSED for c in result.checks)


# -- scope ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("online", "scope"), [
    ("2020-12-31", Scope.OUT), ("2021-01-01", Scope.REF2021_RULES), ("2025-12-31", Scope.REF2021_RULES),
    ("2026-01-01", Scope.REF2029_RULES), ("2028-12-31", Scope.REF2029_RULES), ("2029-01-01", Scope.OUT),
])
def test_scope_by_first_publication(online: str, scope: Scope) -> None:
    assert judge(P, **good(online=online, accepted=None)).scope is scope


def test_a_publication_year_is_enough_for_the_period() -> None:
    assert judge(P, **good(online=None, issued=2026)).scope is Scope.REF2029_RULES
    assert judge(P, **good(online=None, issued=2023)).scope is Scope.REF2021_RULES
    assert judge(P, **good(online=None, published="2019-05")).scope is Scope.OUT


@pytest.mark.parametrize(("accepted", "scope", "verdict"), [
    ("2026-01-01", Scope.REF2029_RULES, "compliant"), ("2028-12-31", Scope.REF2029_RULES, "compliant"),
    ("2029-01-01", Scope.OUT, "out-of-scope"),
    ("2025-12-31", Scope.UNKNOWN, "compliant"),  # compliant by the 2021 and the 2029 rules alike
])
def test_scope_by_acceptance_without_a_publication_date(accepted: str, scope: Scope, verdict: str) -> None:
    result = judge(P, **good(online=None, accepted=accepted, deposited=accepted, open_access=accepted))
    assert (result.scope, result.verdict.value) == (scope, verdict)


def test_unknown_period_where_the_rule_sets_disagree_cannot_tell() -> None:
    """Open two months after deposit: on time by 2029 rules (acceptance + 3), late by 2021 rules
    (deposit + 1 month); without a publication date it is not known which apply."""
    fields = good(online=None, accepted="2025-12-31", deposited="2025-12-31", open_access="2026-02-28")
    result = judge(P, **fields)
    assert (result.scope, result.verdict) == (Scope.UNKNOWN, Verdict.CANNOT_TELL)
    assert result.missing[0] == "dates.online" and "2021–2025" in result.reason


def test_no_dates_cannot_tell() -> None:
    result = judge(P, deposited="2026-02-01")
    assert result.verdict is Verdict.CANNOT_TELL and result.missing[:2] == ("dates.online", "dates.accepted")


def test_out_of_scope_types() -> None:
    assert verdict29(type="thesis", **good()) == "out-of-scope"


def test_2021_to_2025_outputs_get_the_2021_verdict_and_checks() -> None:
    fields = good(online="2023-03-10", accepted="2023-01-05", deposited="2023-05-01", open_access="2023-05-01")
    ours, theirs = judge(P, **fields), judge(Policy.REF2021, **fields)
    assert ours.verdict is theirs.verdict is Verdict.NOT_COMPLIANT
    assert ours.checks == theirs.checks and ours.policy is P
    assert ours.reason.endswith(theirs.reason)


def test_accepted_before_2016_but_published_in_2021_is_out_of_scope() -> None:
    result = judge(P, **good(online="2021-02-01", accepted="2016-01-01"))
    assert (result.verdict, result.scope) == (Verdict.OUT_OF_SCOPE, Scope.OUT)


# -- deposit and access timing: 3 months after publication (or acceptance) ------------------

@pytest.mark.parametrize(("deposited", "expected"), [
    ("2026-06-09", "passed"), ("2026-06-10", "passed"), ("2026-06-11", "failed"),
])
def test_deposit_within_three_months_of_publication(deposited: str, expected: str) -> None:
    assert outcome("deposit", P, **good(deposited=deposited, open_access=deposited)) == expected


@pytest.mark.parametrize(("deposited", "expected"), [
    ("2026-04-05", "passed"), ("2026-04-06", "unknown"),
])
def test_without_publication_acceptance_counts_and_nothing_fails_it(deposited: str, expected: str) -> None:
    check = judge(P, **good(online=None, deposited=deposited)).check(CheckName.DEPOSIT)
    assert check is not None and check.outcome.value == expected
    if expected == "unknown":
        assert check.missing == ("dates.online",)


def test_without_acceptance_a_late_deposit_after_publication_still_fails() -> None:
    assert outcome("deposit", P, **good(accepted=None, deposited="2026-06-11")) == "failed"
    assert outcome("deposit", P, **good(accepted=None, deposited="2026-06-10")) == "passed"


def test_publication_at_a_month_end_rolls_over() -> None:
    assert outcome("deposit", P, **good(online="2026-11-30", accepted="2026-10-01", deposited="2027-03-02")) == "passed"
    assert outcome("deposit", P, **good(online="2026-11-30", accepted="2026-10-01", deposited="2027-03-03")) == "failed"


@pytest.mark.parametrize(("open_access", "expected"), [
    ("2026-06-10", "passed"), ("2026-06-11", "failed"),
])
def test_open_within_three_months_of_publication(open_access: str, expected: str) -> None:
    assert outcome("access-timing", P, **good(open_access=open_access)) == expected


@pytest.mark.parametrize(("open_access", "expected"), [
    ("2026-09-09", "passed"), ("2026-09-10", "passed"), ("2026-09-11", "failed"),  # no month of grace in 2029
])
def test_with_an_embargo_open_by_its_end(open_access: str, expected: str) -> None:
    fields = good(embargo_end="2026-09-10", panel="A", open_access=open_access)
    assert outcome("access-timing", P, **fields) == expected


# -- embargo length: 6 months (A, B), 12 (C, D) --------------------------------------------

@pytest.mark.parametrize(("panel", "end", "expected"), [
    ("A", "2026-09-10", "passed"), ("B", "2026-09-11", "failed"),
    ("C", "2027-03-10", "passed"), ("D", "2027-03-11", "failed"),
    (None, "2026-09-10", "passed"), (None, "2026-12-01", "unknown"), (None, "2027-03-11", "failed"),
])
def test_embargo_length(panel: str | None, end: str, expected: str) -> None:
    assert outcome("access-embargo", P, **good(embargo_end=end, panel=panel, open_access=end)) == expected


# -- licence ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("licence", "expected"), [
    ("CC-BY-4.0", "passed"), ("CC-BY-NC-4.0", "passed"), ("CC-BY-ND-4.0", "passed"),
    ("CC-BY-NC-ND-4.0", "passed"), ("cc_by_nc_nd", "passed"), ("CC-BY-2.0-UK", "passed"),
    ("https://creativecommons.org/licenses/by-nc/3.0/", "passed"),
    ("CC-BY-SA-4.0", "failed"), ("CC-BY-NC-SA-4.0", "failed"), ("CC0-1.0", "failed"),
    ("All rights reserved", "failed"), (None, "unknown"),
])
def test_licence(licence: str | None, expected: str) -> None:
    check = judge(P, **good(licence=licence)).check(CheckName.ACCESS_LICENCE)
    assert check is not None and check.outcome.value == expected
    if expected == "unknown":
        assert check.missing == ("licence",)


def test_publisher_agreement_passes_the_licence() -> None:
    assert outcome("access-licence", P, **good(licence="CC-BY-SA-4.0", agreement=True)) == "passed"


# -- gold and exceptions ---------------------------------------------------------------------

LATE = good(deposited="2026-08-01", open_access="2026-08-01")


def test_a_version_of_record_under_cc_by_is_gold() -> None:
    result = judge(P, **{**LATE, "version": "VoR"})
    assert result.verdict is Verdict.COMPLIANT
    assert result.reason == "gold open access (a Version of Record under CC BY 4.0)"


@pytest.mark.parametrize("changes", [
    {"version": "AAM"}, {"version": "VoR", "licence": "CC-BY-NC-4.0"}, {"version": "VoR", "gold": False},
])
def test_not_gold(changes: dict[str, object]) -> None:
    assert verdict29(**{**LATE, **changes}) == "not-compliant"


def test_gold_recorded() -> None:
    result = judge(P, **{**LATE, "gold": True, "licence": None})
    assert result.verdict is Verdict.COMPLIANT and result.reason == "gold open access (ref.gold)"


@pytest.mark.parametrize("exception", ["deposit", "technical", "further"])
def test_exceptions_that_settle_it(exception: str) -> None:
    assert verdict29(**{**LATE, "exception": exception}) == "compliant"


def test_access_embargo_exception_needs_timing_and_licence() -> None:
    long_embargo = good(embargo_end="2027-09-10", panel="A", open_access="2027-09-10", exception="access")
    assert verdict29(**long_embargo) == "compliant"
    assert verdict29(**{**long_embargo, "licence": "CC-BY-SA-4.0"}) == "not-compliant"
    assert verdict29(**{**long_embargo, "open_access": "2027-09-11"}) == "not-compliant"


def test_access_licence_exception_needs_deposit_and_discovery() -> None:
    fields = good(licence="CC-BY-SA-4.0", exception="access-licence")
    assert verdict29(**fields) == "compliant"
    assert verdict29(**{**fields, "deposited": "2026-08-01"}) == "not-compliant"


# -- will become compliant ------------------------------------------------------------------

def test_will_become_compliant_until_the_embargo_ends() -> None:
    fields = good(online="2026-06-15", accepted="2026-05-01", deposited="2026-06-20", open_access=None,
                  embargo_end="2026-12-15", panel="B", full_text="restricted")
    result = judge(P, **fields)
    assert result.verdict is Verdict.WILL_BECOME and result.changes_on == dt.date(2026, 12, 16)
    assert judge(P, dt.date(2026, 12, 16), **fields).verdict is Verdict.NOT_COMPLIANT


def test_will_become_compliant_without_embargo_until_three_months_after_publication() -> None:
    fields = good(online="2026-10-15", accepted="2026-09-01", deposited="2026-10-20", open_access=None)
    result = judge(P, **fields)
    assert result.verdict is Verdict.WILL_BECOME and result.valid_until == dt.date(2027, 1, 15)
