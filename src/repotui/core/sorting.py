"""Sort orders for the record list: one key tuple per record, shared by the index and plain lists.

Dates sort newest first by default and titles/authors A→Z; a record without the sorted value
goes last in the default direction. Keys are plain ints and folded strings so SQLite's ORDER BY
(binary collation) and Python's sort agree exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from repotui.core.model import DateKind, LabelledEnum, PartialDate, Record
from repotui.core.query import fast_fold


class SortField(LabelledEnum):
    """What the list can be sorted by, in the order the sort key cycles through them."""

    PUBLISHED = "published", "date published"
    DEPOSITED = "deposited", "date deposited"
    TITLE = "title", "title"
    AUTHOR = "author", "first author"

    @property
    def newest_first(self) -> bool:
        """Dates run newest first unless reversed; text runs A→Z."""
        return self in (SortField.PUBLISHED, SortField.DEPOSITED)

    def next(self) -> SortField:
        """The following sort in the cycle (the TUI's sort key)."""
        members = list(SortField)
        return members[(members.index(self) + 1) % len(members)]


_ALIASES = {"date": SortField.PUBLISHED, "year": SortField.PUBLISHED, "issued": SortField.PUBLISHED,
            "added": SortField.DEPOSITED, "deposit": SortField.DEPOSITED, "authors": SortField.AUTHOR}
DEFAULT_SORT = SortField.PUBLISHED


def parse_sort(text: str | SortField | None) -> SortField | None:
    """`published`, `deposited`, `title`, `author` (and a few aliases); None when unknown."""
    if isinstance(text, SortField):
        return text
    if not text:
        return DEFAULT_SORT
    low = text.strip().lower()
    try:
        return SortField(low)
    except ValueError:
        return _ALIASES.get(low)


def date_key(value: PartialDate | None) -> int:
    """YYYYMMDD as an int (month/day 0 when unknown); 0 for no date."""
    return value.year * 10000 + (value.month or 0) * 100 + (value.day or 0) if value else 0


@dataclass(frozen=True, slots=True)
class SortKeys:
    """The stored sort values of one record."""

    published: int
    deposited: int
    title: str
    author: str


def sort_keys(record: Record) -> SortKeys:
    first = record.authors[0] if record.authors else (record.editors[0] if record.editors else None)
    return SortKeys(
        published=date_key(record.published),
        deposited=date_key(record.date(DateKind.DEPOSITED)),
        title=fast_fold(record.title).lstrip(" \"'‘“([¿¡-"),
        author=fast_fold(first.sort_name()) if first else "",
    )


def order_key(keys: SortKeys, rid: str, field: SortField) -> tuple[object, ...]:
    """The full key for ascending sort; matches `ORDER_SQL` (negated dates run newest first)."""
    if field is SortField.PUBLISHED:
        return (-keys.published, keys.title, rid)
    if field is SortField.DEPOSITED:
        return (-keys.deposited, -keys.published, keys.title, rid)
    if field is SortField.TITLE:
        return (keys.title, -keys.published, rid)
    return (keys.author == "", keys.author, -keys.published, rid)


#: The same orders in SQL over the index's columns (pub, dep, tkey, akey, rid).
ORDER_SQL = {
    SortField.PUBLISHED: "pub DESC, tkey, rid",
    SortField.DEPOSITED: "dep DESC, pub DESC, tkey, rid",
    SortField.TITLE: "tkey, pub DESC, rid",
    SortField.AUTHOR: "akey = '', akey, pub DESC, rid",
}


def sort_records(records: Iterable[Record], field: SortField = DEFAULT_SORT,
                 reverse: bool = False) -> list[Record]:
    """A plain list sorted as the index would sort it (for small folders and tests)."""
    keyed = sorted(((order_key(sort_keys(r), r.id, field), r) for r in records), key=lambda kr: kr[0])
    out = [r for _k, r in keyed]
    return out[::-1] if reverse else out
