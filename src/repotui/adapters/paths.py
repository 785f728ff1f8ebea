"""Per-user folders (platformdirs), computed on call and created only when something is written."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "repotui"


def config_file() -> Path:
    """`REPOTUI_CONFIG`, else `<user config dir>/repotui/config.toml`."""
    override = os.environ.get("REPOTUI_CONFIG")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP)) / "config.toml"


def cache_dir() -> Path:
    """`REPOTUI_CACHE_DIR`, else the platform's user cache folder (downloads, index)."""
    override = os.environ.get("REPOTUI_CACHE_DIR")
    return Path(override).expanduser() if override else Path(platformdirs.user_cache_dir(APP))


def state_file() -> Path:
    """Small remembered choices (style, sort): `REPOTUI_STATE_DIR` or the user state folder."""
    override = os.environ.get("REPOTUI_STATE_DIR")
    base = Path(override).expanduser() if override else Path(platformdirs.user_state_dir(APP))
    return base / "state.json"


def index_file(records_dir: Path) -> Path:
    """The SQLite index of one records folder: `<cache>/index/<sha256 of its resolved path>.sqlite`."""
    import hashlib

    key = hashlib.sha256(str(Path(records_dir).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return cache_dir() / "index" / f"{key}.sqlite"
