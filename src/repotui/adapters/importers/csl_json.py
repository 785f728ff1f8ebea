"""CSL-JSON and CSL-YAML: already our record shape, so mostly cleaning and date tidying.

A CSL-JSON file is a list of items (or one item); CSL-YAML is the same as YAML, either a list or
pandoc's `references:` mapping. Records exported by `repotui show --format json` read back too.
"""

from __future__ import annotations

from typing import Any

import yaml

from repotui.adapters.importers import common as c
from repotui.adapters.importers.base import ImportedRecord, ImportProblem, ImportResult
from repotui.adapters.importers.markup import strip_full_stop
from repotui.adapters.importers.names import normalise_csl_name
from repotui.adapters.importers.reading import content_start, decode_text, read_json, starts_like_json
from repotui.core.validate import BLOCK_FIELDS, CSL_DATE_FIELDS, CSL_NAME_FIELDS, parse_date
from repotui.core.yamlsafe import safe_load_all


def clean_tree(value: Any, key: str = "") -> Any:
    """Every string cleaned (paragraph fields keep their line breaks), containers walked."""
    if isinstance(value, str):
        return (c.block if key in BLOCK_FIELDS else c.text)(value)
    if isinstance(value, dict):
        return {str(k): clean_tree(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_tree(v, key) for v in value]
    return value


def map_csl_item(item: dict[str, Any], index: int) -> dict[str, Any]:
    """One CSL item as a record mapping: dates as `YYYY-MM-DD` text where CSL gave one date
    (ranges, seasons and circa stay CSL dates), run-together initials separated, no closing
    full stop on the title."""
    data = clean_tree(item)
    if isinstance(data.get("title"), str):
        data["title"] = strip_full_stop(data["title"])
    for key in CSL_NAME_FIELDS:
        if isinstance(data.get(key), list):
            data[key] = [normalise_csl_name(n) if isinstance(n, dict) else n for n in data[key]]
    for key in CSL_DATE_FIELDS:
        value = data.get(key)
        if isinstance(value, dict) and "date-parts" in value and (
                set(value) - {"date-parts"} or len(value["date-parts"] or []) > 1):
            continue  # a range, season or circa: kept as CSL wrote it (the validator checks it)
        if isinstance(value, dict) and "date-parts" in value:
            parsed = parse_date(value)
            if not isinstance(parsed, str):
                data[key] = parsed.iso()
        elif isinstance(value, dict) and "raw" in value and "literal" not in value:
            data[key] = c.iso_date(value["raw"]) or {"literal": value["raw"]}
    if not data.get("id"):
        data["id"] = f"item-{index + 1}"
    elif not isinstance(data["id"], str):
        data["id"] = str(data["id"])
    return c.prune(data)


def _items(loaded: Any) -> list[Any] | None:
    """The CSL items of a loaded document: a list, pandoc's `references:`, or one item."""
    references = loaded.get("references") if isinstance(loaded, dict) else None
    if isinstance(references, list):
        return references
    if isinstance(loaded, list):
        return loaded
    if isinstance(loaded, dict) and "title" in loaded:
        return [loaded]
    return None


def _result(items: list[Any] | None, source: str, name: str, result: ImportResult) -> ImportResult:
    if items is None:
        result.problems.append(ImportProblem(source, "expected a list of CSL items (or `references:`)", 1))
        return result
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            result.problems.append(ImportProblem(source, f"item {index + 1} is not an object; skipped"))
            continue
        result.records.append(ImportedRecord(map_csl_item(item, index), source, None, None))
    return result


class CslJsonImporter:
    name = "csl-json"

    def sniff(self, head: bytes) -> bool:
        return starts_like_json(head) and b'"eprintid"' not in head and (
            b'"type"' in head or b'"title"' in head)

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        read = read_json(data, source, result)
        return result if read is None else _result(_items(read.value), source, self.name, result)


class CslYamlImporter:
    name = "csl-yaml"

    def sniff(self, head: bytes) -> bool:
        return content_start(head).startswith((b"---", b"references:", b"- id:", b"- type:", b"- title:", b"id:"))

    def parse(self, data: bytes, source: str) -> ImportResult:
        result = ImportResult(format=self.name)
        text = decode_text(data, source, result)
        if text is None:
            return result
        try:
            docs = [d for d in safe_load_all(text) if d is not None]
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            result.problems.append(ImportProblem(source, f"YAML is not valid ({reason})",
                                                 mark.line + 1 if mark else None))
            return result
        except (RecursionError, ValueError, TypeError, MemoryError):
            result.problems.append(ImportProblem(source, "YAML could not be read"))
            return result
        items: list[Any] = []
        for doc in docs:
            found = _items(doc)
            if found is None:
                return _result(None, source, self.name, result)
            items.extend(found)
        return _result(items, source, self.name, result)
