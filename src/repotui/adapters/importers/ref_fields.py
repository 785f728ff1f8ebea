"""What repositories record for the UK REF open-access policy → the record's REF fields.

- EPrints with the REF Compliance Checker plugin (eprintsug/hefce_oa) keeps `hoa_*` fields on
  the eprint: `hoa_date_acc` (accepted), `hoa_date_pub` (first published online), `hoa_date_fcd`
  (first compliant deposit), `hoa_date_foa` (first made open access), `hoa_emb_len` (embargo
  length in months from first publication), `hoa_ref_pan` (panel AB/CD), `hoa_ex_*` (exceptions:
  `dep`, `acc`, `tec`, `fur`, older `oth`, each a set of sub-reasons `a`-`f` with a `_txt`
  explanation), `hoa_gold`; older versions `hoa_date_dep`. REF 2029 fields live in the
  `ref2029_cc` sub-object (`ref2029_ex_dep/acc/tec/fur`, `ref2029_gold_oa`, `ref2029_pub_agreement`).
  Documents carry `date_embargo`. EP3 XML and the JSON export name them alike.
- OpenAIRE's convention in oai_dc: `dc:date` `info:eu-repo/date/embargoEnd/2025-01-31`,
  `dc:rights` `info:eu-repo/semantics/embargoedAccess` (or open/restricted/closedAccess).

The embargo length becomes an end date, `dates.embargo-end = hoa_date_pub + hoa_emb_len months`
(calendar months as the plugin counts them), so the REF check and the plugin agree.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from repotui.adapters.importers.common import iso_date, text
from repotui.core.ref import add_months
from repotui.core.validate import parse_date

#: The plugin's exception fields → our exception names (docs/records.md).
_HOA_EXCEPTIONS = (("hoa_ex_dep", "deposit"), ("hoa_ex_acc", "access"), ("hoa_ex_tec", "technical"),
                   ("hoa_ex_fur", "further"), ("hoa_ex_oth", "further"),
                   ("ref2029_ex_dep", "deposit"), ("ref2029_ex_acc", "access"), ("ref2029_ex_tec", "technical"),
                   ("ref2029_ex_fur", "further"))
_PANELS = {"A": "A", "B": "B", "C": "C", "D": "D", "AB": "AB", "CD": "CD"}
#: OpenAIRE access rights → full-text status.
OPENAIRE_ACCESS = {"openaccess": "public", "embargoedaccess": "restricted", "restrictedaccess": "restricted",
                   "closedaccess": "restricted"}
_EMBARGO_END = re.compile(r"^info:eu-repo/date/embargoEnd/(\S+)$", re.IGNORECASE)
_ACCESS = re.compile(r"^info:eu-repo/semantics/(\w+)$", re.IGNORECASE)


def _set(value: Any) -> bool:
    """The plugin's flags: `TRUE`, `1`, a code such as `a` (an exception's sub-reason) — set;
    `FALSE`, `0`, empty — not set."""
    if isinstance(value, list):
        return any(_set(v) for v in value)
    word = (text(value) or "").lower()
    return bool(word) and word not in {"false", "0", "no", "n"}


def embargo_end(published: str | None, months: Any) -> str | None:
    """`hoa_date_pub` + `hoa_emb_len` months as YYYY-MM-DD; None unless both are known to the day."""
    length = text(months)
    if not published or not length or not length.isdigit():
        return None
    parsed = parse_date(published)
    if isinstance(parsed, str) or parsed.month is None or parsed.day is None or int(length) == 0:
        return None
    return add_months(_dt.date(parsed.year, parsed.month, parsed.day), int(length)).isoformat()


def _flag(value: Any) -> bool | None:
    word = (text(value) or "").upper()
    return {"TRUE": True, "1": True, "FALSE": False, "0": False}.get(word)


def hoa_fields(eprint: dict[str, Any]) -> tuple[dict[str, str], dict[str, Any]]:
    """(repository dates, the `ref` mapping) from an eprint's `hoa_*` fields and its
    `ref2029_cc` sub-object."""
    dates = {"accepted": iso_date(eprint.get("hoa_date_acc")), "online": iso_date(eprint.get("hoa_date_pub")),
             "deposited": iso_date(eprint.get("hoa_date_fcd")) or iso_date(eprint.get("hoa_date_dep")),
             "open-access": iso_date(eprint.get("hoa_date_foa"))}
    dates["embargo-end"] = embargo_end(dates["online"], eprint.get("hoa_emb_len"))
    ref2029 = eprint.get("ref2029_cc")
    if isinstance(ref2029, list):
        ref2029 = next((x for x in ref2029 if isinstance(x, dict)), None)
    fields = {**(ref2029 if isinstance(ref2029, dict) else {}), **eprint}
    ref: dict[str, Any] = {}
    panel = (text(eprint.get("hoa_ref_pan")) or "").upper().replace("PANEL", "").strip()
    if panel in _PANELS:
        ref["panel"] = _PANELS[panel]
    exceptions = []
    for field_name, name in _HOA_EXCEPTIONS:
        if _set(fields.get(field_name)) and name not in exceptions:
            exceptions.append(name)
    if exceptions:
        ref["exception"] = exceptions
    gold = _flag(eprint.get("hoa_gold"))
    gold = gold if gold is not None else _flag(fields.get("ref2029_gold_oa"))
    if gold is not None:
        ref["gold"] = gold
    agreement = _flag(fields.get("ref2029_pub_agreement"))
    if agreement is not None:
        ref["publisher-agreement"] = agreement
    return {k: v for k, v in dates.items() if v}, ref


def openaire(dates: list[str], rights: list[str]) -> tuple[str | None, str | None]:
    """(embargo end, full-text status) from OpenAIRE's `dc:date` and `dc:rights` values."""
    end = None
    for value in dates:
        match = _EMBARGO_END.match(value.strip())
        if match:
            end = iso_date(match.group(1)) or end
    status = None
    for value in rights:
        match = _ACCESS.match(value.strip())
        if match and match.group(1).lower() in OPENAIRE_ACCESS:
            status = OPENAIRE_ACCESS[match.group(1).lower()]
    return end, status


def is_openaire(value: str) -> bool:
    """An `info:eu-repo/...` value (a vocabulary term, not text to show or parse)."""
    return value.strip().lower().startswith("info:eu-repo/")
