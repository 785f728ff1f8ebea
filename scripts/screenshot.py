"""Render docs/screenshot.svg from the real app on the shipped records (run after UI changes)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


async def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(REPOTUI_CONFIG=f"{tmp}/none.toml", REPOTUI_CACHE_DIR=f"{tmp}/cache",
                          REPOTUI_STATE_DIR=f"{tmp}/state")
        from repotui.tui.app import RepoApp

        os.chdir(REPO)
        app = RepoApp(Path("records"))
        async with app.run_test(size=(130, 38)) as pilot:
            while not (app.browser.loaded and app.browser.detail.record is not None):
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press("j", "j")
            await pilot.pause(0.3)
            app.save_screenshot(filename=target.name, path=str(target.parent))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshot.svg"
    asyncio.run(main(out.resolve()))
    print(f"wrote {out}")
