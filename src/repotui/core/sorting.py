"""Sort orders for the record list: the values the index stores per record, and its ORDER BYs.

Dates sort newest first by default and titles/authors A→Z; a record without the sorted value
goes last in the default direction. Keys are plain ints and folded strings, so SQLite's ORDER BY
(binary collation) gives the same order Python would.
"""

from __future__ import annotations

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


#: Each sort as SQL over the index's columns (pub, dep, tkey, akey, rid): dates newest first,
#: ties broken by the next key and finally the id; a record without the sorted value goes last.
ORDER_SQL = {
    SortField.PUBLISHED: "pub DESC, tkey, rid",
    SortField.DEPOSITED: "dep DESC, pub DESC, tkey, rid",
    SortField.TITLE: "tkey, pub DESC, rid",
    SortField.AUTHOR: "akey = '', akey, pub DESC, rid",
}

