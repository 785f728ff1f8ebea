"""Export bibliography…: ask for a file and a format, ask again before replacing a file, write it.

The modal does the writing itself (in a thread worker, through the `write` function it is given)
so that what goes wrong (a folder that cannot be written, pandoc failing, a file that appeared
meanwhile) is shown where the path can be corrected, and the prompt closes only once the file is
on disk. The path and the subject are data: shown as plain `Content`, never read as markup.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Select, Static

from repotui.adapters.exporters import ExportError, format_for_path
from repotui.adapters.fs import FileExistsRefused
from repotui.core.citation.model import CitationError
from repotui.core.text import display_path

#: The formats offered, in the order shown: (format, name, extension).
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("docx", "Word", ".docx"),
    ("odt", "OpenDocument", ".odt"),
    ("html", "Web page", ".html"),
    ("md", "Markdown", ".md"),
)
EXTENSION = {fmt: ext for fmt, _name, ext in FORMATS}
FORMAT_NAMES = {fmt: name for fmt, name, _ext in FORMATS}

#: Writes the bibliography: (path, format, overwrite) → None. Blocking; raises FileExistsRefused
#: when the file exists and overwrite is False, ExportError, CitationError or OSError.
Writer = Callable[[Path, str, bool], None]


@dataclass(frozen=True)
class Exported:
    """What the modal wrote (its result; None when the user cancelled)."""

    path: Path
    fmt: str
    replaced: bool


def resolve_path(text: str, base: Path) -> Path:
    """What the user typed as an absolute path: `~` expanded, relative to `base`."""
    path = Path(os.path.expanduser(text.strip()))
    return path if path.is_absolute() else base / path


def with_format(text: str, fmt: str) -> str:
    """The typed path with its extension made to match `fmt`, when it has one we know (or none)."""
    stripped = text.rstrip()
    if not stripped or stripped.endswith(("/", os.sep)):
        return text
    path = Path(stripped)
    if path.suffix and format_for_path(path) is None:
        return text  # an extension of the user's own ("refs.txt"): keep it
    if format_for_path(path) == fmt:
        return text
    return str(path.with_suffix(EXTENSION[fmt])) if path.suffix else stripped + EXTENSION[fmt]


class PathSuggester(Suggester):
    """Completes the last part of a path from what is in its folder (accept with → or end)."""

    def __init__(self, base: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(os.sep):
            return None
        head, sep, stem = value.rpartition(os.sep)
        folder = (resolve_path(head, self.base) if head else Path(os.sep)) if sep else self.base
        try:
            # A name with control or invisible characters (any file name is possible) is never
            # offered: the input would draw its escape sequences.
            names = sorted(entry.name + (os.sep if entry.is_dir() else "") for entry in os.scandir(folder)
                           if entry.name.startswith(stem) and not entry.name.startswith(".")
                           and display_path(entry.name) == entry.name)
        except OSError:
            return None
        for name in names:
            if name != stem:
                return value[: len(value) - len(stem)] + name
        return None


class ConfirmReplace(ModalScreen[bool]):
    """"PATH already exists. Replace it?": True only for an explicit yes (the default is no)."""

    AUTO_FOCUS = "#keep"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "Keep the file", id="keep-file"),
        Binding("y", "answer(True)", "Replace it", id="replace-file"),
    ]

    DEFAULT_CSS = """
    ConfirmReplace { align: center middle; }
    ConfirmReplace > Vertical { width: 80%; max-width: 90; height: auto; border: round $warning;
                                background: $panel; padding: 0 1; }
    ConfirmReplace #replace-question { margin: 1 0; }
    ConfirmReplace Horizontal { height: auto; align-horizontal: right; }
    ConfirmReplace Button { margin-left: 2; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Replace file?"
            question = Content(str(self.path)).stylize("bold") + Content(" already exists. Replace it?")
            yield Static(question, id="replace-question")
            with Horizontal():
                yield Button("Keep it (n)", id="keep", variant="primary")
                yield Button("Replace (y)", id="replace", variant="error")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "replace")

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)


