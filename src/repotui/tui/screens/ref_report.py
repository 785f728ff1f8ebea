"""The REF report (key `R` in the browser): the current results judged against REF 2021 or REF
2029, a bar per year of publication split by verdict with counts and percentages, and the
records that are not compliant. Enter on one of them goes back to the browser, on that record.

The counts come from the verdicts the index stores (`Library.ref_report`, ~10 ms at 100,000
records), in a thread worker; no record is read except the rows the list shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from repotui.adapters.state import State
from repotui.core.index import Library
from repotui.core.model import Record
from repotui.core.ref import Policy, RefReport, assess, parse_policy
from repotui.tui.widgets.record_list import RecordList
from repotui.tui.widgets.verdict_chart import VerdictChart

#: The saved state key for the policy last shown.
POLICY_KEY = "ref_policy"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class PolicyLine(Static):
    """`● REF 2021  ○ REF 2029  (p switches) · 14 records …`: which policy, readable without colour;
    a click switches too."""

    def show(self, policy: Policy, rest: str) -> None:
        parts = [(f"{'●' if p is policy else '○'} {p.label}", "bold" if p is policy else "dim") for p in Policy]
        pieces: list[str | tuple[str, str]] = []
        for i, part in enumerate(parts):
            pieces += [("  " if i else ""), part]
        self.update(Content.assemble(*pieces, "  (p switches) · ", rest))

    async def on_click(self) -> None:
        await self.screen.run_action("next_policy")


@dataclass
class ReportReady(Message):
    """A report was counted (in a thread) for `policy`."""

    report: RefReport
    generation: int


class RefReportScreen(Screen[str | None]):
    """Dismissed with the id of the record to go to (enter), or None (escape)."""

    DEFAULT_CSS = """
    RefReportScreen #report-heading { padding: 0 1; background: $panel; }
    RefReportScreen #report-summary { padding: 0 1; text-style: bold; }
    RefReportScreen VerdictChart { height: auto; max-height: 50%; min-height: 3; padding: 0 1; }
    RefReportScreen VerdictChart:focus { background: $boost; }
    RefReportScreen #failing-title { padding: 0 1; text-style: bold; }
    RefReportScreen #failing-list { height: 1fr; min-height: 3; }
    RefReportScreen #failing-reason { padding: 0 1; height: auto; max-height: 3; color: $text-muted; }
    """

    #: The failing records have the focus from the start. (`focus()` in on_mount is deferred and
    #: raced the default AUTO_FOCUS, which focuses the chart: which one won varied from run to run.)
    AUTO_FOCUS = "#failing-list"

    BINDINGS = [
        Binding("escape,q", "dismiss_report", "Back", id="report-back"),
        Binding("p", "next_policy", "Policy 2021/2029", id="report-policy"),
        Binding("enter", "go_to_record", "Go to record", id="report-go"),
        Binding("tab", "app.focus_next", "Focus Next", show=False),
        Binding("shift+tab", "app.focus_previous", "Focus Previous", show=False),
    ]

    def __init__(self, library: Library, ids: Sequence[str], query: str, state: State | None = None) -> None:
        super().__init__()
        self.library = library
        self.ids = ids
        """The browser's current results (the report covers exactly these)."""
        self.query_text = query
        self.state = state
        saved = parse_policy(str(state.get(POLICY_KEY, "2021"))) if state is not None else None
        self.policy: Policy = saved or Policy.REF2021
        self.report: RefReport | None = None
        self.generation = 0
        self.heading = PolicyLine(id="report-heading")
        self.summary = Static("", id="report-summary", markup=False)
        self.chart = VerdictChart(id="report-chart")
        self.failing_title = Static("", id="failing-title", markup=False)
        self.failing = RecordList(id="failing-list")
        self.reason = Static("", id="failing-reason", markup=False)

    def compose(self) -> ComposeResult:
        yield self.heading
        yield self.summary
        yield self.chart
        yield self.failing_title
        yield self.failing
        yield self.reason
        yield Footer()

    def on_mount(self) -> None:
        self.count()

    # -- counting -----------------------------------------------------------------------------

    def count(self) -> None:
        """Count the report for the current policy in a thread (a new policy drops the old count)."""
        self.generation += 1
        generation, policy, library, ids = self.generation, self.policy, self.library, self.ids
        self.heading.show(policy, f"counting {len(ids):,} records…")

        def work() -> None:
            self.post_message(ReportReady(library.ref_report(ids, policy), generation))

        self.run_worker(work, thread=True, exclusive=True, group="ref-report", exit_on_error=False,
                        description="REF report")

    @on(ReportReady)
    def show_report(self, message: ReportReady) -> None:
        if message.generation != self.generation:
            return  # the policy changed meanwhile
        report = self.report = message.report
        query = f" matching “{self.query_text.strip()}”" if self.query_text.strip() else ""
        noun = "record" if report.records == 1 else "records"
        self.heading.show(report.policy, f"{report.records:,} {noun}{query} · judged on {_day(report.as_of)}")
        self.summary.update(Content(report.summary()))
        self.chart.show(report)
        failing = report.not_compliant
        self.failing_title.update(Content(
            f"Not compliant: {len(failing):,} record{'' if len(failing) == 1 else 's'}"
            + (" · enter shows the record in the browser" if failing else "")))
        self.failing.set_ids(failing, self.library.get)
        self.show_reason(self.failing.highlighted)

    @on(RecordList.Highlighted)
    def highlighted(self, message: RecordList.Highlighted) -> None:
        message.stop()
        self.show_reason(message.record)

    def show_reason(self, record: Record | None) -> None:
        """The highlighted record's verdict reason, judged on the report's day."""
        if record is None or self.report is None:
            self.reason.update(Content(""))
            return
        result = assess(record, self.report.policy, self.report.as_of)
        self.reason.update(Content(f"{record.id}: {result.reason}"))

    # -- keys ---------------------------------------------------------------------------------

    def action_next_policy(self) -> None:
        """REF 2021 → REF 2029 → REF 2021 (remembered for the next report)."""
        policies = list(Policy)
        self.policy = policies[(policies.index(self.policy) + 1) % len(policies)]
        if self.state is not None:
            self.state.set(POLICY_KEY, self.policy.value)
        self.count()

    def action_go_to_record(self) -> None:
        record = self.failing.highlighted
        if record is not None:
            self.dismiss(record.id)

    def action_dismiss_report(self) -> None:
        self.dismiss(None)
