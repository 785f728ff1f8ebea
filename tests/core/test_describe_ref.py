"""The REF rows of the detail pane / `repotui show`, and embargoes on files (issue 12)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from repotui.core.describe import describe_record
from repotui.core.loader import load_records

REPO = Path(__file__).resolve().parents[2]
REF_RECORDS = REPO / "tests" / "fixtures" / "ref_records"
DAY = dt.date(2026, 12, 1)


def rows_of(folder: Path, rid: str, day: dt.date = DAY) -> list[tuple[str, str]]:
    [record] = [r for r in load_records(folder).records if r.id == rid]
    return describe_record(record, as_of=day)


def test_the_seed_reads_compliant_under_both_policies() -> None:
    rows = dict(rows_of(REPO / "records", "dro-37008"))
    assert rows["REF 2021"] == ("compliant: deposited 2022-09-20, 27 days after acceptance on 2022-08-24; "
                                "made open access 2022-09-20, the same day as deposit")
    assert rows["REF 2029"].startswith("compliant: first published 2022-09-19, in 2021–2025: judged by the "
                                       "REF 2021 rules; ")


def test_ref_rows_follow_the_status_and_name_the_deciding_dates() -> None:
    rows = rows_of(REF_RECORDS, "r-late-2022")
    labels = [label for label, _ in rows]
    assert labels.index("REF 2021") == labels.index("Status") + 1 and labels.index("REF 2029") == labels.index("REF 2021") + 1
    assert dict(rows)["REF 2021"] == ("not compliant: deposited 2022-08-20, 7 months and 5 days after acceptance "
                                      "on 2022-01-15; the limit is 3 months after acceptance (2022-04-15)")


def test_an_embargoed_file_says_until_when_and_the_verdict_follows_the_day() -> None:
    rows = rows_of(REF_RECORDS, "r-wait-2026")
    files = [value for label, value in rows if label in ("Files", "")]
    assert any(v.endswith("PDF · Accepted Manuscript · embargoed until 15 March 2027 (104 days)") for v in files)
    assert dict(rows)["REF 2021"].startswith("will become compliant: not open access yet; on time if opened by "
                                             "2027-04-15")
    later = rows_of(REF_RECORDS, "r-wait-2026", dt.date(2027, 4, 16))
    assert not any("embargoed until" in value for _label, value in later)
    assert dict(later)["REF 2021"].startswith("not compliant: not open access by 2027-04-15")


def test_the_record_embargo_shows_on_its_files() -> None:
    files = [value for label, value in rows_of(REF_RECORDS, "r-closed-2025") if label in ("Files", "")]
    assert any("embargoed until 10 January 2027 (40 days)" in v for v in files)
