"""The on-disk index: parsed records and a full-text index in one SQLite file per records folder.

Why: parsing 100,000 YAML files takes tens of seconds; reading them back from SQLite takes a
fraction of that, and FTS5 answers a search in milliseconds. The index is a cache: it is
brought up to date on every open (only files whose size or mtime_ns changed are parsed again)
and rebuilt from scratch when it is missing, corrupt or from another schema version. The
caller chooses the file's path; core never looks up user folders.

`Library` is the one entry point; the modules, in the order a record travels through them:

* `repotui.core.walk` (outside this package, shared with the loader): which files, in what order.
* `update`: compare the folder with the file, parse what changed, store it, settle id owners.
* `pool`: parse many files in chunks, in worker processes when there are enough.
* `parse`: one file to its rows (`Parsed`), in a worker or in this thread.
* `codec`: records and problems as JSON; strings as SQLite keeps them.
* `schema`: the tables, and the filter/sort columns and search texts of a record.
* `store`: the file itself: per-thread connections, the rebuild check, reading problems back.
* `progress`: the progress callback and cancelling.
* `library`: the facade, its in-memory state and its locks.
* `search`: a Query to the matching file ids, with `fts` (word terms to FTS5) and `filters`
  (filter terms on in-memory sets, facet counts).
* `pages`: the hits in order, the first page before the rest; narrowing; cancelling.
* `results`: `SearchResult` and its lazy `IdList`.
"""

from __future__ import annotations

from repotui.core.index.codec import record_from_json, record_to_json
from repotui.core.index.library import Library
from repotui.core.index.pages import FIRST_PAGE, SearchCancelled
from repotui.core.index.pool import POOL_THRESHOLD
from repotui.core.index.progress import IndexCancelled, Progress
from repotui.core.index.results import IdList, SearchResult
from repotui.core.index.schema import SCHEMA_VERSION
from repotui.core.index.update import UpdateStats
from repotui.core.walk import walk_key, walk_records

__all__ = [
    "FIRST_PAGE",
    "POOL_THRESHOLD",
    "SCHEMA_VERSION",
    "IdList",
    "IndexCancelled",
    "Library",
    "Progress",
    "SearchCancelled",
    "SearchResult",
    "UpdateStats",
    "record_from_json",
    "record_to_json",
    "walk_key",
    "walk_records",
]
