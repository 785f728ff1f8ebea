"""EPrints JSON export: a list of eprint objects (or one object)."""

from __future__ import annotations

import re

from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.eprints_map import map_eprint_dict
from repotui.adapters.importers.reading import read_json, starts_like_json


class EprintsJsonImporter:
    """`[{"eprintid": ..., "creators": [...], "documents": [...]}, ...]`."""

    name = "eprints-json"

    def sniff(self, head: bytes) -> bool:
        return starts_like_json(head) and b'"eprintid"' in head

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        read = read_json(data, source, result)
        if read is None:
            return result
        items = read.value if isinstance(read.value, list) else [read.value]
        starts = [read.text.count("\n", 0, m.start()) + 1 for m in re.finditer(r'"eprintid"\s*:', read.text)]
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
