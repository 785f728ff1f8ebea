"""The style catalogue's cached index: names and titles of the ~10,800 bundled CSL styles.

Reading every style file for its title takes about a second; the index (one JSON file in the user
cache, ~0.9 MB) loads in ~15 ms. It is rebuilt when the styles package changes (its signature
differs) and written atomically, so a crash never leaves half an index.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from repotui.adapters.fs import atomic_write
from repotui.adapters.paths import cache_dir
from repotui.core.citation import styles


def index_path() -> Path:
    return cache_dir() / "styles-index.json"


def load_style_catalog(path: Path | None = None) -> bool:
    """Put the catalogue in memory: from the index when it is current, else by reading the style
    files and writing a new index. True when the index was used. Never raises for a bad cache."""
    if styles.catalog_loaded():
        return True
    path = path or index_path()
    signature = styles.catalog_signature()
    try:
        # Only a regular file is read: opening a FIFO left there would block this thread, and
        # the app waits for it at exit.
        rows = styles.catalog_from_index(path.read_text(encoding="utf-8"), signature) if path.is_file() else None
    except (OSError, UnicodeError):
        rows = None
    if rows is not None:
        styles.use_catalog(rows)
        return True
    rows = styles.scan_catalog()
    styles.use_catalog(rows)
    with contextlib.suppress(OSError):  # a read-only cache only costs the next start a second
        atomic_write(path, styles.catalog_index(rows, signature), overwrite=True)
    return False
