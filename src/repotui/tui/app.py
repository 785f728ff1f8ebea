"""RepoApp: the two-pane browser. Built from parts (records dir, settings, state) so tests can
hand it real ones pointed at a temporary folder."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, Header, Static

from repotui.adapters.config import ConfigProblem, Settings
from repotui.core.loader import LoadResult, load_records
from repotui.core.model import Record
from repotui.core.problems import LoadProblem, Severity
from repotui.tui.messages import RecordsLoaded
from repotui.tui.screens.help import HelpScreen, HelpSection, binding_rows
from repotui.tui.screens.problems import ProblemsScreen
from repotui.tui.widgets.record_detail import RecordDetail
from repotui.tui.widgets.record_list import RecordList

#: Below this width the panes stack (list above, detail below).
NARROW_WIDTH = 100


def newest_first(records: list[Record]) -> list[int]:
    """Indices ordered by publication date, newest first; undated records last, then by title."""
    def key(i: int) -> tuple[int, tuple[int, int, int], str]:
        record = records[i]
        date = record.published
        return (0 if date else 1, tuple(-p for p in date.sort_key()) if date else (0, 0, 0), record.title.casefold())

    return sorted(range(len(records)), key=key)  # type: ignore[arg-type]


class RepoApp(App[None]):
    """A list pane and a detail pane over a folder of records."""

    CSS_PATH = "app.tcss"
    TITLE = "repotui"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-now"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("e", "problems", "Problems", id="problems"),
        Binding("tab", "focus_next", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="previous-pane"),
    ]

    def __init__(self, records_dir: Path, settings: Settings | None = None,
                 config_problems: list[ConfigProblem] | None = None) -> None:
        super().__init__()
        self.records_dir = Path(records_dir)
        self.settings = settings or Settings()
        self.config_problems = config_problems or []
        self.records: list[Record] = []
        self.problems: list[LoadProblem] = []
        self.loaded = False
        if self.settings.keys:
            self.set_keymap(self.settings.keys)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield RecordList(id="record-list")
            yield RecordDetail(id="record-detail", max_chars=self.settings.max_field_chars)
        yield Static("Loading records…", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"repotui · {self.records_dir.resolve().name or self.records_dir}"
        self.sub_title = "loading…"
        self.query_one(RecordList).focus()
        self._apply_width(self.size.width)
        for problem in self.config_problems:
            self.notify(str(problem), title="Config problem", severity="warning", timeout=10, markup=False)
        self.load()

    def on_resize(self) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW_WIDTH, "-narrow")

    # -- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load records")
    def load(self) -> None:
        """Parse the folder off the UI thread; the answer comes back as a message."""
        result = load_records(self.records_dir, max_bytes=self.settings.max_record_bytes)
        self.post_message(RecordsLoaded(result))

    @on(RecordsLoaded)
    def show_records(self, message: RecordsLoaded) -> None:
        result: LoadResult = message.result
        self.records = result.records
        self.problems = result.problems
        self.loaded = True
        record_list = self.query_one(RecordList)
        record_list.set_records(self.records, newest_first(self.records))
        self.sub_title = f"{len(self.records):,} record{'' if len(self.records) == 1 else 's'}"
        self.title = f"repotui · {self.collection_name()}"
        self.update_status()
        if not self.records:
            self.query_one(RecordDetail).show(None)

    def collection_name(self) -> str:
        """The repository most records come from, else the folder's name."""
        names = {r.repository.name for r in self.records}
        folder = self.records_dir.resolve().name or str(self.records_dir)
        if len(names) == 1 and None not in names:
            return f"{next(iter(names))} ({folder})"
        return folder

    def update_status(self) -> None:
        errors = sum(1 for p in self.problems if p.severity is Severity.ERROR)
        text = f"{len(self.records):,} records in {self.records_dir}"
        if errors:
            noun = "record" if errors == 1 else "records"
            text += f" · {errors} {noun} could not be read — press e"
        self.query_one("#status", Static).update(Content(text))
        self.set_class(bool(errors), "-has-problems")

    @on(RecordList.Highlighted)
    def show_detail(self, message: RecordList.Highlighted) -> None:
        self.query_one(RecordDetail).show(message.record)

    # -- actions --------------------------------------------------------------------------

    def help_sections(self) -> list[HelpSection]:
        """Built from the live bindings (keymap applied), grouped by where they act."""
        active = self.screen.active_bindings
        app_rows, list_rows = [], []
        for key, active_binding in active.items():
            display = self.get_key_display(active_binding.binding) if key else key
            target = app_rows if active_binding.node is self or active_binding.node is self.screen else list_rows
            target.append((display, active_binding.binding))
        detail_rows: list[tuple[str, Binding]] = []
        for binding in RecordDetail.BINDINGS:
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    detail_rows.append((self.get_key_display(Binding(key, binding.action)), binding))
        return [
            ("Everywhere", binding_rows(app_rows)),
            ("Record list", binding_rows(list_rows)),
            ("Detail pane (tab to focus it)", binding_rows(detail_rows)),
        ]

    def action_help(self) -> None:
        mouse = "Mouse: click a row to select it; the wheel scrolls either pane."
        self.push_screen(HelpScreen(self.help_sections(), notes=mouse))

    def action_problems(self) -> None:
        self.push_screen(ProblemsScreen(self.problems))
