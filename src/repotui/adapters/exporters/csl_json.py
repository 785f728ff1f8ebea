"""CSL-JSON export: the records' CSL items (with abstracts and keywords) as a JSON array."""

from __future__ import annotations

import json
from collections.abc import Iterable

from repotui.core.citation.csl import record_to_csl
from repotui.core.model import Record


def to_csl_json(records: Iterable[Record]) -> str:
    """A JSON array of CSL items, UTF-8 text, ending in a newline; readable by pandoc and Zotero."""
    items = [record_to_csl(r, full=True) for r in records]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
