"""Values shared by the citation code: styled segments, a rendered citation, the engine protocol."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """Drop C0/C1 controls (ESC included): citation text goes to clipboards and terminals."""
    return _CONTROL.sub("", text.replace("\t", " ").replace("\n", " "))


class Segment(NamedTuple):
    """A run of citation text; `italic` says whether the style sets it in italics."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Citation:
    """One rendered reference: plain text for the clipboard, segments for styled display."""

    record_id: str
    style: str
    locale: str
    segments: tuple[Segment, ...]
    engine: str = "pandoc"

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


class CitationError(Exception):
    """A citation could not be made (unknown style, engine missing or failing); message says why."""


class UnknownStyle(CitationError):
    """No style of that name or path; `name` is what the user asked for."""

    def __init__(self, name: str, message: str | None = None) -> None:
        super().__init__(message or f"unknown citation style {name!r} (try `repotui styles WORD`)")
        self.name = name


#: One rendered entry from an engine: the CSL item id and its styled text.
EngineEntry = tuple[str, tuple[Segment, ...]]


class CitationEngine(Protocol):
    """A CSL processor. Each group is rendered as its own bibliography (no cross-talk between
    groups: no year suffixes, no "———" for repeated authors, numbering from 1); entries come
    back in the order the style sorts them. Implementations must be safe to call from threads."""

    name: str

    def render(self, groups: Sequence[Sequence[Mapping[str, Any]]], style: Path,
               locale: str) -> list[list[EngineEntry]]: ...
