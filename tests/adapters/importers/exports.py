"""The exports the importer tests read: the real ones (tests/fixtures/exports) and the constructed
ones (tests/fixtures/exports/constructed), imported once per session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from repotui.adapters.importers.base import ImportedRecord
from repotui.adapters.importers.detect import read_source

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
EXPORTS = FIXTURES / "exports"
CONSTRUCTED = EXPORTS / "constructed"
EXPECTED = FIXTURES / "imports"

#: The repositories' own exports, as served (see /work/shared/data/README.md).
REAL_EXPORTS = tuple(sorted(p for p in EXPORTS.iterdir() if p.is_file() and p.suffix != ".md"))
#: Exports written by hand in the repositories' shapes (see constructed/README.md).
CONSTRUCTED_EXPORTS = tuple(sorted(p for p in CONSTRUCTED.iterdir() if p.is_file() and p.suffix != ".md"))
ALL_EXPORTS = REAL_EXPORTS + CONSTRUCTED_EXPORTS


def export_path(name: str) -> Path:
    """An export by file name, real or constructed."""
    for path in ALL_EXPORTS:
        if path.name == name:
            return path
    raise KeyError(name)


@cache
def imported(path: Path) -> dict[str, ImportedRecord]:
    """Every live record of an export by id (the export must read without problems)."""
    result = read_source(path)
    assert result.problems == [], [str(p) for p in result.problems]
    return {r.id: r for r in result.records if not r.deleted}
