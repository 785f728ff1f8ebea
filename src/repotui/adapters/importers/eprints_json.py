"""EPrints JSON export: a list of eprint objects (or one object)."""

from __future__ import annotations

import json
import re
from typing import Any

from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.eprints_map import map_eprint_dict


def decode_text(data: bytes, source: str, result: ImportResult) -> str | None:
    """UTF-8 text (a BOM allowed) or a located problem."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        result.problems.append(ImportProblem(source, "not valid UTF-8 text", line))
        return None


#: What `load_json` returns when the text is not usable JSON (the problem is already recorded).
NOT_JSON = object()


def load_json(text: str, source: str, result: ImportResult) -> Any:
    """Parsed JSON, or NOT_JSON with a located problem. Hostile JSON (deep nesting, a number of
    thousands of digits that Python refuses to convert) is a problem, never an exception."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(ImportProblem(source, f"JSON is not valid ({exc.msg})", exc.lineno))
    except RecursionError:
        result.problems.append(ImportProblem(source, "JSON is nested too deeply"))
    except ValueError:
        result.problems.append(ImportProblem(source, "JSON holds a number too large to read"))
    return NOT_JSON


class EprintsJsonImporter:
    """`[{"eprintid": ..., "creators": [...], "documents": [...]}, ...]`."""

    name = "eprints-json"

    def sniff(self, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text[:1] in (b"[", b"{") and b'"eprintid"' in head

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        text = decode_text(data, source, result)
        if text is None:
            return result
        loaded = load_json(text, source, result)
        if loaded is NOT_JSON:
            return result
        items = loaded if isinstance(loaded, list) else [loaded]
        starts = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r'"eprintid"\s*:', text)]
        for index, item in enumerate(items):
            line = starts[index] if index < len(starts) else None
            if not isinstance(item, dict):
                result.problems.append(ImportProblem(source, f"entry {index + 1} is not an object; skipped", line))
                continue
            mapped = map_eprint_dict(item)
            if mapped is None:
                result.problems.append(ImportProblem(source, f"entry {index + 1} has no eprintid; skipped", line))
                continue
            result.records.append(ImportedRecord(mapped[0], source, line, mapped[1]))
        return result
