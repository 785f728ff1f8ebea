"""Bytes → text → JSON for the importers: every failure is a located problem, never an exception."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from repotui.adapters.importers.base import ImportProblem, ImportResult


def content_start(head: bytes) -> bytes:
    """The first bytes after a UTF-8 BOM and white space, for sniffing a format."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def starts_like_json(head: bytes) -> bool:
    """An array or an object comes first."""
    return content_start(head)[:1] in (b"[", b"{")


def decode_text(data: bytes, source: str, result: ImportResult) -> str | None:
    """UTF-8 text (a BOM allowed) or a located problem."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.problems.append(ImportProblem(source, "not valid UTF-8 text", line))
        return None


@dataclass(frozen=True, slots=True)
class JsonSource:
    """A JSON source read: its text (to locate entries by line) and its value."""

    text: str
    value: Any


def read_json(data: bytes, source: str, result: ImportResult) -> JsonSource | None:
    """The parsed JSON, or None with a located problem. Hostile JSON (deep nesting, a number of
    thousands of digits that Python refuses to convert) is a problem, never an exception."""
    text = decode_text(data, source, result)
    if text is None:
        return None
    try:
        return JsonSource(text, json.loads(text))
    except json.JSONDecodeError as exc:
        result.problems.append(ImportProblem(source, f"JSON is not valid ({exc.msg})", exc.lineno))
    except RecursionError:
        result.problems.append(ImportProblem(source, "JSON is nested too deeply"))
    except ValueError:
        result.problems.append(ImportProblem(source, "JSON holds a number too large to read"))
    return None
