"""Render the README's screenshots from the real app (run after UI changes):

    python scripts/screenshot.py                 # docs/screenshot.svg: the browser on the shipped records
    python scripts/screenshot.py --ref-report    # docs/ref-report.svg: the REF report (R) on 3,000
                                                 # generated records (benchmarks/generate.py, seed 42)
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The REF report is judged on the generator's last day, so the picture does not change with the date.
REPORT_DAY = dt.date(2026, 11, 30)


async def browser(target: Path) -> None:
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


async def ref_report(target: Path, tmp: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    from repotui.adapters.paths import index_file
    from repotui.core.index import Library
    from repotui.tui.app import RepoApp
    from repotui.tui.screens.ref_report import RefReportScreen

    os.chdir(tmp)
    generate(3000, tmp / "repository")
    # Indexed first, as `repotui index` would: the app's own first build of 2,000+ files starts worker
    # processes, which fails inside Textual's test driver (fds_to_keep; issue 14).
    Library.open(Path("repository"), index_file(Path("repository"))).close()
    app = RepoApp(Path("repository"))
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.browser.loaded:
            await app.workers.wait_for_complete()
            await pilot.pause()
        if app.library is None:
            raise SystemExit(f"the index did not open: {app.browser.status_line.content}")
        app.library.today = lambda: REPORT_DAY
        await pilot.press("slash", *"year:2014..", "enter")
        while app.browser.searching.result is None or app.browser.searching.result.query.text != "year:2014..":
            await pilot.pause()
        await pilot.press("R")
        while not (isinstance(app.screen, RefReportScreen) and app.screen.report is not None):
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> None:
    report = "--ref-report" in sys.argv[1:]
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    default = REPO / "docs" / ("ref-report.svg" if report else "screenshot.svg")
    out = (Path(args[0]) if args else default).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(REPOTUI_CONFIG=f"{tmp}/none.toml", REPOTUI_CACHE_DIR=f"{tmp}/cache",
                          REPOTUI_STATE_DIR=f"{tmp}/state")
        asyncio.run(ref_report(out, Path(tmp)) if report else browser(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
