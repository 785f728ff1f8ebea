"""The index file's tables, and the values one record puts in them.

* ``files``: one row per record file (relative path, size, mtime_ns, record id, the columns
  filters and sorts need). ``active`` marks the file whose record owns its id: the first file
  in walk order, exactly as ``loader.load_records`` decides.
* ``problems``: each file's LoadProblems as JSON.
* ``recs``: the record as zlib-compressed JSON (`codec.pack`, with the dictionary in ``meta``).
* ``fts``: a contentless FTS5 table (title, people, abstract, keywords, journal, doi) over
  folded text, so "orsted" finds "Ørsted": words, phrases and column filters. Contentless
  means a row is deleted by giving its old text back (`update.delete_words`), which the
  stored record provides: SQLite holds each text once.
* ``pfx``, ``pfx_title``, ``pfx_people``, ``pfx_journal``: the same words without positions
  or columns (``detail=none``), with prefix indexes of 1-3 characters, for the short prefix a
  user is typing (``c``, ``cy``, ``cyb``). Prefix indexes on ``fts`` itself tripled its size
  (positions for every prefix); a longer prefix is quick on ``fts`` without one.
* ``meta``: schema version, root, ``generation`` (bumped on every change, so two processes
  sharing the file notice each other), ``complete`` (0 while an update is running) and
  ``zdict`` (the compression dictionary).

Issue 15 shrank the file about threefold (schema 3): compressed records, no prefix indexes
with positions, no sort indexes but the default order's, no columns nothing reads.
"""

from __future__ import annotations

from typing import Any

from repotui.core.index.codec import sql_text
from repotui.core.index.verdicts import REF_COLUMNS, REF_INDEX, ref_columns
from repotui.core.model import Record
from repotui.core.query import fast_fold, is_pdf_available, normal_doi, search_fields
from repotui.core.sorting import sort_keys

#: Bump when the tables, the JSON form or the folding change: older files are rebuilt.
#: 3: validation keeps licences as stated, particles and CSL date ranges, rich-text titles (issue 16).
#: 4: REF fields in the record JSON, REF verdict columns (issue 12).
#: 5: compressed records, prefix tables, fewer columns and indexes (issues 14/15), with the REF columns.
SCHEMA_VERSION = 5

FTS_COLUMNS = ("title", "people", "abstract", "keywords", "journal", "doi")
"""The full-text columns, in the order `fts_texts` returns them."""
PREFIX_TABLES = {"pfx": FTS_COLUMNS, "pfx_title": ("title",), "pfx_people": ("people",),
                 "pfx_journal": ("journal",)}
"""Each prefix table and the full-text columns whose words it holds (in one column, `words`)."""
COLUMN_NAMES = ("type", "year", "pub", "dep", "tkey", "akey", "licence", "oa", "haspdf", "hasabs", "doi", *REF_COLUMNS)
"""The filter and sort columns of ``files``, in the order `filter_columns` returns them."""

_TOKENIZE = "tokenize='unicode61 remove_diacritics 2'"
SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value);
CREATE TABLE files(
  fid INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
  rid TEXT, active INTEGER NOT NULL DEFAULT 0,
  {", ".join(COLUMN_NAMES)});
CREATE TABLE problems(fid INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE INDEX files_losers ON files(rid) WHERE active = 0 AND rid IS NOT NULL;
CREATE INDEX files_rid ON files(rid);
CREATE INDEX files_by_published ON files(active, pub DESC, tkey, rid);
{REF_INDEX}
CREATE TABLE recs(fid INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(FTS_COLUMNS)}, content='', columnsize=0, {_TOKENIZE});
""" + "".join(f"CREATE VIRTUAL TABLE {table} USING fts5(words, content='', columnsize=0, detail=none, "
              f"{_TOKENIZE}, prefix='1 2 3');\n" for table in PREFIX_TABLES)


def prefix_texts(texts: tuple[str, ...]) -> tuple[str, ...]:
    """The `words` of each prefix table (in `PREFIX_TABLES` order) from a record's `fts_texts`."""
    by_column = dict(zip(FTS_COLUMNS, texts, strict=True))
    return tuple(" ".join(by_column[c] for c in columns if by_column[c]) for columns in PREFIX_TABLES.values())


def fts_texts(record: Record) -> tuple[str, ...]:
    """The record's searchable texts, folded, in `FTS_COLUMNS` order."""
    return tuple(sql_text(fast_fold(t)) for t in search_fields(record))


def filter_columns(record: Record) -> tuple[Any, ...]:
    """The record's filter and sort values, in `COLUMN_NAMES` order; the REF verdicts are
    judged today (`verdicts` keeps them current)."""
    keys = sort_keys(record)
    lic = record.licence
    values = (record.type, record.published.year if record.published else None,
              keys.published, keys.deposited, keys.title, keys.author,
              (lic.id or lic.name or lic.url or "") if lic else "",
              int(record.is_open_access), int(is_pdf_available(record)), int(bool(record.abstract)),
              normal_doi(record.doi or ""))
    return (*(sql_text(v) if isinstance(v, str) else v for v in values), *ref_columns(record))