class ExportBibliography(ModalScreen[Exported | None]):
    """Path (completed from the disk), format (follows the extension), Export / Cancel.

    The path box has the focus from the first frame (`AUTO_FOCUS`), its text selected, so a name
    typed straight after the key that opened the prompt replaces the suggestion."""

    AUTO_FOCUS = "#export-path"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel-export"),
    ]

    DEFAULT_CSS = """
    ExportBibliography { align: center middle; }
    ExportBibliography > Vertical { width: 90%; max-width: 100; height: auto; max-height: 100%;
                                    border: round $primary; background: $panel; padding: 0 1; }
    ExportBibliography #export-subject { max-height: 3; margin-bottom: 1; }
    ExportBibliography .label { color: $text-muted; }
    ExportBibliography #export-error { color: $text-error; height: auto; display: none; }
    ExportBibliography #export-error.-visible { display: block; }
    ExportBibliography #export-row { height: auto; }
    ExportBibliography #export-format { width: 28; }
    ExportBibliography #export-buttons { width: 1fr; height: auto; align-horizontal: right; }
    ExportBibliography Button { margin-left: 1; min-width: 10; }
    """

    @dataclass
    class Written(Message):
        """The worker wrote the file."""

        exported: Exported

    @dataclass
    class Failed(Message):
        """The worker could not write it (`reason` says why, for the prompt)."""

        reason: str

    def __init__(self, subject: str, initial: Path, write: Writer, base: Path | None = None) -> None:
        super().__init__()
        self.subject = subject
        """What is exported ("2 records in APA style"): shown as plain text."""
        self.initial = initial
        self.write = write
        self.base = base or Path.cwd()
        """Relative paths are taken from here (the folder repotui was started in)."""
        self.path_input = Input(str(initial), placeholder="references.docx", id="export-path",
                                suggester=PathSuggester(self.base))
        fmt = format_for_path(initial) or "docx"
        self.format_select: Select[str] = Select([(f"{name} ({ext})", f) for f, name, ext in FORMATS], allow_blank=False,
                                                 value=fmt, id="export-format")
        self.error = Static("", id="export-error")
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export bibliography"
            box.border_subtitle = "enter writes · escape cancels"
            yield Static(Content(self.subject), id="export-subject")
            yield Static("File (→ completes a name from the folder)", classes="label")
            yield self.path_input
            yield self.error
            yield Static("Format (follows the file's extension)", classes="label")
            with Horizontal(id="export-row"):
                yield self.format_select
                with Horizontal(id="export-buttons"):
                    yield Button("Cancel", id="export-cancel")
                    yield Button("Export", id="export-ok", variant="primary")

    # -- the path and the format follow each other ----------------------------------------------

    @on(Input.Changed, "#export-path")
    def path_changed(self, event: Input.Changed) -> None:
        self.show_error("")
        fmt = format_for_path(Path(event.value.strip()))
        if fmt is not None and self.format_select.value != fmt:
            self.format_select.value = fmt

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            text = self.path_input.value
            wanted = with_format(text, event.value)
            if wanted != text:
                self.path_input.value = wanted
                self.path_input.cursor_position = len(wanted)

    # -- writing --------------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def submit(self) -> None:
        if self.busy:
            return
        fmt = self.format_select.value
        text = self.path_input.value.strip()
        if not text:
            self.show_error("Type the name of the file to write.")
            return
        if not isinstance(fmt, str):
            return
        path = resolve_path(text, self.base)
        if not path.is_dir():
            path = resolve_path(with_format(text, fmt), self.base)  # "refs" → "refs.docx"
        if path.is_dir():
            self.show_error(f"{path} is a folder: add a file name, such as references{EXTENSION[fmt]}.")
            return
        if path.exists() or path.is_symlink():  # a link to nothing is a name that is taken too
            self.app.push_screen(ConfirmReplace(path), partial(self.replace_answered, path, fmt))
            return
        self.start(path, fmt, overwrite=False)

    def replace_answered(self, path: Path, fmt: str, replace: bool | None) -> None:
        if replace:
            self.start(path, fmt, overwrite=True)
        else:
            self.show_error(f"{path} was kept as it is. Choose another name, or export again to replace it.")
            self.set_focus(self.path_input)

    def start(self, path: Path, fmt: str, overwrite: bool) -> None:
        """Write in a thread (pandoc takes a moment for docx); the answer comes back as a message."""
        self.busy = True
        self.show_error("")
        self.query_one("#export-ok", Button).disabled = True
        self.query_one(Vertical).border_subtitle = f"writing {FORMAT_NAMES[fmt]}…"
        self.run_worker(partial(self._write, path, fmt, overwrite), thread=True, exclusive=True,
                        group="export", exit_on_error=False, description="export bibliography")

    def _write(self, path: Path, fmt: str, overwrite: bool) -> None:
        """In a thread: never touches a widget."""
        try:
            self.write(path, fmt, overwrite)
        except FileExistsRefused:
            self.post_message(self.Failed(f"{path} appeared meanwhile and was not replaced."))
        except (ExportError, CitationError) as exc:
            self.post_message(self.Failed(str(exc)))
        except OSError as exc:
            self.post_message(self.Failed(f"Cannot write {path}: {exc.strerror or exc}"))
        else:
            self.post_message(self.Written(Exported(path, fmt, overwrite)))

    @on(Written)
    def written(self, message: Written) -> None:
        self.dismiss(message.exported)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.busy = False
        self.query_one("#export-ok", Button).disabled = False
        self.query_one(Vertical).border_subtitle = "enter writes · escape cancels"
        self.show_error(message.reason)
        self.set_focus(self.path_input)

    def show_error(self, text: str) -> None:
        self.error.update(Content(text))
        self.error.set_class(bool(text), "-visible")

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        if not self.busy:  # a write under way finishes (it is atomic) and closes the prompt
            self.dismiss(None)
