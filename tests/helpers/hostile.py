"""Shared by the hostile tests: the folder generator and what "clean" means."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from types import ModuleType

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: Any C0/C1 control character (ESC, BEL, CSI 0x9b, OSC 0x9d...) and DEL; `\n` is checked apart.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
#: What text.py makes visible; none of these may reach a loaded string.
INVISIBLE = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
                       "\ufff9-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_hostile", FIXTURES / "make_hostile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_hostile = _load_generator()


def remove_deep(top: Path) -> None:
    """Delete a one-branch folder chain of any depth: shutil.rmtree (and pytest's tmp cleanup)
    recurse per level and fail with RecursionError on it."""
    chain = [top]
    while True:
        subs = [Path(e.path) for e in os.scandir(chain[-1]) if e.is_dir(follow_symlinks=False)]
        if not subs:
            break
        chain.append(subs[0])
    for folder in reversed(chain):
        for entry in os.scandir(folder):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        folder.rmdir()
