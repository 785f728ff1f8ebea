"""The problems screen: each record that could not be read, with file, line and reason."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from repotui.core.problems import LoadProblem, Severity


def problems_content(problems: Sequence[LoadProblem]) -> Content:
    """`path:line` in bold, the reason as plain data (a reason may quote record text)."""
    if not problems:
        return Content("Every record was read without problems.")
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    lines: list[Content] = []
    if errors:
        lines.append(Content(f"{len(errors)} file(s) could not be read:").stylize("bold $text-error"))
        for problem in errors:
            lines.append(Content(problem.location()).stylize("bold") + Content(f"  {problem.message}"))
        lines.append(Content(""))
    if warnings:
        lines.append(Content(f"{len(warnings)} warning(s) (the record still loaded):").stylize("bold $text-warning"))
        for problem in warnings:
            lines.append(Content(problem.location()).stylize("bold") + Content(f"  {problem.message}"))
    return Content("\n").join(lines)


class ProblemsScreen(ModalScreen[None]):
    """A scrollable list of load problems; `repotui check` prints the same lines."""

    BINDINGS = [Binding("escape,q,e", "dismiss", "Close", id="close-problems")]

    DEFAULT_CSS = """
    ProblemsScreen { align: center middle; }
    ProblemsScreen > VerticalScroll {
        width: 95%; height: 90%; border: round $error; background: $panel; padding: 0 1;
    }
    """

    def __init__(self, problems: Sequence[LoadProblem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Records that could not be read (escape closes)"
            yield Static(problems_content(self.problems), id="problems-body")
