"""Problems found while reading records: reported with file and line, never raised at the user."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from repotui.core.text import display_path


class Severity(StrEnum):
    """An error skips the record; a warning drops only the unusable part."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """One thing wrong with one file, located as precisely as YAML lets us."""

    path: Path
    message: str
    line: int | None = None
    column: int | None = None
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        """`path:line` (or just the path), the form editors and `check` understand."""
        where = display_path(self.path)  # a file name may hold escape sequences too
        return f"{where}:{self.line}" if self.line else where

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.location()}: {prefix}{self.message}"


class RecordError(Exception):
    """A field that makes the record unusable; carries the YAML line of the offending node."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
