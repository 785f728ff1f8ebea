"""REF verdicts in the index: the `ref:`, `ref2029:` and `embargoed:` filters, the REF facets and the
report agree with judging each record on the day asked, including after a deadline has passed
since the verdicts were stored, and with a clock set back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from repotui.core.index import Library
from repotui.core.loader import load_records
from repotui.core.query import parse_query
from repotui.core.ref import Policy, Verdict, assess, tally
from repotui.core.ref.report import VERDICT_ORDER
from tests.core.index.oracle import matches
from tests.core.index.support import FIXTURES
from tests.helpers.files import copy_records

REF_RECORDS = FIXTURES / "ref_records"
DAY = dt.date(2026, 11, 28)
#: Around r-wait-2026's deadlines: its embargo ends 2027-03-15, opening is on time until 2027-04-15.
DAYS = [dt.date(2020, 1, 1), DAY, dt.date(2027, 3, 14), dt.date(2027, 3, 15), dt.date(2027, 4, 15),
        dt.date(2027, 4, 16), dt.date(2031, 1, 1)]
QUERIES = [f"{name}:{word}" for name in ("ref", "ref2029")
           for word in ("compliant", "not-compliant", "out-of-scope", "will-become", "cannot-tell")]
QUERIES += ["embargoed:yes", "embargoed:no", "-embargoed:yes ref:compliant", "year:2021..2022 -ref:compliant"]


@pytest.fixture
def ref_root(tmp_path: Path) -> Path:
    return copy_records(REF_RECORDS, tmp_path)


def open_at(root: Path, db: Path, day: dt.date) -> Library:
    return Library.open(root, db, workers=0, today=lambda: day)


def expected(root: Path, text: str, day: dt.date) -> set[str]:
    query, hint = parse_query(text)
    assert hint == ""
    return {r.id for r in load_records(root).records if matches(query, r, day)}


def test_the_fixture_covers_every_verdict_and_embargoes(ref_root: Path) -> None:
    records = load_records(ref_root).records
    for policy in Policy:
        assert {assess(r, policy, DAY).verdict for r in records} == set(Verdict), policy
    assert expected(ref_root, "embargoed:yes", DAY) == {"r-wait-2026", "r-closed-2025"}


@pytest.mark.parametrize("day", DAYS)
def test_filters_agree_with_judging_each_record_on_that_day(ref_root: Path, db: Path, day: dt.date) -> None:
    lib = open_at(ref_root, db, day)
    for text in QUERIES:
        assert set(lib.search(text).ids) == expected(ref_root, text, day), (text, day)


def test_the_same_library_follows_the_date_as_it_changes(ref_root: Path, db: Path) -> None:
    today = [DAY]
    lib = Library.open(ref_root, db, workers=0, today=lambda: today[0])
    assert lib.search("ref:will-become").ids == ["r-wait-2026"]
    assert lib.search("embargoed:yes").ids == ["r-wait-2026", "r-closed-2025"]
    today[0] = dt.date(2027, 4, 16)  # the app left open past r-wait-2026's last day
    assert lib.search("ref:will-become").ids == []
    assert "r-wait-2026" in lib.search("ref:not-compliant").ids  # still closed (full-text restricted)
    assert lib.search("embargoed:yes").ids == []
    facets = {v.label: v.count for v in lib.facets()["REF 2021"]}
    assert "will become compliant" not in facets and facets["not compliant"] == 5


def test_a_new_day_judges_again_only_the_verdicts_that_expired(ref_root: Path, db: Path) -> None:
    lib = open_at(ref_root, db, DAY)
    sets = lib._filter_sets()  # the stored state, as a search sees it
    stored_day = sets.ref.stored_day
    assert stored_day is not None and stored_day >= dt.date.today()
    expiring = set(sets.ref.until)
    assert "r-wait-2026" in {lib._rid_of[f] for f in expiring}
    later = dt.date(2027, 4, 16)
    assert sets.ref.on(later).rejudged == sum(1 for u in sets.ref.until.values() if u < later.isoformat())
    assert sets.ref.on(later).rejudged < lib.count
    assert sets.ref.on(dt.date.today()).rejudged == 0


def test_a_refresh_stores_verdicts_whose_deadline_has_passed(ref_root: Path, db: Path) -> None:
    lib = Library.open(ref_root, db, workers=0)
    lib.close()
    conn = sqlite3.connect(db)
    # As if r-late-2019 had been stored years ago with a verdict that held until 2000-01-01.
    conn.execute("UPDATE files SET ref2021='compliant', ref2029='compliant', ref_until='2000-01-01' "
                 "WHERE rid='r-late-2019'")
    conn.execute("UPDATE meta SET value='2000-01-01' WHERE key='ref_day'")
    conn.commit()
    conn.close()
    lib = Library.open(ref_root, db, workers=0)  # finds nothing changed on disk, then stores fresh verdicts
    assert lib.last_update.updated == [] and lib.last_update.added == []
    row = lib._store.connect().execute(
        "SELECT ref2021, ref2029, ref_until FROM files WHERE rid='r-late-2019'").fetchone()
    assert row == ("not-compliant", "out-of-scope", None)
    day = lib._store.connect().execute("SELECT value FROM meta WHERE key='ref_day'").fetchone()[0]
    assert day == dt.date.today().isoformat()
    assert "r-late-2019" in lib.search("ref:not-compliant").ids


def test_a_day_before_the_stored_day_judges_every_row_in_memory(ref_root: Path, db: Path) -> None:
    Library.open(ref_root, db, workers=0).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value='2999-01-01' WHERE key='ref_day'")  # a clock that was set back
    conn.commit()
    conn.close()
    lib = Library.open(ref_root, db, workers=0, today=lambda: DAY)
    for text in QUERIES:
        assert set(lib.search(text).ids) == expected(ref_root, text, DAY), text
    assert lib._filter_sets().ref.on(DAY).rejudged == lib.count
    stored = lib._store.connect().execute("SELECT value FROM meta WHERE key='ref_day'").fetchone()[0]
    assert stored == "2999-01-01"  # nothing is written for a day in the past


@pytest.mark.parametrize("text", ["", "year:2019..2022", "ref:not-compliant", "-type:article", "embargoed:yes"])
@pytest.mark.parametrize("policy", list(Policy))
def test_the_report_counts_what_judging_each_record_gives(ref_root: Path, db: Path, text: str,
                                                          policy: Policy) -> None:
    lib = open_at(ref_root, db, DAY)
    result = lib.search(text, reverse=True)
    report = lib.ref_report(result.ids, policy)
    records = {r.id: r for r in load_records(ref_root).records}
    want = tally(policy, DAY, [(rid, records[rid].published.year if records[rid].published else None,
                                assess(records[rid], policy, DAY).verdict) for rid in result.ids])
    assert report.years == want.years
    assert list(report.not_compliant) == list(want.not_compliant)  # in the list's own order
    assert report.as_of == DAY and report.policy is policy
    assert report.records == len(result.ids)
    # Any list of ids (not the last search's) gives the same report.
    assert lib.ref_report(list(result.ids), policy).years == want.years


def test_the_report_of_everything(ref_root: Path, db: Path) -> None:
    lib = open_at(ref_root, db, DAY)
    report = lib.ref_report(None, Policy.REF2021)
    assert [row.year for row in report.years] == [2026, 2025, 2023, 2022, 2021, 2020, 2019, 2015]
    assert report.records == 14
    assert {v: report.total.count(v) for v in VERDICT_ORDER} == {
        Verdict.COMPLIANT: 5, Verdict.WILL_BECOME: 1, Verdict.CANNOT_TELL: 2, Verdict.NOT_COMPLIANT: 3,
        Verdict.OUT_OF_SCOPE: 3}
    assert list(report.not_compliant) == ["r-late-2022", "r-withdrawn-2021", "r-late-2019"]
    assert report.summary() == ("11 in scope: 5 compliant (46%), 1 will become compliant (9%), "
                                "2 cannot tell (18%), 3 not compliant (27%)")


def test_ref_facets_select_what_they_count(ref_root: Path, db: Path) -> None:
    lib = open_at(ref_root, db, DAY)
    facets = lib.facets(lib.search("year:2019..2022").ids)
    assert [(v.label, v.count, v.filter) for v in facets["REF 2021"]] == [
        ("compliant", 3, "ref:compliant"), ("cannot tell", 1, "ref:cannot-tell"),
        ("not compliant", 3, "ref:not-compliant"), ("out of scope", 2, "ref:out-of-scope")]
    for name in ("REF 2021", "REF 2029"):
        for value in lib.facets()[name]:
            assert len(lib.search(value.filter).ids) == value.count, value


def test_records_read_back_keep_their_ref_fields(ref_root: Path, db: Path) -> None:
    lib = open_at(ref_root, db, DAY)
    for record in load_records(ref_root).records:
        assert lib.get(record.id) == record
    withdrawn = lib.get("r-withdrawn-2021")
    assert withdrawn is not None and withdrawn.withdrawn
    waiting = lib.get("r-wait-2026")
    assert waiting is not None and waiting.files[0].embargo is not None and waiting.ref.panel == "C"


def test_a_report_of_a_list_from_before_a_refresh_counts_what_is_still_there(ref_root: Path, db: Path) -> None:
    lib = open_at(ref_root, db, DAY)
    old = lib.search("").ids
    last = max(old.fids)  # the file with the highest id goes: the new state's arrays are shorter
    gone = lib._rid_of[last]
    (ref_root / f"{gone}.yaml").unlink()
    lib.refresh()
    report = lib.ref_report(old, Policy.REF2021)
    assert report.records == 13 and gone not in report.not_compliant
