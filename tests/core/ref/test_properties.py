"""Properties over many generated records: any record gets an answer with a reason; a date made
less precise never flips a verdict (it may only become `cannot-tell`); a stored verdict is right
until `valid_until`; the embargo helpers read as the detail pane will show them."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from repotui.core.model import FileRef, PartialDate
from repotui.core.ref import (
    Policy,
    Verdict,
    assess,
    assess_all,
    embargo_lifts,
    file_embargo,
    parse_policy,
    parse_verdict,
)
from repotui.core.ref import record_embargo as embargo_of
from tests.core.ref.support import AS_OF, make

DATE_FIELDS = ("accepted", "online", "deposited", "open_access", "embargo_end")
days = st.dates(dt.date(2014, 1, 1), dt.date(2029, 12, 31))


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    fields: dict[str, Any] = {name: draw(st.one_of(st.none(), days)) for name in DATE_FIELDS}
    fields["type"] = draw(st.sampled_from(["article-journal", "paper-conference", "book", "article"]))
    fields["version"] = draw(st.sampled_from([None, "AAM", "VoR", "SMUR"]))
    fields["full_text"] = draw(st.sampled_from([None, "public", "restricted", "none"]))
    fields["licence"] = draw(st.sampled_from([None, "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0"]))
    fields["panel"] = draw(st.sampled_from([None, "A", "C", "AB"]))
    fields["exception"] = draw(st.sampled_from([None, "deposit", "access", "access-licence", "further"]))
    fields["withdrawn"] = draw(st.booleans())
    fields["issn"] = draw(st.sampled_from([None, "1234-5678"]))
    return fields


@settings(max_examples=300, deadline=None)
@given(records(), days)
def test_every_record_gets_a_reasoned_answer(fields: dict[str, Any], as_of: dt.date) -> None:
    for policy, result in assess_all(make(**fields), as_of).items():
        assert result.policy is policy and result.reason and "None" not in result.reason
        if result.verdict is Verdict.CANNOT_TELL:
            assert result.missing, result  # names what would settle it
        if result.verdict is Verdict.WILL_BECOME:
            assert result.valid_until is not None and as_of <= result.valid_until
        for check in result.checks:
            assert check.reason and (check.outcome.value != "unknown" or check.missing)


def _coarser(fields: dict[str, Any], name: str, to_year: bool) -> dict[str, Any]:
    day: dt.date = fields[name]
    return {**fields, name: f"{day.year}" if to_year else f"{day.year}-{day.month:02d}"}


@settings(max_examples=300, deadline=None)
@given(records(), st.sampled_from(DATE_FIELDS), st.booleans())
def test_a_less_precise_date_never_flips_a_verdict(fields: dict[str, Any], name: str, to_year: bool) -> None:
    """Hypothesis once found: accepted 2016-01-01 (before REF 2021's scope) with a deposit exception
    is out of scope; accepted "2016" may be in scope, where the exception makes it compliant."""
    if fields[name] is None:
        return
    rough = _coarser(fields, name, to_year)
    for policy in Policy:
        exact = assess(make(**fields), policy, AS_OF).verdict
        coarse = assess(make(**rough), policy, AS_OF).verdict
        # The spec counts an output out of scope as compliant: when a rough date leaves the scope
        # open but every reading in scope complies, `compliant` is what staff need to know.
        allowed = {exact, Verdict.CANNOT_TELL}
        if exact is Verdict.OUT_OF_SCOPE:
            allowed.add(Verdict.COMPLIANT)
        assert coarse in allowed, (policy, exact, coarse)


@settings(max_examples=200, deadline=None)
@given(records(), days, st.integers(1, 800))
def test_a_verdict_holds_until_valid_until(fields: dict[str, Any], as_of: dt.date, later: int) -> None:
    """What an index relies on: re-checking before `changes_on` gives the same verdict."""
    record = make(**fields)
    for policy in Policy:
        first = assess(record, policy, as_of)
        day = as_of + dt.timedelta(days=later)
        if first.is_current(day):
            assert assess(record, policy, day).verdict is first.verdict


def test_parse_verdict_and_policy() -> None:
    assert parse_verdict("will-become") is Verdict.WILL_BECOME
    assert parse_verdict("Not Compliant") is Verdict.NOT_COMPLIANT
    assert parse_verdict("cannot_tell") is Verdict.CANNOT_TELL
    assert parse_verdict("compliantish") is None
    assert parse_policy("2029") is Policy.REF2029 and parse_policy("REF 2021") is Policy.REF2021
    assert parse_policy("2024") is None


def test_file_embargo_text() -> None:
    file = FileRef(path="a.pdf", embargo=PartialDate(2027, 5, 15))
    embargo = file_embargo(file, AS_OF)
    assert embargo is not None and embargo.text() == "embargoed until 15 May 2027 (168 days)"
    assert embargo.valid_until == dt.date(2027, 5, 14)
    assert file_embargo(file, dt.date(2027, 5, 15)) is None
    assert file_embargo(FileRef(path="a.pdf"), AS_OF) is None
    month = file_embargo(FileRef(path="a.pdf", embargo=PartialDate(2026, 12)), AS_OF)
    assert month is not None and month.text() == "embargoed until December 2026 (about 33 days)"


def test_record_embargo_prefers_running_file_embargoes() -> None:
    files = [{"path": "a.pdf", "embargo": "2027-05-15"}, {"path": "b.pdf", "embargo": "2027-01-10"}]
    embargo = embargo_of(make(files=files, embargo_end="2030-01-01"), AS_OF)
    assert embargo is not None and embargo.opens == dt.date(2027, 1, 10)
    opened = [{"path": "a.pdf", "embargo": "2025-05-15"}]
    assert embargo_of(make(files=opened, embargo_end="2030-01-01"), AS_OF) is None
    only_record = embargo_of(make(embargo_end="2027-02-01"), AS_OF)
    assert only_record is not None and only_record.opens == dt.date(2027, 2, 1)


def test_the_ends_of_the_calendar_never_crash() -> None:
    """Years 1 and 9999 (valid in a record): limits past 9999-12-31 mean "never", not OverflowError."""
    values = [None, "0001-01-01", "9999-12-31", "9999-12", "9999"]
    for accepted, deposited, embargo in itertools.product(values, repeat=3):
        record = make(accepted=accepted, online=accepted, deposited=deposited, open_access=deposited,
                      embargo_end=embargo, full_text="restricted")
        for as_of in (dt.date.min, AS_OF, dt.date.max):
            for result in assess_all(record, as_of).values():
                assert result.reason and json.dumps(result.to_dict())
            embargo_of(record, as_of)


embargo_dates = st.one_of(st.none(), days.map(dt.date.isoformat), days.map(lambda d: d.isoformat()[:7]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(embargo_dates, st.booleans()), max_size=3), embargo_dates, days)
def test_embargo_lifts_agrees_with_record_embargo(files: list[tuple[str | None, bool]], record_end: str | None,
                                                  day: dt.date) -> None:
    """The index's stored day answers `embargoed:yes|no` as the record itself would on any day."""
    entries = [{"path": f"f{n}.pdf", **({"embargo": end} if end else {}), **({"withdrawn": True} if gone else {})}
               for n, (end, gone) in enumerate(files)]
    record = make(files=entries or None, embargo_end=record_end)
    lifts = embargo_lifts(record)
    assert (embargo_of(record, day) is not None) == (lifts is not None and day < lifts)
