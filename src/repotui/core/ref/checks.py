"""The checks both policies share, parametrised by their limits: "X no later than Y + n months"
(deposit, open access), embargo length by panel, discovery, licence.

Each rule is decided only when the recorded dates decide it; when a date is missing, or known only
to the month or year and the answer depends on the day, the check is `unknown` and names the
field. Never a guess.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from repotui.core.ref.calendar import Span, gap, months_text, on_or_before
from repotui.core.ref.inputs import RefInputs, is_cc_by
from repotui.core.ref.result import Check, CheckName, Outcome


@dataclass(frozen=True, slots=True)
class Window:
    """"no later than `base` + `months`": one way a date can be on time."""

    what: str  # "acceptance", "deposit", "the embargo end"
    field: str  # the record field `base` comes from
    base: Span | None
    months: int
    applies: bool | None = True
    """Whether this window counts for the record (None: it depends on an imprecise date)."""
    condition: str = ""
    """Why it counts when it is conditional: "as the output was accepted before 2018-04-01"."""
    condition_field: str = ""
    bound_only: bool = False
    """A stand-in that can only prove lateness: first online for a missing acceptance date
    (acceptance comes first, so late after first online is late after acceptance too)."""

    @property
    def limit(self) -> Span | None:
        return self.base.plus(self.months) if self.base else None

    @property
    def within(self) -> str:
        """`3 months after acceptance`, or `the embargo end` for a limit of 0 months."""
        return f"{months_text(self.months)} after {self.what}" if self.months else self.what

    def rule(self) -> str:
        limit = self.limit
        assert limit is not None
        when = limit.text if limit.exact else f"between {limit.first} and {limit.last}"
        return f"the limit is {self.within} ({when}){', ' + self.condition if self.condition else ''}"


def relation(day: Span, base: Span, what: str) -> str:
    """`27 days after acceptance on 2022-08-24`; `the same day as deposit`; with partial dates
    only where each falls (`with acceptance in 2022-08`)."""
    if not (day.exact and base.exact):
        return f"with {what} in {base.text}"
    if day.first == base.first:
        return f"the same day as {what}"
    side = "after" if day.first > base.first else "before"
    return f"{gap(min(day.first, base.first), max(day.first, base.first))} {side} {what} on {base.text}"


def _imprecise(*spans: tuple[Span | None, str]) -> tuple[str, ...]:
    return tuple(field for span, field in spans if span is not None and not span.exact)


def judge_deadline(name: CheckName, verb: str, day: Span, day_field: str,
                   windows: Sequence[Window]) -> Check:
    """`day` against every window: passed when one that applies holds for every day the dates can
    be, failed when none can, else unknown with the fields that would settle it."""
    fact_of = {id(w): f"{verb} {day.text}, {relation(day, w.base, w.what)}" for w in windows if w.base}
    for w in windows:
        limit = w.limit
        if w.bound_only and limit and on_or_before(day, limit) is False:
            fact = fact_of[id(w)]
            return Check(name, Outcome.FAILED, f"{fact}, so later than {months_text(w.months)} after "
                         f"{w.condition} too", fact)
    missing: list[str] = []
    first_known: Window | None = None
    for w in windows:
        if w.applies is False or w.bound_only:
            continue
        limit = w.limit
        if limit is None:
            missing.append(w.field)
            continue
        first_known = first_known or w
        result = on_or_before(day, limit)
        if result is True and w.applies is True:
            return Check(name, Outcome.PASSED, f"{fact_of[id(w)]}; {w.rule()}", fact_of[id(w)])
        if result is None:
            missing.extend(_imprecise((day, day_field), (w.base, w.field)))
        elif result is True:  # on time by this window, if it applies
            missing.append(w.condition_field)
    if first_known is None:
        needed = " or ".join(dict.fromkeys(missing)) or "a date to count from"
        return Check(name, Outcome.UNKNOWN, f"{verb} {day.text}, but there is no date to count the limit from "
                     f"({needed})", f"{verb} {day.text}", missing=tuple(dict.fromkeys(missing)))
    fact = fact_of[id(first_known)]
    text = f"{fact}; {first_known.rule()}"
    if not missing:
        others = [w for w in windows if w is not first_known and w.applies is True and not w.bound_only and w.limit]
        for w in others:  # every window that could have saved it, so the reason names all the dates
            limit = w.limit
            assert limit is not None and w.base is not None
            text += f", or {w.within} on {w.base.text} ({limit.text}){', ' + w.condition if w.condition else ''}"
        return Check(name, Outcome.FAILED, text, fact)
    fields = tuple(dict.fromkeys(missing))
    return Check(name, Outcome.UNKNOWN, f"{text}, and it cannot be settled without {', '.join(fields)}",
                 fact, missing=fields)


def judge_not_open(i: RefInputs, windows: Sequence[Window], as_of: dt.date) -> Check:
    """Access timing with no open-access date: on time until the deadline, late after it when the
    record says the full text is still closed; unknown when it may be open but undated."""
    name = CheckName.ACCESS_TIMING
    if i.full_text == "public":
        return Check(name, Outcome.UNKNOWN, "the full text is public, but when it was first made open access "
                     "is not recorded (dates.open-access)", "no open-access date", missing=("dates.open-access",))
    known = [(w, limit) for w in windows
             if w.applies is True and not w.bound_only and (limit := w.limit) is not None]
    gaps = tuple(w.field for w in windows if w.applies is not False and not w.bound_only and w.base is None)
    if not known:
        fields = (*gaps, "dates.open-access") if gaps else ("dates.open-access",)
        return Check(name, Outcome.UNKNOWN, "no open-access date is recorded, and no date to count the limit "
                     f"from ({', '.join(gaps) or 'dates.open-access'})", "no open-access date", missing=fields)
    window, limit = max(known, key=lambda wl: wl[1].last)
    assert window.base is not None
    due = max(lim.first for _w, lim in known)
    latest = limit.last
    rule = window.rule()
    if as_of <= due:
        return Check(name, Outcome.UNKNOWN, f"not open access yet; on time if opened by {due}, "
                     f"{window.within} on {window.base.text}",
                     "not open access yet", missing=("dates.open-access",), due=due, valid_until=due)
    if as_of > latest and not gaps and all(w.applies is not None for w in windows):
        if i.full_text in ("restricted", "none"):
            return Check(name, Outcome.FAILED, f"not open access by {latest}: the full text is {i.full_text}; "
                         f"{rule}", f"not open access by {latest}")
        return Check(name, Outcome.UNKNOWN, f"no open-access date is recorded and the limit ({latest}) has passed",
                     "no open-access date", missing=("dates.open-access",))
    return Check(name, Outcome.UNKNOWN, f"no open-access date is recorded; {rule}", "no open-access date",
                 missing=(*_imprecise((window.base, window.field)), *gaps, "dates.open-access"),
                 valid_until=latest if as_of <= latest else None)


def judge_access_timing(i: RefInputs, windows: Sequence[Window], as_of: dt.date) -> Check:
    if i.open_access is None:
        return judge_not_open(i, windows, as_of)
    return judge_deadline(CheckName.ACCESS_TIMING, "made open access", i.open_access, "dates.open-access", windows)


def embargo_counts(i: RefInputs) -> bool | None:
    """An embargo counts unless it ended on or before first online publication; None when an
    imprecise date (`2014-01` against an embargo ending 2014-01-02) leaves both possible."""
    end, online = i.embargo_end, i.online
    if end is None:
        return False
    if online is None or end.first > online.last:
        return True
    if end.last <= online.first:
        return False
    return None


def judge_timing(i: RefInputs, with_embargo: Sequence[Window], without: Sequence[Window],
                 as_of: dt.date) -> Check:
    """Access timing by the embargo's windows or, when there is none, the others. When it cannot
    be told whether the embargo counts, the check passes or fails only if both readings agree."""
    counts = embargo_counts(i)
    if counts is not None:
        return judge_access_timing(i, with_embargo if counts else without, as_of)
    first, second = judge_access_timing(i, with_embargo, as_of), judge_access_timing(i, without, as_of)
    untils = [c.valid_until for c in (first, second) if c.valid_until is not None]
    valid_until = min(untils) if untils else None
    if first.outcome is second.outcome is not Outcome.UNKNOWN:
        return dataclasses.replace(first, valid_until=valid_until)
    fields = _imprecise((i.embargo_end, i.embargo_field), (i.online, i.online_field))
    due = min(first.due, second.due) if first.due and second.due else None
    missing = tuple(dict.fromkeys((*fields, *first.missing, *second.missing)))
    reason = (f"{first.reason}; but the embargo may have ended before first online publication "
              f"({', '.join(fields)}), and then: {second.reason}")
    return Check(CheckName.ACCESS_TIMING, Outcome.UNKNOWN, reason, first.fact, missing=missing, due=due,
                 valid_until=valid_until)


def panel_group(panel: str | None) -> str | None:
    if panel in ("A", "B", "AB"):
        return "AB"
    if panel in ("C", "D", "CD"):
        return "CD"
    return None


_GROUP_TEXT = {"AB": "Panels A and B", "CD": "Panels C and D"}


def judge_embargo(i: RefInputs, short: int, long: int) -> Check:
    """Embargo length, counted from first online publication: at most `short` months for Panels A
    and B, `long` for C and D. With no panel recorded, say which panels it passes for."""
    name = CheckName.ACCESS_EMBARGO
    end = i.embargo_end
    if end is None:
        return Check(name, Outcome.PASSED, "no embargo is recorded", "no embargo")
    group = panel_group(i.panel)
    base, base_field, what = i.online, i.online_field, "first online publication"
    if base is None:
        # Acceptance comes before publication, so an embargo short enough from acceptance is short enough.
        limit = short if group != "CD" else long
        if i.accepted is not None and on_or_before(end, i.accepted.plus(limit)) is True:
            fact = f"embargo ends {end.text}, {relation(end, i.accepted, 'acceptance')}"
            return Check(name, Outcome.PASSED, f"{fact}; within {months_text(limit)} of acceptance, so of "
                         "first online publication too", fact)
        return Check(name, Outcome.UNKNOWN, f"embargo ends {end.text}, but first online publication is not "
                     f"recorded ({base_field}) to count its length from", f"embargo ends {end.text}",
                     missing=(base_field,))
    fact = f"embargo ends {end.text}, {relation(end, base, what)}"
    if group is not None:
        months = short if group == "AB" else long
        window = Window(what, base_field, base, months, condition=f"for {_GROUP_TEXT[group]}")
        result = on_or_before(end, base.plus(months))
        text = f"{fact}; {window.rule()}"
        if result is None:
            fields = _imprecise((end, i.embargo_field), (base, base_field))
            return Check(name, Outcome.UNKNOWN, f"{text}, and it depends on the day ({', '.join(fields)})",
                         fact, missing=fields)
        return Check(name, Outcome.PASSED if result else Outcome.FAILED, text, fact)
    fits_short, fits_long = on_or_before(end, base.plus(short)), on_or_before(end, base.plus(long))
    if fits_short is True:
        return Check(name, Outcome.PASSED, f"{fact}; within the {months_text(short)} allowed for every panel", fact)
    if fits_long is False:
        return Check(name, Outcome.FAILED, f"{fact}; over the {months_text(long)} allowed even for Panels C "
                     "and D", fact)
    if fits_short is False and fits_long is True:
        return Check(name, Outcome.UNKNOWN, f"{fact}: within the {months_text(long)} allowed for Panels C and "
                     f"D, over the {months_text(short)} for Panels A and B; the panel is not recorded (ref.panel)",
                     fact, missing=("ref.panel",))
    fields = (*_imprecise((end, i.embargo_field), (base, base_field)), "ref.panel")
    return Check(name, Outcome.UNKNOWN, f"{fact}: its length depends on the day and the panel "
                 f"({', '.join(fields)})", fact, missing=fields)


def judge_discovery(i: RefInputs) -> Check:
    if i.live:
        return Check(CheckName.DISCOVERY, Outcome.PASSED, "the record is live in the repository", "live")
    return Check(CheckName.DISCOVERY, Outcome.FAILED, "the record is withdrawn (withdrawn: true)", "withdrawn")


def judge_licence(i: RefInputs) -> Check:
    """REF 2029: CC BY, BY-NC, BY-ND or BY-NC-ND (any version), unless the publisher agreed otherwise."""
    name = CheckName.ACCESS_LICENCE
    if i.publisher_agreement:
        return Check(name, Outcome.PASSED, "the publisher's agreement is recorded (ref.publisher-agreement)",
                     "publisher agreement")
    lic = i.licence
    if lic is None:
        return Check(name, Outcome.UNKNOWN, "no licence is recorded (licence)", "no licence", missing=("licence",))
    shown = lic.short or lic.url or ""
    if is_cc_by(lic):
        return Check(name, Outcome.PASSED, f"licensed {shown}", f"licensed {shown}")
    return Check(name, Outcome.FAILED, f"licensed {shown}, not CC BY, BY-NC, BY-ND or BY-NC-ND", f"licensed {shown}")


def judge_version_first(i: RefInputs, check: Check) -> Check:
    """A deposit check is failed outright by a wrong version, and unknown without one."""
    if i.version_ok is False:
        return Check(CheckName.DEPOSIT, Outcome.FAILED, i.version_note, i.version_note)
    if i.version_ok is None and check.outcome is Outcome.PASSED:
        return Check(CheckName.DEPOSIT, Outcome.UNKNOWN, f"{check.fact}, but {i.version_note}", check.fact,
                     missing=("full-text.version",))
    return check
