"""The index file's tables, and the values one record puts in them.

* ``files``: one row per record file (relative path, size, mtime_ns, record id, the columns
  filters and sorts need). ``active`` marks the file whose record owns its id: the first file
  in walk order, exactly as ``loader.load_records`` decides.
* ``problems``: each file's LoadProblems as JSON.
* ``recs``: the record as JSON (`codec`).
* ``fts``: a contentless FTS5 table (title, people, abstract, keywords, journal, doi) over
  folded text, so "orsted" finds "Ørsted". Contentless means a row is deleted by giving its
  old text back (`update.delete_words`).
* ``meta``: schema version, root, ``generation`` (bumped on every change, so two processes
  sharing the file notice each other) and ``complete`` (0 while an update is running).

A smaller file (FTS5 with external content, no second copy of the text; issue 15) starts here:
bump SCHEMA_VERSION and older files are rebuilt.
"""

from __future__ import annotations

from typing import Any

from repotui.core.index.codec import sql_text
from repotui.core.index.verdicts import REF_COLUMNS, REF_INDEX, ref_columns
from repotui.core.model import Record
from repotui.core.query import fast_fold, is_pdf_available, licence_key, normal_doi, search_fields, type_slug
from repotui.core.sorting import sort_keys

#: Bump when the tables, the JSON form or the folding change: older files are rebuilt.
#: 3: validation keeps licences as stated, particles and CSL date ranges, rich-text titles (issue 16).
#: 4: REF fields in the record JSON, REF verdict columns (issue 12).
SCHEMA_VERSION = 4

FTS_COLUMNS = ("title", "people", "abstract", "keywords", "journal", "doi")
"""The full-text columns, in the order `fts_texts` returns them."""
COLUMN_NAMES = ("type", "ltype", "tslug", "year", "pub", "dep", "tkey", "akey", "licence", "lic",
                "oa", "haspdf", "hasabs", "doi", *REF_COLUMNS)
"""The filter and sort columns of ``files``, in the order `filter_columns` returns them."""

SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE files(
  fid INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
  rid TEXT, active INTEGER NOT NULL DEFAULT 0,
  {", ".join(COLUMN_NAMES)});
CREATE TABLE problems(fid INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE INDEX files_losers ON files(rid) WHERE active = 0 AND rid IS NOT NULL;
CREATE INDEX files_rid ON files(rid);
CREATE INDEX files_by_published ON files(active, pub DESC, tkey, rid);
CREATE INDEX files_by_deposited ON files(active, dep DESC, pub DESC, tkey, rid);
CREATE INDEX files_by_title ON files(active, tkey, pub DESC, rid);
CREATE INDEX files_by_author ON files(active, akey = '', akey, pub DESC, rid);
{REF_INDEX}
CREATE TABLE recs(fid INTEGER PRIMARY KEY, json TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(FTS_COLUMNS)}, content='', columnsize=0,
  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');
"""


def fts_texts(record: Record) -> tuple[str, ...]:
    """The record's searchable texts, folded, in `FTS_COLUMNS` order."""
    return tuple(sql_text(fast_fold(t)) for t in search_fields(record))


def filter_columns(record: Record) -> tuple[Any, ...]:
    """The record's filter and sort values, in `COLUMN_NAMES` order; the REF verdicts are
    judged today (`verdicts` keeps them current)."""
    keys = sort_keys(record)
    lic = record.licence
    values = (record.type, record.type.lower(), type_slug(record.type),
              record.published.year if record.published else None,
              keys.published, keys.deposited, keys.title, keys.author,
              (lic.id or lic.name or lic.url or "") if lic else "", licence_key(record),
              int(record.is_open_access), int(is_pdf_available(record)), int(bool(record.abstract)),
              normal_doi(record.doi or ""))
    return (*(sql_text(v) if isinstance(v, str) else v for v in values), *ref_columns(record))
