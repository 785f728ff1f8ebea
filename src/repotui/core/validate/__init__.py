"""Turn one parsed YAML mapping into a Record, field by field, or say exactly what is wrong.

One module per group of fields: `names` (CSL names), `dates` (every date form), `repository`
(licence, dates, full text, files, source), `ref` (what the REF check needs), `record` (the
assembly and the CSL part). `base.FieldReader` gives them all line-numbered errors and cleaned text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from repotui.core.model import Record
from repotui.core.problems import RecordError
from repotui.core.validate.base import MAX_NODES, Lines, count_nodes
from repotui.core.validate.dates import parse_date
from repotui.core.validate.record import RecordBuilder
from repotui.core.validate.schema import (
    BLOCK_FIELDS,
    CSL_DATE_FIELDS,
    CSL_NAME_FIELDS,
    CSL_STRING_FIELDS,
    MAX_EXTRA_FIELDS,
    MAX_FILES,
    MAX_NAMES,
    REPOSITORY_FIELDS,
)

__all__ = [
    "BLOCK_FIELDS", "CSL_DATE_FIELDS", "CSL_NAME_FIELDS", "CSL_STRING_FIELDS", "MAX_EXTRA_FIELDS",
    "MAX_FILES", "MAX_NAMES", "MAX_NODES", "REPOSITORY_FIELDS", "Lines", "count_nodes", "parse_date",
    "validate",
]


def validate(data: Any, lines: Lines, path: Path, default_id: str,
             warn: Callable[[str, int | None], None] | None = None, nodes: int | None = None) -> Record:
    """Build a Record or raise RecordError; warnings go to `warn`. `nodes`: the values `data`
    expands to when the parser counted them already (else `count_nodes` walks it)."""
    if not isinstance(data, dict):
        kind = {"list": "a list", "str": "text", "NoneType": "empty"}.get(type(data).__name__, type(data).__name__)
        raise RecordError(f"a record must be a mapping of fields, not {kind}", 1)
    if (nodes if nodes is not None else count_nodes(data)) > MAX_NODES:
        raise RecordError(f"the record expands to more than {MAX_NODES:,} values (aliases?)", None)
    builder = RecordBuilder(data, lines, path)
    record = builder.build(default_id)
    if warn:
        for message, line in builder.warnings:
            warn(message, line)
    return record
