"""Records for the REF tests, built through the real validator (as a record file would be)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from repotui.core.model import Record
from repotui.core.ref import Assessment, Policy, assess
from repotui.core.validate import validate

AS_OF = dt.date(2026, 11, 28)


def make(*, type: str = "article-journal", accepted: Any = None, online: Any = None, deposited: Any = None,
         open_access: Any = None, embargo_end: Any = None, issued: Any = None, published: Any = None,
         version: str | None = "AAM", full_text: str | None = None, licence: str | None = None,
         issn: str | None = None, isbn: str | None = None, container: str | None = "Journal",
         withdrawn: bool = False, panel: str | None = None, exception: Any = None, gold: bool | None = None,
         agreement: bool | None = None, files: list[dict[str, Any]] | None = None) -> Record:
    data: dict[str, Any] = {"id": "r", "title": "A record", "type": type}
    dates = {"accepted": accepted, "online": online, "deposited": deposited, "open-access": open_access,
             "embargo-end": embargo_end, "published": published}
    data["dates"] = {k: str(v) for k, v in dates.items() if v is not None}
    optional = {"issued": issued, "licence": licence, "ISSN": issn, "ISBN": isbn, "container-title": container,
                "files": files}
    data.update({k: v for k, v in optional.items() if v is not None})
    if version or full_text:
        data["full-text"] = {k: v for k, v in (("status", full_text), ("version", version)) if v}
    if withdrawn:
        data["withdrawn"] = True
    ref = {"panel": panel, "exception": exception, "gold": gold, "publisher-agreement": agreement}
    if any(v is not None for v in ref.values()):
        data["ref"] = {k: v for k, v in ref.items() if v is not None}
    return validate(data, {}, Path("r.yaml"), "r")


def judge(policy: Policy = Policy.REF2021, as_of: dt.date = AS_OF, **fields: Any) -> Assessment:
    return assess(make(**fields), policy, as_of)


def verdict(policy: Policy = Policy.REF2021, as_of: dt.date = AS_OF, **fields: Any) -> str:
    return judge(policy, as_of, **fields).verdict.value


def outcome(check: str, policy: Policy = Policy.REF2021, as_of: dt.date = AS_OF, **fields: Any) -> str:
    from repotui.core.ref import CheckName

    found = judge(policy, as_of, **fields).check(CheckName(check))
    assert found is not None, check
    return found.outcome.value
